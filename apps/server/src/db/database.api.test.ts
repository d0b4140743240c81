import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { freshPostgresUrl } from '../test/databases.ts';
import { openDatabase } from './database.ts';

// A pooled connection the server closes while it sits idle (PostgreSQL restarted, a DBA's
// pg_terminate_backend, a forced drop) must not end the process: pg reports it as an 'error'
// event on the pool, which Node throws when nobody listens.
describe.runIf(process.env.TEST_DATABASE_URL)('a PostgreSQL pool', () => {
  it('survives an idle connection being terminated and opens another', async () => {
    const heard: Error[] = [];
    const database = await openDatabase(
      { kind: 'postgres', url: await freshPostgresUrl(), poolSize: 2 },
      (error) => heard.push(error),
    );
    try {
      const first = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      const pid = first.rows[0]!.pid;
      await sql`select pg_terminate_backend(${pid})`.execute(database.priority);
      await expect.poll(() => heard.length).toBe(1);
      expect((heard[0] as Error & { code?: string }).code).toBe('57P01');
      const next = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
      expect(next.rows[0]!.pid).not.toBe(pid);
    } finally {
      await database.close();
    }
  });
});
