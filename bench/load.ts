// HTTP load with autocannon, run in a worker thread so the load generator does not share an
// event loop with the Kefu server it measures. Latency is recorded per response (2xx only) and
// summarised here, because autocannon's own histogram has no p95 and, at a fixed rate, mixes in
// synthetic samples for coordinated omission.
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

export interface LoadSpec {
  name: string;
  /** Base address, e.g. http://127.0.0.1:41234 */
  url: string;
  method: 'GET' | 'POST';
  /** Request paths, taken in turn across all connections. */
  paths: string[];
  /** Request bodies, taken in turn. */
  bodies?: string[];
  headers: Record<string, string>;
  connections: number;
  durationSec: number;
  /** A fixed overall rate in requests per second (autocannon's overallRate). */
  rate?: number;
  /**
   * With a rate: split it over this many autocannon instances (connections split likewise),
   * started evenly over one second. autocannon spends each connection's per-second budget
   * back to back at the start of every second, so one instance sends its whole rate in a burst;
   * staggered instances turn that into an even stream of arrivals.
   */
  instances?: number;
}

export interface Latency {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  name: string;
  connections: number;
  rate: number | null;
  instances: number;
  durationSec: number;
  wallSec: number;
  responses: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** 2xx responses per second. */
  throughput: number;
  latencyMs: Latency;
}

/** Percentiles of a list of milliseconds (nearest rank), rounded to 0.01 ms. */
export function summarise(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) =>
    sorted.length === 0
      ? 0
      : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (v: number) => Math.round(v * 100) / 100;
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  return {
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : 0),
    mean: round(sorted.length ? sum / sorted.length : 0),
  };
}

/** Runs one load phase in a fresh worker thread and returns its summary. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  // Workers do not inherit tsx's loader: boot them through tsx's API.
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import { tsImport } from ${JSON.stringify(api)};
    await tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData: { benchLoad: spec },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with code ${code}`));
    });
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function generate(spec: LoadSpec): Promise<LoadResult> {
  let nextPath = 0;
  let nextBody = 0;
  const samples: number[] = [];
  const statusCodes: Record<string, number> = {};
  const instances = spec.rate ? Math.max(1, Math.min(spec.instances ?? 1, spec.rate)) : 1;
  const connectionsEach = Math.max(1, Math.round(spec.connections / instances));
  const totals = { errors: 0, timeouts: 0, non2xx: 0 };

  const runOne = (rate: number | undefined) =>
    new Promise<void>((resolve, reject) => {
      const instance = autocannon(
        {
          url: spec.url,
          connections: connectionsEach,
          duration: spec.durationSec,
          headers: spec.headers,
          method: spec.method,
          ...(rate ? { overallRate: rate, ignoreCoordinatedOmission: true } : {}),
          requests: [
            {
              method: spec.method,
              setupRequest: (request) => ({
                ...request,
                path: spec.paths[nextPath++ % spec.paths.length]!,
                ...(spec.bodies ? { body: spec.bodies[nextBody++ % spec.bodies.length]! } : {}),
              }),
            },
          ],
        },
        (error, result) => {
          if (error) return reject(error);
          totals.errors += result.errors;
          totals.timeouts += result.timeouts;
          totals.non2xx += result.non2xx;
          resolve();
        },
      );
      instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        if (status >= 200 && status < 300) samples.push(ms);
      });
    });

  const started = performance.now();
  const base = spec.rate ? Math.floor(spec.rate / instances) : 0;
  await Promise.all(
    Array.from({ length: instances }, async (_, i) => {
      await delay((i * 1000) / instances);
      await runOne(spec.rate ? base + (i < spec.rate - base * instances ? 1 : 0) : undefined);
    }),
  );
  const wallSec = (performance.now() - started) / 1000;
  const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    name: spec.name,
    connections: connectionsEach * instances,
    rate: spec.rate ?? null,
    instances,
    durationSec: spec.durationSec,
    wallSec: Math.round(wallSec * 10) / 10,
    responses,
    ok: samples.length,
    non2xx: totals.non2xx,
    errors: totals.errors,
    timeouts: totals.timeouts,
    statusCodes,
    // Every instance ran for durationSec, so their rates add up.
    throughput: Math.round((samples.length / spec.durationSec) * 10) / 10,
    latencyMs: summarise(samples),
  };
}

const data = workerData as { benchLoad?: LoadSpec } | null;
if (!isMainThread && data?.benchLoad) {
  const result = await generate(data.benchLoad);
  parentPort!.postMessage(result);
}
