// Inbound email throughput: delivers the fixture corpus (shared/data/email-fixtures, beside the
// repository) through Kefu's SMTP listener with real SMTP clients, every copy made unique by a
// new Message-ID so deduplication does not short-cut it, and measures
//   1. store first: mails accepted by the listener per second (blob + row + job committed),
//      with the job runner stopped;
//   2. processing: the queued `email.process` jobs drained by the job runner, --concurrency jobs
//      side by side (the server's JOB_CONCURRENCY)
//      (parse, thread, store, index), with the time each job took;
//   3. end to end: the same again with the runner running as the server runs it
//      (`jobs: 'auto'`), from the first SMTP connection to the last mail processed.
//
//   npm run bench:email                          # PostgreSQL, 3,000 mails, 8 SMTP clients
//   npm run bench:email -- --db both --messages 1000
//
// Options (defaults in brackets):
//   --db postgres|pglite|both [postgres]   also BENCH_DB
//   --database-url [TEST_DATABASE_URL or BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test]
//                  a scratch database kefu_bench_email_<random> is created beside it and dropped
//   --messages [3000]  --clients [8]  --concurrency [the server's default JOB_CONCURRENCY]
//   --pool-size [the server's default DATABASE_POOL_SIZE]
//   --max-bytes [1048576]  corpus files above this size are left out of the mix
//   --workers [0]  processes of the `worker` role beside the benchmark's own (bench/email-worker.ts):
//                  with N, N such processes drain in phase 2, and N - 1 join the server in phase 3
//   --split        in phase 3 the server only receives (its job runner stopped) and the --workers
//                  processes do all the processing: the listener and the worker on their own threads
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config.ts';
import type { DB } from '../apps/server/src/db/schema.ts';
import { processInboundJob } from '../apps/server/src/modules/email/inbound-mail.service.ts';
import { type Kefu, createKefu } from '../apps/server/src/server.ts';
import { as, signUp } from '../apps/server/src/test/harness.ts';
import { cpuBetween, cpuSnapshot } from './cpu.ts';
import { sendInChild } from './email-sender.ts';
import { type WorkerProcess, startWorkers, stopWorkers } from './email-workers.ts';
import { type Target, machineInfo, positiveInt, repoRoot } from './shared.ts';

const { values: flags } = parseArgs({
  options: {
    db: { type: 'string' },
    'database-url': { type: 'string' },
    messages: { type: 'string' },
    clients: { type: 'string' },
    concurrency: { type: 'string' },
    'pool-size': { type: 'string' },
    'max-bytes': { type: 'string' },
    workers: { type: 'string' },
    split: { type: 'boolean' },
  },
});
const options = {
  databaseUrl:
    flags['database-url'] ??
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test',
  messages: positiveInt(flags.messages, 3000, '--messages'),
  clients: positiveInt(flags.clients, 8, '--clients'),
  /** Unset: the server's default JOB_CONCURRENCY. */
  concurrency: flags.concurrency ? positiveInt(flags.concurrency, 4, '--concurrency') : null,
  /** Unset: the server's default DATABASE_POOL_SIZE. */
  poolSize: flags['pool-size'] ? positiveInt(flags['pool-size'], 6, '--pool-size') : null,
  maxBytes: positiveInt(flags['max-bytes'], 1024 * 1024, '--max-bytes'),
  workers: flags.workers ? Number(flags.workers) : 0,
};
if (!Number.isInteger(options.workers) || options.workers < 0)
  throw new Error('--workers must be a whole number, 0 or more');
const dbChoice = flags.db ?? process.env.BENCH_DB ?? 'postgres';
if (!['postgres', 'pglite', 'both'].includes(dbChoice))
  throw new Error('--db must be postgres, pglite or both');
const targets: Target[] = dbChoice === 'both' ? ['postgres', 'pglite'] : [dbChoice as Target];

const log = (message: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const fixturesDir = path.resolve(repoRoot, '../shared/data/email-fixtures');

/** The corpus files that are mail (as in email-corpus.api.test.ts), up to --max-bytes each. */
function loadCorpus(): string[] {
  const catalog = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'catalog.json'), 'utf8')) as {
    path: string;
    size: number;
  }[];
  return catalog
    .filter(
      (e) =>
        !/^(LICENSE|README|SOURCE_COMMIT|\.gitattributes)|\.json$/i.test(path.basename(e.path)),
    )
    .filter((e) => e.size <= options.maxBytes)
    .map((e) => path.join(fixturesDir, e.path));
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
const round = (v: number, digits = 1) => Number(v.toFixed(digits));

/** Wraps the email.process handler to time each job. */
function timeJobs(kefu: Kefu) {
  const durations: number[] = [];
  const processor = kefu.services.email.processor;
  kefu.jobs.register({
    kind: processInboundJob,
    run: async (job) => {
      const t = performance.now();
      try {
        return await processor.run(job);
      } finally {
        durations.push(performance.now() - t);
      }
    },
  });
  return durations;
}

async function statusCounts(kefu: Kefu) {
  const rows = await kefu.database.db
    .selectFrom('inbound_emails')
    .select(['status', 'reason', sql<number>`count(*)::int`.as('n')])
    .groupBy(['status', 'reason'])
    .execute();
  return Object.fromEntries(
    rows.map((r) => [r.reason ? `${r.status}:${r.reason}` : r.status, r.n]),
  );
}

async function waitProcessed(kefu: Kefu, total: number, timeoutMs: number) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const row = await kefu.database.db
      .selectFrom('inbound_emails')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('status', '!=', 'received')
      .executeTakeFirstOrThrow();
    if (row.n >= total) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function startKefu(target: Target, url: string | null, jobs: 'auto' | 'manual') {
  const dataDir = path.join(
    repoRoot,
    '.tmp',
    `bench-email-${target}-${randomBytes(4).toString('hex')}`,
  );
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    SMTP_PORT: '0',
    SMTP_HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ...(options.poolSize ? { DATABASE_POOL_SIZE: String(options.poolSize) } : {}),
    ...(options.concurrency ? { JOB_CONCURRENCY: String(options.concurrency) } : {}),
    ...(url ? { DATABASE_URL: url } : {}),
  });
  const kefu = await createKefu(config, {
    jobs,
    // One sender per corpus file, thousands of mails: flood holding would hold most of them.
    inboundMail: { floodLimit: 1_000_000_000, floodWindowMs: 600_000 },
  });
  const owner = await signUp(kefu.app, 'Bench mail');
  const address = `bench-${randomBytes(4).toString('hex')}@acme.test`;
  const channel = await kefu.app.inject({
    method: 'POST',
    url: '/api/v1/mail-channels',
    ...as(owner),
    payload: { name: 'Bench', address },
  });
  if (channel.statusCode !== 201) throw new Error(`mail channel: ${channel.body}`);
  const workerEnv = {
    DATA_DIR: dataDir,
    ...(url ? { DATABASE_URL: url } : {}),
    ...(options.poolSize ? { DATABASE_POOL_SIZE: String(options.poolSize) } : {}),
    ...(options.concurrency ? { JOB_CONCURRENCY: String(options.concurrency) } : {}),
  };
  return { kefu, address, dataDir, concurrency: config.jobConcurrency, workerEnv };
}

async function runTarget(target: Target, corpus: string[]) {
  let url: string | null = null;
  let admin: Kysely<DB> | null = null;
  let name = '';
  if (target === 'postgres') {
    const base = new URL(options.databaseUrl);
    name = `kefu_bench_email_${randomBytes(4).toString('hex')}`;
    admin = new Kysely<DB>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: base.toString(), max: 1 }),
      }),
    });
    await sql.raw(`create database "${name}"`).execute(admin);
    base.pathname = `/${name}`;
    url = base.toString();
  }
  const deliver = (port: number, address: string, offset: number) =>
    sendInChild({
      port,
      address,
      files: corpus,
      messages: options.messages,
      offset,
      clients: options.clients,
    });
  const result: Record<string, unknown> = { target };
  try {
    // 1 and 2: store first with the runner stopped, then drain.
    {
      const { kefu, address, dataDir, concurrency, workerEnv } = await startKefu(
        target,
        url,
        'manual',
      );
      let workers: WorkerProcess[] = [];
      try {
        const durations = timeJobs(kefu);
        log(`${target}: delivering ${options.messages} mails with ${options.clients} SMTP clients`);
        const storeCpuBefore = await cpuSnapshot();
        const stored = await deliver(kefu.smtpPort!, address, 0);
        const storeCpu = cpuBetween(storeCpuBefore, await cpuSnapshot());
        log(
          `${target}: accepted ${stored.accepted} in ${round(stored.ms / 1000)} s; draining, ${concurrency} jobs at a time`,
        );
        // With --workers the worker processes drain (the benchmark's runner stays stopped).
        if (options.workers > 0) workers = await startWorkers(options.workers, workerEnv);
        const cpuBefore = await cpuSnapshot();
        const started = performance.now();
        if (options.workers > 0) await waitProcessed(kefu, stored.accepted, 600_000);
        else await kefu.jobs.drain(100_000);
        const ms = performance.now() - started;
        const cpu = cpuBetween(cpuBefore, await cpuSnapshot());
        const stopped = await stopWorkers(workers);
        workers = [];
        durations.push(...stopped.durations);
        durations.sort((a, b) => a - b);
        result.store = {
          accepted: stored.accepted,
          refused: stored.refused.length,
          perSecond: round((stored.accepted / stored.ms) * 1000),
          smtpP50ms: round(stored.p50),
          smtpP95ms: round(stored.p95),
          senderCores: round(stored.senderCores, 2),
          cpuCores: storeCpu,
        };
        result.process = {
          jobs: durations.length,
          concurrency,
          workers: options.workers,
          perSecond: round((durations.length / ms) * 1000),
          jobP50ms: round(percentile(durations, 50)),
          jobP95ms: round(percentile(durations, 95)),
          jobP99ms: round(percentile(durations, 99)),
          cpuCores: cpu,
          workerCores: round(stopped.cpuMicros / 1000 / ms, 2),
          outcomes: await statusCounts(kefu),
        };
        log(`${target}: ${JSON.stringify(result.store)}\n  ${JSON.stringify(result.process)}`);
      } finally {
        await stopWorkers(workers);
        await kefu.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
    // 3: end to end with the runner as the server runs it.
    if (url && admin) {
      await sql.raw(`drop database "${name}" with (force)`).execute(admin);
      await sql.raw(`create database "${name}"`).execute(admin);
    }
    {
      // --split: the server only receives (its runner stopped); the worker processes process.
      const split = flags.split === true;
      const { kefu, address, dataDir, workerEnv } = await startKefu(
        target,
        url,
        split ? 'manual' : 'auto',
      );
      let workers: WorkerProcess[] = [];
      const extra = split ? options.workers : Math.max(0, options.workers - 1);
      try {
        const durations = timeJobs(kefu);
        if (extra > 0) workers = await startWorkers(extra, workerEnv);
        const cpuBefore = await cpuSnapshot();
        const started = performance.now();
        const stored = await deliver(kefu.smtpPort!, address, 1_000_000);
        const deliveredMs = performance.now() - started;
        const done = await waitProcessed(kefu, stored.accepted, 600_000);
        const ms = performance.now() - started;
        const cpu = cpuBetween(cpuBefore, await cpuSnapshot());
        const stopped = await stopWorkers(workers);
        workers = [];
        durations.push(...stopped.durations);
        const lag = await kefu.database.db
          .selectFrom('inbound_emails')
          .select(sql<number>`extract(epoch from (processed_at - received_at)) * 1000`.as('ms'))
          .where('processed_at', 'is not', null)
          .execute();
        const lags = lag.map((r) => Number(r.ms)).sort((a, b) => a - b);
        durations.sort((a, b) => a - b);
        result.endToEnd = {
          accepted: stored.accepted,
          allProcessed: done,
          deliverySeconds: round(deliveredMs / 1000),
          totalSeconds: round(ms / 1000),
          perSecond: round((stored.accepted / ms) * 1000),
          acceptedPerSecond: round((stored.accepted / deliveredMs) * 1000),
          jobP50ms: round(percentile(durations, 50)),
          jobP95ms: round(percentile(durations, 95)),
          receivedToProcessedP50ms: round(percentile(lags, 50)),
          receivedToProcessedP95ms: round(percentile(lags, 95)),
          senderCores: round(stored.senderCores, 2),
          cpuCores: cpu,
          extraWorkers: extra,
          split,
          workerCores: round(stopped.cpuMicros / 1000 / ms, 2),
          outcomes: await statusCounts(kefu),
        };
        log(`${target}: ${JSON.stringify(result.endToEnd)}`);
      } finally {
        await stopWorkers(workers);
        await kefu.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    if (admin) {
      await sql.raw(`drop database if exists "${name}" with (force)`).execute(admin);
      await admin.destroy();
    }
  }
  return result;
}

const corpus = loadCorpus();
const sizes = corpus.map((file) => fs.statSync(file).size).sort((a, b) => a - b);
log(
  `corpus: ${corpus.length} files ≤ ${options.maxBytes} bytes, median ${percentile(sizes, 50)} B, ` +
    `mean ${Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)} B`,
);
const results = [];
for (const target of targets) results.push(await runTarget(target, corpus));
console.log(JSON.stringify({ machine: machineInfo(), options, results }, null, 2));
