import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { startTestKefu } from '../../test/harness.ts';
import { ProcessCrash } from './failpoints.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databaseKinds)('the job runner on %s', (kind) => {
  let kefu: Kefu;
  beforeAll(async () => {
    kefu = await startTestKefu(kind, { JOB_CONCURRENCY: '3' }, { jobs: 'manual' });
  });
  afterAll(async () => {
    await kefu.close();
  });

  const enqueue = (kindName: string, n: number) =>
    kefu.jobs.enqueue({ kind: kindName, workspaceId: null, payload: { n } });

  it('runs JOB_CONCURRENCY jobs side by side and every job exactly once', async () => {
    let running = 0;
    let most = 0;
    const ran: number[] = [];
    kefu.jobs.register({
      kind: 'test.slow',
      run: async (job) => {
        running += 1;
        most = Math.max(most, running);
        await sleep(30);
        ran.push(Number(job.payload.n));
        running -= 1;
      },
    });
    for (let n = 0; n < 10; n += 1) await enqueue('test.slow', n);
    await kefu.jobs.drain();
    expect(most).toBe(3);
    expect(ran.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const left = await kefu.database.db
      .selectFrom('jobs')
      .select(['status'])
      .where('kind', '=', 'test.slow')
      .where('status', '!=', 'done')
      .execute();
    expect(left).toEqual([]);
  });

  it('keeps draining while a running job enqueues the next one', async () => {
    const ran: string[] = [];
    kefu.jobs.register({
      kind: 'test.first',
      run: async () => {
        // The follow-up is committed while the other workers already found the queue empty.
        await sleep(40);
        await enqueue('test.second', 1);
        ran.push('first');
      },
    });
    kefu.jobs.register({ kind: 'test.second', run: async () => void ran.push('second') });
    await enqueue('test.first', 1);
    await kefu.jobs.drain();
    expect(ran).toEqual(['first', 'second']);
  });

  it('stops taking jobs after a simulated crash, leaving the rest queued', async () => {
    const ran: number[] = [];
    kefu.jobs.register({
      kind: 'test.crash',
      run: async (job) => {
        const n = Number(job.payload.n);
        if (n === 0) throw new ProcessCrash('test');
        await sleep(20);
        ran.push(n);
      },
    });
    for (let n = 0; n < 12; n += 1) await enqueue('test.crash', n);
    await expect(kefu.jobs.drain()).rejects.toBeInstanceOf(ProcessCrash);
    // Jobs already running finish; nothing new starts after the crash.
    expect(ran.length).toBeLessThanOrEqual(2);
    const queued = await kefu.database.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'test.crash')
      .where('status', '!=', 'done')
      .execute();
    expect(queued.length).toBeGreaterThanOrEqual(12 - 2);
  });
});
