import type { JobRow } from '../../db/schema-email.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { Clock } from '../../lib/clock.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { ProcessCrash } from './failpoints.ts';

/** What a job handler may answer: nothing (done), or "run me again then" (not a failure). */
export type JobOutcome = void | { deferUntil: Date };

export interface JobHandler {
  kind: string;
  run(job: JobRow): Promise<JobOutcome>;
}

/** A failure that retrying cannot fix (a refused address, a missing row): fail at once. */
export class PermanentJobError extends Error {}

/** Waits between tries: 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, then daily. */
const backoffMs = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000];
export const retryDelay = (attempt: number) => backoffMs[attempt - 1] ?? 86_400_000;

export interface JobLog {
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

/**
 * Runs due jobs. Each claimed job runs to completion, is retried with back-off, or fails for
 * good after its last attempt; its lease (`leaseMs`) is how long a dead worker keeps it.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;

  constructor(
    private readonly deps: { uow: UnitOfWork; clock: Clock; ids: IdGenerator; log?: JobLog },
    private readonly options: {
      leaseMs?: number;
      batch?: number;
      pollMs?: number;
      /** Jobs run side by side (each in its own transactions); 1 runs them one at a time. */
      concurrency?: number;
    } = {},
  ) {}

  register(handler: JobHandler) {
    this.handlers.set(handler.kind, handler);
  }

  /** Enqueues a job outside any other transaction (most callers enqueue in their own). */
  enqueue(input: {
    kind: string;
    workspaceId: string | null;
    payload: Record<string, unknown>;
    idempotencyKey?: string;
    runAt?: Date;
  }) {
    const runAt = input.runAt ?? this.deps.clock.now();
    return this.deps.uow
      .transaction(({ repos }) => repos.jobs.enqueue({ ...input, id: this.deps.ids(), runAt }))
      .finally(() => this.wake());
  }

  /** Claims and runs one batch of due jobs, up to `concurrency` at a time; returns how many ran. */
  async runDue(): Promise<number> {
    const jobs = await this.claim();
    await this.pipeline(jobs, () => Promise.resolve([]));
    return jobs.length;
  }

  /**
   * Runs jobs until nothing is due (tests and shutdown use it), at most `maxClaims` claims.
   * `concurrency` jobs run side by side: the next batch is claimed as soon as the buffer is
   * empty, not when the slowest job of the last batch ends.
   */
  async drain(maxClaims = 100): Promise<void> {
    let claims = 0;
    await this.pipeline([], async () => {
      if (claims >= maxClaims) return [];
      claims += 1;
      return this.claim();
    });
  }

  private claim(): Promise<JobRow[]> {
    const now = this.deps.clock.now();
    const lease = new Date(now.getTime() + (this.options.leaseMs ?? 300_000));
    const batch = Math.max(this.options.batch ?? 20, this.concurrency);
    return this.deps.uow.transaction(({ repos }) =>
      repos.jobs.claim(now, lease, batch, [...this.handlers.keys()]),
    );
  }

  private get concurrency() {
    return Math.max(1, this.options.concurrency ?? 1);
  }

  /**
   * Workers take jobs from `buffer`; when it is empty one of them asks `more` (the others wait
   * for the same answer). An empty answer ends the run only once no job is running, since a
   * running job may enqueue another (a processed mail queues its acknowledgement). A simulated
   * crash stops every worker from taking another job, as a killed process would.
   */
  private async pipeline(buffer: JobRow[], more: () => Promise<JobRow[]>) {
    // A claim that started before a job finished may have missed what that job enqueued, so
    // "nothing due" counts only from a claim that began after the last job ended.
    let refill: Promise<{ found: boolean; finishedBefore: number }> | null = null;
    let exhausted = false;
    let crashed = false;
    let running = 0;
    let finishedJobs = 0;
    let finished: Array<() => void> = [];
    const claimMore = () => {
      const finishedBefore = finishedJobs;
      return more()
        .then((jobs) => {
          buffer.push(...jobs);
          return { found: jobs.length > 0, finishedBefore };
        })
        .finally(() => {
          refill = null;
        });
    };
    const next = async (): Promise<JobRow | undefined> => {
      for (;;) {
        if (crashed || exhausted) return undefined;
        const job = buffer.shift();
        if (job) return job;
        refill ??= claimMore();
        const { found, finishedBefore } = await refill;
        if (found || finishedBefore !== finishedJobs) continue;
        if (running === 0) exhausted = true;
        else await new Promise<void>((resolve) => finished.push(resolve));
      }
    };
    const worker = async () => {
      for (let job = await next(); job; job = await next()) {
        running += 1;
        try {
          await this.runOne(job);
        } catch (error) {
          crashed = true;
          throw error;
        } finally {
          running -= 1;
          finishedJobs += 1;
          const waiting = finished;
          finished = [];
          for (const resolve of waiting) resolve();
        }
      }
    };
    const results = await Promise.allSettled(
      Array.from({ length: this.concurrency }, () => worker()),
    );
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async runOne(job: JobRow) {
    const handler = this.handlers.get(job.kind)!;
    try {
      const outcome = await handler.run(job);
      const now = this.deps.clock.now();
      // One statement each, atomic without a transaction of its own.
      await this.deps.uow.read((repos) =>
        outcome
          ? repos.jobs.defer(job.id, outcome.deferUntil, now)
          : repos.jobs.complete(job.id, now),
      );
    } catch (error) {
      if (error instanceof ProcessCrash) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentJobError || job.attempts >= job.max_attempts;
      const now = this.deps.clock.now();
      const runAt = permanent ? null : new Date(now.getTime() + retryDelay(job.attempts));
      this.deps.log?.[permanent ? 'error' : 'warn'](
        { err: error, jobId: job.id, kind: job.kind, attempt: job.attempts },
        permanent ? 'job failed for good' : 'job failed; will retry',
      );
      await this.deps.uow.read((repos) => repos.jobs.release(job.id, message, runAt, now));
    }
  }

  /** Starts polling: every `pollMs`, and at once after `wake()`. */
  start() {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks a started runner to look for due jobs now (after an enqueue commits). */
  wake() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain()
        .catch((error: unknown) => this.deps.log?.error({ err: error }, 'job round failed'))
        .finally(() => {
          this.running = null;
          if (this.stopped) return;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : (this.options.pollMs ?? 1000));
        });
    }, delayMs);
    this.timer.unref();
  }
}
