// Starts and stops the extra worker processes of the inbound-mail benchmark (email-worker.ts).
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'email-worker.ts');

export type WorkerProcess = ChildProcess;

/** Forks `count` worker processes with `env` added and waits until each is ready. */
export async function startWorkers(count: number, env: Record<string, string>) {
  const started = Array.from({ length: count }, () => {
    const child = fork(entry, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env },
    });
    return new Promise<WorkerProcess>((resolve, reject) => {
      child.once('message', (message) => {
        if (message === 'ready') resolve(child);
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`mail worker exited with code ${code}`)));
    });
  });
  return Promise.all(started);
}

/** Stops the workers; returns every job time they measured and the CPU they used (µs). */
export async function stopWorkers(workers: WorkerProcess[]) {
  const reports = await Promise.all(
    workers.map(
      (child) =>
        new Promise<{ durations: number[]; cpuMicros: number }>((resolve, reject) => {
          child.once('message', (message) =>
            resolve(message as { durations: number[]; cpuMicros: number }),
          );
          child.once('error', reject);
          child.send('stop');
        }),
    ),
  );
  return {
    durations: reports.flatMap((r) => r.durations),
    cpuMicros: reports.reduce((sum, r) => sum + r.cpuMicros, 0),
  };
}
