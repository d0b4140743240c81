import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { startTestKefu } from '../../test/harness.ts';
import { JobRetention, jobPurgeEveryMs, jobPurgeKind } from './job-retention.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('finished jobs past their retention on %s', (kind) => {
  let kefu: Kefu;
  beforeAll(async () => {
    kefu = await startTestKefu(
      kind,
      { JOB_RETENTION_DAYS: '7', FAILED_JOB_RETENTION_DAYS: '30' },
      { jobs: 'manual' },
    );
  });
  afterAll(async () => {
    await kefu.close();
  });

  /** A job row as the runner leaves it, last touched `daysAgo` days ago. */
  const row = (
    label: string,
    status: 'queued' | 'running' | 'done' | 'failed',
    daysAgo: number,
    key: string | null = null,
  ) => {
    const at = new Date(Date.now() - daysAgo * DAY);
    return {
      id: uuidv7(),
      workspace_id: null,
      kind: 'test.kept',
      payload: JSON.stringify({ label }),
      idempotency_key: key,
      status,
      run_at: at,
      created_at: at,
      updated_at: at,
    };
  };
  const labels = async () =>
    (
      await kefu.database.db
        .selectFrom('jobs')
        .select(sql<string>`payload->>'label'`.as('label'))
        .where('kind', '=', 'test.kept')
        .execute()
    )
      .map((r) => r.label)
      .sort();

  it('deletes done jobs after 7 days and failed ones after 30, never queued or running ones', async () => {
    await kefu.database.db
      .insertInto('jobs')
      .values([
        row('done 8 days', 'done', 8, 'once'),
        row('done 6 days', 'done', 6),
        row('failed 8 days', 'failed', 8),
        row('failed 31 days', 'failed', 31),
        row('queued 100 days', 'queued', 100),
        row('running 100 days', 'running', 100),
      ])
      .execute();
    // 12,000 more done jobs, so the purge takes several batches of 5,000.
    await sql`insert into jobs (id, kind, payload, status, run_at, created_at, updated_at)
      select gen_random_uuid(), 'test.bulk', '{}', 'done', now() - interval '9 days',
        now() - interval '9 days', now() - interval '9 days'
      from generate_series(1, 12000)`.execute(kefu.database.db);

    await kefu.jobs.enqueue({ kind: jobPurgeKind, workspaceId: null, payload: {} });
    await kefu.jobs.drain();

    expect(await labels()).toEqual([
      'done 6 days',
      'failed 8 days',
      'queued 100 days',
      'running 100 days',
    ]);
    const bulk = await kefu.database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'test.bulk')
      .executeTakeFirstOrThrow();
    expect(Number(bulk.n)).toBe(0);
    // The purge's own row is done and recent: kept until its turn.
    const own = await kefu.database.db
      .selectFrom('jobs')
      .select('status')
      .where('kind', '=', jobPurgeKind)
      .execute();
    expect(own.map((r) => r.status)).toEqual(['done']);
    // A key frees up with its row: the same key can be queued again.
    expect(
      await kefu.jobs.enqueue({
        kind: 'test.kept',
        workspaceId: null,
        payload: { label: 'again' },
        idempotencyKey: 'once',
      }),
    ).toBe(true);
  });

  it('queues one purge an hour, however many nodes ask', async () => {
    const at = new Date('2026-12-06T10:15:00Z');
    const retention = new JobRetention(
      // Queueing reads only the clock.
      { uow: kefu.database as never, clock: { now: () => at } },
      { doneDays: 7, failedDays: 30 },
    );
    await retention.schedule(kefu.jobs);
    await retention.schedule(kefu.jobs);
    const slot = Math.floor(at.getTime() / jobPurgeEveryMs);
    const queued = await kefu.database.db
      .selectFrom('jobs')
      .select('idempotency_key')
      .where('kind', '=', jobPurgeKind)
      .where('status', '=', 'queued')
      .execute();
    expect(queued.map((r) => r.idempotency_key)).toEqual([`slot:${slot}`]);
  });
});
