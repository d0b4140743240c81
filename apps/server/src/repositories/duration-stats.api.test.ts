import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { databaseKinds, freshDatabase } from '../test/databases.ts';
import { packDurations } from './analytics-report.repository.ts';
import { durationAggregate, unpackDurations } from './duration-stats.ts';

/** Sets of durations with what makes percentiles and means hard: ties, halves, one value. */
function samples(): number[][] {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const sets: number[][] = [[42], [1, 2], [3, 1, 2, 2], [0, 0, 0, 5], [5, 6]];
  for (const size of [7, 10, 11, 100, 1001, 5000]) {
    sets.push(Array.from({ length: size }, () => Math.floor(random() * 86_400_000)));
    // Many ties: durations rounded to whole minutes.
    sets.push(Array.from({ length: size }, () => Math.floor(random() * 30) * 60_000));
  }
  // Sorted and reversed input, and values beyond 2^32 (a year and more, in ms).
  sets.push(Array.from({ length: 999 }, (_, i) => i * 1000));
  sets.push(Array.from({ length: 999 }, (_, i) => (999 - i) * 1000));
  sets.push([40_000_000_000, 4_294_967_296, 4_294_967_297, 120_000_000_000]);
  // Both sides of the 4-byte form's limit, and a negative value (never expected; still exact).
  sets.push([2_147_483_646, 2_147_483_647, 2_147_483_648, 0, -5, 7]);
  return sets;
}

describe.each(databaseKinds)('durations selected in Node on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(kind);
  });
  afterAll(() => database.close());

  it('equal PostgreSQL’s round(avg) and percentile_cont for every set', async () => {
    for (const values of samples()) {
      // Packed by the report statements' own SQL.
      const { rows } = await sql<{ packed: string; mean: number; pct: number[] }>`
        select ${packDurations(sql`x`, sql`true`)} as packed, round(avg(x))::float8 as mean,
          percentile_cont(array[0.5, 0.9]::float8[]) within group (order by x) as pct
        from unnest(${values}::bigint[]) x`.execute(database.db);
      const row = rows[0]!;
      const decoded = unpackDurations([row.packed]).all;
      expect([...decoded].sort((x, y) => x - y)).toEqual([...values].sort((x, y) => x - y));
      expect(durationAggregate(decoded), `${values.length} values`).toEqual({
        count: values.length,
        mean: row.mean,
        pct: row.pct.map(Number),
      });
    }
  });

  it('reads no values as none, and joins parts for a total', async () => {
    const { rows } = await sql<{ none: string | null }>`
      select ${packDurations(sql`x`, sql`true`)} as none
      from unnest('{}'::bigint[]) x`.execute(database.db);
    expect(rows[0]!.none).toBeNull();
    expect(unpackDurations([rows[0]!.none, '']).all).toHaveLength(0);
    expect(durationAggregate(new Float64Array(0))).toEqual({ count: 0, mean: null, pct: null });
    // Each key's values are a view of one array that holds them all, for the total.
    const pack = (values: number[]) => {
      const bytes = Buffer.alloc(values.length * 4);
      values.forEach((v, i) => bytes.writeInt32BE(v, i * 4));
      return bytes.toString('base64');
    };
    const { parts, all } = unpackDurations([pack([3, 1]), null, pack([2])]);
    expect(parts.map((p) => [...p])).toEqual([[3, 1], [], [2]]);
    expect(durationAggregate(parts[0]!)).toEqual({ count: 2, mean: 2, pct: [2, 2.8] });
    expect(durationAggregate(all)).toEqual({ count: 3, mean: 2, pct: [2, 2.8] });
  });
});
