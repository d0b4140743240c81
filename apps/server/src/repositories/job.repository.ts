import { sql } from 'kysely';
import type { JobRow } from '../db/schema-email.ts';
import { type Executor, json } from './executor.ts';

export interface NewJob {
  id: string;
  workspaceId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  /**
   * At most one job per (kind, key) while its row is kept: a second enqueue with the same key
   * is a no-op. Finished jobs are deleted after JOB_RETENTION_DAYS (job-retention.ts), so a key
   * guards against doubles in that window; handlers stay safe to run twice.
   */
  idempotencyKey?: string | null;
  runAt: Date;
  maxAttempts?: number;
}

/** The jobs table: enqueue inside the writer's transaction, claim with SKIP LOCKED. */
export class JobRepository {
  constructor(private readonly db: Executor) {}

  /** Returns false when a job with the same kind and idempotency key already exists. */
  async enqueue(job: NewJob): Promise<boolean> {
    const result = await this.db
      .insertInto('jobs')
      .values({
        id: job.id,
        workspace_id: job.workspaceId,
        kind: job.kind,
        payload: json(job.payload),
        idempotency_key: job.idempotencyKey ?? null,
        run_at: job.runAt,
        ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
        created_at: job.runAt,
        updated_at: job.runAt,
      })
      .onConflict((oc) =>
        oc
          .columns(['kind', 'idempotency_key'])
          .where('idempotency_key', 'is not', null)
          .doNothing(),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Takes up to `limit` due jobs: queued ones whose time has come, and running ones whose lease
   * ran out (their worker died). SKIP LOCKED lets several workers claim side by side.
   */
  async claim(now: Date, leaseUntil: Date, limit: number, kinds: string[]): Promise<JobRow[]> {
    if (kinds.length === 0) return [];
    const result = await sql<JobRow>`
      update jobs set status = 'running', attempts = attempts + 1, locked_until = ${leaseUntil},
        updated_at = ${now}
      where id in (
        select id from jobs
        where kind in (${sql.join(kinds)})
          and ((status = 'queued' and run_at <= ${now})
            or (status = 'running' and locked_until <= ${now}))
        order by run_at, id
        limit ${limit}
        for update skip locked
      )
      returning *`.execute(this.db);
    return result.rows.sort((a, b) => +new Date(a.run_at) - +new Date(b.run_at));
  }

  async complete(id: string, now: Date) {
    await this.db
      .updateTable('jobs')
      .set({ status: 'done', locked_until: null, last_error: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Back to the queue for another try at `runAt`, or failed for good when `runAt` is null. */
  async release(id: string, error: string, runAt: Date | null, now: Date) {
    await this.db
      .updateTable('jobs')
      .set({
        status: runAt ? 'queued' : 'failed',
        ...(runAt ? { run_at: runAt } : {}),
        locked_until: null,
        last_error: error.slice(0, 2000),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Runs the job again at `runAt` without counting this run as an attempt (a held mail). */
  async defer(id: string, runAt: Date, now: Date) {
    await this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'queued',
        run_at: runAt,
        attempts: eb('attempts', '-', 1),
        locked_until: null,
        updated_at: now,
      }))
      .where('id', '=', id)
      .execute();
  }

  find(kind: string, idempotencyKey: string) {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', kind)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
  }

  /**
   * Deletes up to `limit` of the oldest finished jobs: done ones last touched before
   * `doneBefore`, failed ones before `failedBefore`. Returns how many went.
   */
  async purgeFinished(doneBefore: Date, failedBefore: Date, limit: number): Promise<number> {
    const result = await sql`
      delete from jobs where id in (
        select id from jobs
        where status in ('done', 'failed')
          and updated_at < greatest(${doneBefore}::timestamptz, ${failedBefore}::timestamptz)
          and ((status = 'done' and updated_at < ${doneBefore})
            or (status = 'failed' and updated_at < ${failedBefore}))
        order by updated_at
        limit ${limit})`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  /** The earliest time a queued job is due (the worker sleeps until then at most). */
  async nextRunAt(): Promise<Date | null> {
    const row = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min('run_at').as('next'))
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return row?.next ? new Date(row.next) : null;
  }
}
