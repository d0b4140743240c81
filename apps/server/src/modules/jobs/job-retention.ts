import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { Clock } from '../../lib/clock.ts';
import type { JobHandler, JobRunner } from './job-runner.ts';

export const jobPurgeKind = 'jobs.purge';
/** How often the scheduler queues a purge (once per hour across every node). */
export const jobPurgeEveryMs = 60 * 60_000;
/** Rows one statement deletes, and the most statements one purge runs (the next hour goes on). */
const batchSize = 5_000;
const maxBatches = 40;
const DAY = 86_400_000;

export interface JobRetentionOptions {
  /** Days a done job is kept: its idempotency key guards against doubles that long. */
  doneDays: number;
  /** Days a failed job is kept, with its last error, for whoever looks into it. */
  failedDays: number;
}

/**
 * Deletes finished jobs after their retention, so the jobs table holds the queue and recent
 * history rather than every mail, clock and check ever run (SLA clocks alone queue up to two
 * jobs per running clock). Every handler is safe to run twice (each guards its own work), so
 * a key that outlives its job's row costs nothing. Each batch is its own short statement.
 */
export class JobRetention {
  constructor(
    private readonly deps: { uow: UnitOfWork; clock: Clock },
    private readonly options: JobRetentionOptions,
  ) {}

  handler(): JobHandler {
    return { kind: jobPurgeKind, run: async () => void (await this.purge()) };
  }

  /** Queues the purge of the current hour (one per hour however many nodes ask). */
  schedule(jobs: Pick<JobRunner, 'enqueue'>) {
    const slot = Math.floor(this.deps.clock.now().getTime() / jobPurgeEveryMs);
    return jobs.enqueue({
      kind: jobPurgeKind,
      workspaceId: null,
      payload: { slot },
      idempotencyKey: `slot:${slot}`,
    });
  }

  /** Deletes what is past its retention, oldest first; returns how many jobs went. */
  async purge(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    const doneBefore = new Date(now - this.options.doneDays * DAY);
    const failedBefore = new Date(now - this.options.failedDays * DAY);
    let purged = 0;
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const deleted = await this.deps.uow.transaction(({ repos }) =>
        repos.jobs.purgeFinished(doneBefore, failedBefore, batchSize),
      );
      purged += deleted;
      if (deleted < batchSize) break;
    }
    return purged;
  }
}
