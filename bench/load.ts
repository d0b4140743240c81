// HTTP load for the benchmarks, generated in a child process over plain keep-alive sockets.
// The generator runs in its own process so that it shares no event loop with the Kefu server it
// measures, and it writes prepared request bytes and reads only the status line and length of
// each response, so it costs a small fraction of a core (it reports its own CPU use).
//
// Two modes:
// - closed loop (no `rate`): every connection sends its next request when the answer arrives;
// - open loop (`rate`): requests are due at evenly spaced instants, whether or not earlier ones
//   have been answered; a due request waits for a free connection (at most `connections`) and
//   its latency counts from the instant it was due, so queueing is never hidden (no
//   coordinated omission).
import { fork } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

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
  /** Closed loop: the number of connections. Open loop: the most connections it may open. */
  connections: number;
  durationSec: number;
  /** Open loop: requests per second, due at evenly spaced instants. */
  rate?: number;
  /** Also return the slowest answer per 100 ms of due time (to see stalls). */
  timeline?: boolean;
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
  /** Open loop: the connections it actually needed (the most in use at once). */
  connectionsUsed: number;
  rate: number | null;
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
  /** CPU the load generator itself used, in cores. */
  generatorCores: number;
  /** With `timeline`: [seconds into the phase, answers, slowest ms] per 100 ms of due time. */
  timeline?: [number, number, number][];
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

/** Runs one load phase in a fresh child process and returns its summary. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, KEFU_BENCH_LOAD: '1' },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (result: LoadResult) => resolve(result));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with code ${code}`));
    });
    child.send(spec);
  });
}

/** After the last request is due, answers still missing after this long count as timeouts. */
const drainMs = 10_000;

interface Pending {
  due: number;
}

/** One keep-alive connection that sends a request and reads one response at a time. */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private current: Pending | null = null;
  readonly socket: net.Socket;

  constructor(
    host: string,
    port: number,
    private readonly done: (conn: Connection, pending: Pending, status: number) => void,
    private readonly failed: (conn: Connection, pending: Pending | null) => void,
  ) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk) => this.read(chunk));
    this.socket.on('error', () => this.fail());
    this.socket.on('close', () => this.fail());
  }

  get idle() {
    return this.current === null;
  }

  send(request: Buffer, pending: Pending) {
    this.current = pending;
    this.socket.write(request);
  }

  private fail() {
    const pending = this.current;
    this.current = null;
    this.socket.destroy();
    this.failed(this, pending);
  }

  /** Finds the end of one response: headers, then Content-Length bytes or the last chunk. */
  private read(chunk: Buffer) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const head = this.buffer.subarray(0, headerEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end: number;
    if (length) {
      end = headerEnd + 4 + Number(length[1]);
      if (this.buffer.length < end) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const last = this.buffer.indexOf('\r\n0\r\n\r\n', headerEnd + 2);
      if (last < 0) return;
      end = last + 7;
    } else {
      end = headerEnd + 4;
    }
    this.buffer = this.buffer.subarray(end);
    const pending = this.current!;
    this.current = null;
    this.done(this, pending, status);
  }
}

function requestsOf(spec: LoadSpec): Buffer[] {
  const url = new URL(spec.url);
  const headers = Object.entries(spec.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const count = Math.max(spec.paths.length, spec.bodies?.length ?? 1);
  return Array.from({ length: count }, (_, i) => {
    const path = spec.paths[i % spec.paths.length]!;
    const body = spec.bodies ? Buffer.from(spec.bodies[i % spec.bodies.length]!) : null;
    const head =
      `${spec.method} ${path} HTTP/1.1\r\nhost: ${url.host}\r\nconnection: keep-alive\r\n${headers}` +
      (body ? `content-length: ${body.length}\r\n` : '') +
      '\r\n';
    return body ? Buffer.concat([Buffer.from(head), body]) : Buffer.from(head);
  });
}

async function generate(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const requests = requestsOf(spec);
  const samples: number[] = [];
  const statusCodes: Record<string, number> = {};
  const totals = { errors: 0, timeouts: 0, non2xx: 0, responses: 0 };
  const connections: Connection[] = [];
  const idle: Connection[] = [];
  const queue: Pending[] = [];
  let next = 0;
  let inFlight = 0;
  let mostInUse = 0;
  let stopped = false;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const endAt = started + spec.durationSec * 1000;
  const open = !!spec.rate;
  const timeline: [number, number, number][] | null = spec.timeline ? [] : null;

  let finish: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const dispatch = (conn: Connection, pending: Pending) => {
    inFlight++;
    mostInUse = Math.max(mostInUse, inFlight);
    conn.send(requests[next++ % requests.length]!, pending);
  };
  const release = (conn: Connection) => {
    if (stopped) return;
    if (open) {
      const waiting = queue.shift();
      if (waiting) dispatch(conn, waiting);
      else idle.push(conn);
    } else if (performance.now() < endAt) {
      dispatch(conn, { due: performance.now() });
    }
    if (inFlight === 0 && performance.now() >= endAt) finish();
  };
  const onDone = (conn: Connection, pending: Pending, status: number) => {
    inFlight--;
    totals.responses++;
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) {
      // Only answers to requests due within the phase count (the drain is not load).
      if (pending.due < endAt) {
        const ms = performance.now() - pending.due;
        samples.push(ms);
        if (timeline) {
          const bucket = Math.floor((pending.due - started) / 100);
          const entry = (timeline[bucket] ??= [bucket / 10, 0, 0]);
          entry[1]++;
          entry[2] = Math.max(entry[2], Math.round(ms));
        }
      }
    } else totals.non2xx++;
    release(conn);
  };
  const onFailed = (conn: Connection, pending: Pending | null) => {
    const index = connections.indexOf(conn);
    if (index < 0) return;
    connections.splice(index, 1);
    const idleIndex = idle.indexOf(conn);
    if (idleIndex >= 0) idle.splice(idleIndex, 1);
    if (pending) {
      inFlight--;
      totals.errors++;
    }
    if (!stopped) {
      // Replace the connection so the phase keeps its concurrency.
      const fresh = connect();
      if (open) idle.push(fresh);
      else if (performance.now() < endAt) dispatch(fresh, { due: performance.now() });
    }
  };
  const connect = () => {
    const conn = new Connection(url.hostname, Number(url.port), onDone, onFailed);
    connections.push(conn);
    return conn;
  };

  if (open) {
    const interval = 1000 / spec.rate!;
    let due = started;
    const tick = () => {
      const now = performance.now();
      while (due <= now && due < endAt) {
        const pending = { due };
        due += interval;
        const conn = idle.pop() ?? (connections.length < spec.connections ? connect() : null);
        if (conn) dispatch(conn, pending);
        else queue.push(pending);
      }
      if (due < endAt) setTimeout(tick, Math.max(0, Math.min(1, due - performance.now())));
      else if (inFlight === 0 && queue.length === 0) finish();
    };
    tick();
  } else {
    for (let i = 0; i < spec.connections; i++) dispatch(connect(), { due: performance.now() });
  }

  const timer = setTimeout(() => finish(), spec.durationSec * 1000 + drainMs);
  await finished;
  clearTimeout(timer);
  stopped = true;
  totals.timeouts = inFlight + queue.length;
  for (const conn of connections) conn.socket.destroy();
  const wallSec = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    name: spec.name,
    connections: spec.connections,
    connectionsUsed: mostInUse,
    rate: spec.rate ?? null,
    durationSec: spec.durationSec,
    wallSec: Math.round(wallSec * 10) / 10,
    responses: totals.responses,
    ok: samples.length,
    non2xx: totals.non2xx,
    errors: totals.errors,
    timeouts: totals.timeouts,
    statusCodes,
    throughput: Math.round((samples.length / spec.durationSec) * 10) / 10,
    latencyMs: summarise(samples),
    generatorCores: Math.round(((cpu.user + cpu.system) / 1e6 / wallSec) * 100) / 100,
    ...(timeline ? { timeline: Array.from(timeline, (entry, i) => entry ?? [i / 10, 0, 0]) } : {}),
  };
}

if (process.env.KEFU_BENCH_LOAD === '1' && process.send) {
  process.once('message', (spec: LoadSpec) => {
    void generate(spec).then((result) => {
      process.send!(result, () => process.exit(0));
    });
  });
}
