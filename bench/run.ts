// Measures Kefu on a seeded benchmark database (bench/seed.ts): the conversation list, posting
// messages at a fixed rate and at rising concurrency, a bare INSERT of the same message row, and
// the post's transaction in plain SQL. Kefu runs in this process (createKefu); the load
// generator (load.ts) runs in a child process of its own.
//
//   npm run bench                       # PostgreSQL (kefu_bench), then PGlite (.tmp/bench-pglite)
//   npm run bench -- --db postgres      # one of them
//   npm run bench -- --quick            # short phases, for trying the runner out
//
// Options (defaults in brackets):
//   --db postgres|pglite|both [both]    also BENCH_DB
//   --database-url [postgres://postgres@127.0.0.1:5432/kefu_bench]   also BENCH_DATABASE_URL
//   --pglite-dir [.tmp/bench-pglite]    also BENCH_PGLITE_DIR
//   --pool-size [6]                     Kefu's DATABASE_POOL_SIZE and the bare INSERT pool
//   --list-connections [1,4,10] --list-duration [20]
//   --rate [400,500,600] --rate-connections [16] --rate-duration [25]   open-loop post phases
//   --ramp [1,2,4,8,16,32,64] --step-duration [10]
//   --bare-duration [8] --tx-concurrency [16]
//   --wait-quiet [60]  before each phase, wait up to this many seconds for other work on the
//   --quiet-cores [0.3]                 machine to use fewer than this many cores (0: never wait)
// Results: bench/results/<db>-<size>.json and a markdown summary on stdout.
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { indexTokens } from '@kefu/text';
import type { DB } from '../apps/server/src/db/schema.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { ConversationRepository } from '../apps/server/src/repositories/conversation.repository.ts';
import { type Kefu, createKefu } from '../apps/server/src/server.ts';
import { cpuBetween, cpuSnapshot } from './cpu.ts';
import { type LoadResult, type LoadSpec, runLoad, summarise } from './load.ts';
import {
  type Target,
  benchConfig,
  benchDatabase,
  benchOwner,
  defaultPgliteDir,
  defaultPostgresUrl,
  machineInfo,
  positiveInt,
  resultsDir,
  sizeLabel,
  writeJson,
} from './shared.ts';
import { benchReplies } from './templates.ts';

const { values: flags } = parseArgs({
  options: {
    db: { type: 'string' },
    'database-url': { type: 'string' },
    'pglite-dir': { type: 'string' },
    'pool-size': { type: 'string' },
    rate: { type: 'string' },
    'rate-connections': { type: 'string' },
    'rate-duration': { type: 'string' },
    'list-connections': { type: 'string' },
    'list-duration': { type: 'string' },
    ramp: { type: 'string' },
    'step-duration': { type: 'string' },
    'bare-duration': { type: 'string' },
    'tx-concurrency': { type: 'string' },
    'wait-quiet': { type: 'string' },
    'quiet-cores': { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});

const quick = flags.quick ?? false;
const list = (value: string | undefined, fallback: number[], what: string) =>
  value ? value.split(',').map((v) => positiveInt(v.trim(), 1, what)) : fallback;
const options = {
  databaseUrl: flags['database-url'] ?? process.env.BENCH_DATABASE_URL ?? defaultPostgresUrl,
  pgliteDir: flags['pglite-dir'] ?? process.env.BENCH_PGLITE_DIR ?? defaultPgliteDir,
  poolSize: positiveInt(flags['pool-size'] ?? process.env.DATABASE_POOL_SIZE, 6, '--pool-size'),
  rates: list(flags.rate, quick ? [500] : [400, 500, 600], '--rate'),
  rateConnections: positiveInt(flags['rate-connections'], 16, '--rate-connections'),
  rateDuration: positiveInt(flags['rate-duration'], quick ? 5 : 25, '--rate-duration'),
  listConnections: list(flags['list-connections'], [1, 4, 10], '--list-connections'),
  listDuration: positiveInt(flags['list-duration'], quick ? 5 : 20, '--list-duration'),
  ramp: list(flags.ramp, quick ? [1, 4, 16] : [1, 2, 4, 8, 16, 32, 64], '--ramp'),
  stepDuration: positiveInt(flags['step-duration'], quick ? 4 : 10, '--step-duration'),
  bareDuration: positiveInt(flags['bare-duration'], quick ? 3 : 8, '--bare-duration'),
  txConcurrency: list(flags['tx-concurrency'], [16], '--tx-concurrency'),
  waitQuietSec:
    flags['wait-quiet'] === '0'
      ? 0
      : positiveInt(flags['wait-quiet'], quick ? 0 : 60, '--wait-quiet'),
  quietCores: Number(flags['quiet-cores'] ?? 0.3),
  warmupSec: quick ? 2 : 5,
  postTargets: 5000,
  anatomyRequests: quick ? 100 : 300,
  /** The post ramp stops when more than this share of requests fail … */
  maxErrorRate: 0.01,
  /** … or p99 exceeds this (ms). */
  maxP99: 1000,
};
const dbChoice = flags.db ?? process.env.BENCH_DB ?? 'both';
if (!['postgres', 'pglite', 'both'].includes(dbChoice))
  throw new Error('--db must be postgres, pglite or both');
const targets: Target[] = dbChoice === 'both' ? ['postgres', 'pglite'] : [dbChoice as Target];

const log = (message: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/**
 * Samples pg_stat_activity every 100 ms during a phase: what the benchmark's backends are
 * waiting on (Lock:transactionid, IO:WALSync, … or running), and how many backends of other
 * databases are busy at the same time (other people's tests on this machine).
 */
class ActivitySampler {
  private timer: NodeJS.Timeout | null = null;
  private samples = 0;
  private counts: Record<string, number> = {};
  private busy = false;
  constructor(private readonly client: pg.Client | null) {}

  start() {
    this.samples = 0;
    this.counts = {};
    if (!this.client) return;
    const client = this.client;
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      client
        .query<{ w: string; query: string | null; n: number }>(
          `select case when datname = current_database()
              then coalesce(wait_event_type || ':' || wait_event, 'running') else 'other databases'
            end as w,
            case when datname = current_database() and wait_event_type = 'Lock' then query end as query,
            count(*)::int as n
          from pg_stat_activity
          where pid <> pg_backend_pid() and state = 'active' and backend_type = 'client backend'
          group by 1, 2`,
        )
        .then((result) => {
          this.samples++;
          for (const row of result.rows) {
            // Lock waits name the statement that waits, which shows which row is contended.
            const key = row.query ? `${row.w} in ${statementLabel(row.query)}` : row.w;
            this.counts[key] = (this.counts[key] ?? 0) + row.n;
          }
        })
        .catch(() => {})
        .finally(() => (this.busy = false));
    }, 100);
  }

  /** The server's WAL insert position in bytes (null on PGlite). */
  async walBytes(): Promise<number | null> {
    if (!this.client) return null;
    const result = await this.client.query<{ lsn: string }>(
      `select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text as lsn`,
    );
    return Number(result.rows[0]!.lsn);
  }

  /** Average number of active backends per wait event over the phase. */
  stop(): Record<string, number> | null {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.client || this.samples === 0) return null;
    return Object.fromEntries(
      Object.entries(this.counts)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, Math.round((v / this.samples) * 100) / 100]),
    );
  }
}

/** The load generator's child process reports its own CPU; take it out of "everything else". */
function withGenerator(cpu: ReturnType<typeof cpuBetween>, result: unknown) {
  const generator = (result as { generatorCores?: number }).generatorCores;
  if (!cpu || generator === undefined) return cpu;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { ...cpu, generator, others: round(Math.max(0, cpu.others - generator)) };
}

interface PhaseContext {
  sampler: ActivitySampler;
}

type Phase<T> = T & {
  /** Average cores in use during the phase (see cpuBetween). */
  cpuCores: (ReturnType<typeof cpuBetween> & { generator?: number }) | null;
  waitedForQuietSec: number;
  loadAverage: number[];
  activity: Record<string, number> | null;
  /** WAL written during the phase, per successful request or operation (PostgreSQL only). */
  walBytesPerOp: number | null;
};

/** Runs a phase while recording CPU use, load average and database activity. */
async function phase<T>(context: PhaseContext, work: () => Promise<T>): Promise<Phase<T>> {
  const waitedSec = await waitForQuiet();
  const before = await cpuSnapshot();
  const walBefore = await context.sampler.walBytes();
  context.sampler.start();
  const result = await work();
  const activity = context.sampler.stop();
  const after = await cpuSnapshot();
  const walAfter = await context.sampler.walBytes();
  const ops = (result as { ok?: number }).ok;
  return {
    ...result,
    walBytesPerOp:
      walBefore !== null && walAfter !== null && ops
        ? Math.round((walAfter - walBefore) / ops)
        : null,
    cpuCores: withGenerator(cpuBetween(before, after), result),
    waitedForQuietSec: waitedSec,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    activity,
  };
}

/**
 * On a shared machine, waits (up to --wait-quiet seconds) until other work uses less than
 * --quiet-cores for three seconds, so phases run between other people's test runs where
 * possible. Returns the seconds waited.
 */
async function waitForQuiet(): Promise<number> {
  const started = performance.now();
  const limit = options.waitQuietSec * 1000;
  while (limit > 0) {
    const before = await cpuSnapshot();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const cpu = cpuBetween(before, await cpuSnapshot());
    if (!cpu) return 0;
    // Between phases our own PostgreSQL backends are idle, so its share counts as others' too.
    const others = cpu.machine - cpu.runner;
    const waited = performance.now() - started;
    if (others < options.quietCores) return Math.round(waited / 1000);
    if (waited >= limit) {
      log(`other work still uses ${others.toFixed(2)} cores; going ahead`);
      return Math.round(waited / 1000);
    }
  }
  return 0;
}

/**
 * Times every SQL statement the driver sends while enabled (pg's Client.query, PGlite's query
 * and exec), to show where one request's time goes.
 */
class StatementTimer {
  enabled = false;
  private stats = new Map<string, { calls: number; ms: number }>();

  install() {
    const isEnabled = () => this.enabled;
    const record = (text: string, ms: number) => this.record(text, ms);
    const wrap = (proto: object, method: string) => {
      const target = proto as Record<string, (...args: unknown[]) => unknown>;
      const original = target[method]!;
      target[method] = function (this: unknown, ...args: unknown[]) {
        if (!isEnabled()) return original.apply(this, args);
        const first = args[0] as string | { text?: string } | undefined;
        const text = typeof first === 'string' ? first : (first?.text ?? '');
        const started = performance.now();
        const result = original.apply(this, args);
        if (result instanceof Promise)
          return result.finally(() => record(text, performance.now() - started));
        return result;
      };
    };
    wrap(pg.Client.prototype, 'query');
    wrap(PGlite.prototype, 'query');
    wrap(PGlite.prototype, 'exec');
  }

  private record(text: string, ms: number) {
    const label = statementLabel(text);
    const entry = this.stats.get(label) ?? { calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += ms;
    this.stats.set(label, entry);
  }

  /** Statements per request with their mean time, slowest share first. */
  take(requests: number) {
    const rows = [...this.stats].map(([statement, s]) => ({
      statement,
      perRequest: Math.round((s.calls / requests) * 100) / 100,
      meanMs: Math.round((s.ms / s.calls) * 1000) / 1000,
      msPerRequest: Math.round((s.ms / requests) * 1000) / 1000,
    }));
    this.stats.clear();
    return rows.sort((a, b) => b.msPerRequest - a.msPerRequest);
  }
}

function statementLabel(text: string): string {
  const sqlText = text.replace(/\s+/g, ' ').replace(/"/g, '').trim();
  const verb = /^(begin|commit|rollback)\b/i.exec(sqlText);
  if (verb) return verb[1]!.toLowerCase();
  const write = /^(insert into|update|delete from) (\w+)/i.exec(sqlText);
  if (write) return `${write[1]!.toLowerCase()} ${write[2]}`;
  const cte = /^with \w+ as \((update|insert into|delete from) (\w+)/i.exec(sqlText);
  if (cte) return `${cte[1]!.toLowerCase()} ${cte[2]} (in a CTE)`;
  const read = /^select .*? from (\w+)/i.exec(sqlText);
  if (read) return `select … from ${read[1]}${/ for update$/i.test(sqlText) ? ' for update' : ''}`;
  return sqlText.slice(0, 40);
}

/**
 * Sends requests one at a time over HTTP with the statement timer on: the mean HTTP latency,
 * and how much of it each SQL statement takes; the rest is Node (Fastify, zod, Kysely, pg).
 */
async function anatomy(
  timer: StatementTimer,
  count: number,
  send: (i: number) => Promise<Response>,
) {
  const samples: number[] = [];
  timer.take(1);
  timer.enabled = true;
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const response = await send(i);
      await response.arrayBuffer();
      if (response.status >= 300) throw new Error(`anatomy request failed: ${response.status}`);
      samples.push(performance.now() - started);
    }
  } finally {
    timer.enabled = false;
  }
  const statements = timer.take(count);
  const latency = summarise(samples);
  const sqlMs = statements.reduce((a, s) => a + s.msPerRequest, 0);
  return {
    requests: count,
    latencyMs: latency,
    sqlMsPerRequest: Math.round(sqlMs * 100) / 100,
    otherMsPerRequest: Math.round((latency.mean - sqlMs) * 100) / 100,
    statements,
  };
}

interface Session {
  cookie: string;
  csrfToken: string;
  workspaceId: string;
  userId: string;
}

async function login(base: string): Promise<Session> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: benchOwner.email, password: benchOwner.password }),
  });
  if (response.status !== 200)
    throw new Error(`Login failed (${response.status}); run npm run bench:seed first`);
  const body = (await response.json()) as {
    csrfToken: string;
    workspace: { id: string };
    user: { id: string };
  };
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return {
    cookie: cookie.join('; '),
    csrfToken: body.csrfToken,
    workspaceId: body.workspace.id,
    userId: body.user.id,
  };
}

/** The SQL that ConversationRepository runs, captured without executing it. */
function captureSql(run: (repos: Kysely<DB>) => Promise<unknown>): Promise<CompiledQuery[]> {
  const captured: CompiledQuery[] = [];
  const capture = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  return run(capture).then(() => captured);
}

async function explain(kefu: Kefu, query: CompiledQuery) {
  const result = await kefu.database.db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]),
  );
  const plan = result.rows.map((r) => r['QUERY PLAN']);
  const execution = plan.find((l) => l.startsWith('Execution Time'));
  return {
    sql: query.sql,
    parameters: query.parameters,
    executionMs: execution ? Number(/([\d.]+) ms/.exec(execution)?.[1]) : null,
    plan,
  };
}

/** EXPLAIN ANALYZE of the list request's queries (the page, its tags, its customers' names). */
async function explainList(kefu: Kefu, workspaceId: string, teams: { id: string; name: string }[]) {
  const perTeam = [];
  for (const team of teams) {
    const [listQuery] = await captureSql((db) =>
      new ConversationRepository(db).list({
        workspaceId,
        status: ['open'],
        teamId: team.id,
        sort: 'updated_desc',
        cursor: null,
        limit: 25,
      }),
    );
    await explain(kefu, listQuery!); // warm
    perTeam.push({ team: team.name, ...(await explain(kefu, listQuery!)) });
  }
  const slowest = perTeam.reduce((a, b) => ((b.executionMs ?? 0) > (a.executionMs ?? 0) ? b : a));
  const page = await new ConversationRepository(kefu.database.db).list({
    workspaceId,
    status: ['open'],
    teamId: teams.find((t) => t.name === slowest.team)!.id,
    sort: 'updated_desc',
    cursor: null,
    limit: 25,
  });
  const [presentationQuery] = await captureSql((db) =>
    new ConversationRepository(db).presentationFacts(workspaceId, page.slice(0, 25)),
  );
  return {
    executionMsPerTeam: Object.fromEntries(perTeam.map((t) => [t.team, t.executionMs])),
    list: slowest,
    presentation: await explain(kefu, presentationQuery!),
  };
}

/** The INSERT MessageRepository.insert runs, with the same columns, tokens and RETURNING. */
const bareInsertSql = `insert into messages (id, workspace_id, conversation_id, author_type, author_id,
  visibility, body, html, search_vector, created_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, to_tsvector('simple', $9), $10)
  returning id, workspace_id, conversation_id, author_type, author_id, visibility, body, html, created_at`;

interface BareResult {
  name: string;
  concurrency: number;
  poolSize: number | null;
  durationSec: number;
  ok: number;
  errors: number;
  firstError: string | null;
  throughput: number;
  latencyMs: ReturnType<typeof summarise>;
}

/** Runs `operation` in `concurrency` loops for a while; each loop waits for its last call. */
async function closedLoop(
  name: string,
  input: { concurrency: number; durationSec: number; poolSize: number | null },
  operation: (i: number) => Promise<unknown>,
): Promise<BareResult> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const started = performance.now();
  const end = started + input.durationSec * 1000;
  await Promise.all(
    Array.from({ length: input.concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await operation(next++);
          samples.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    name: `${name} c=${input.concurrency}`,
    concurrency: input.concurrency,
    poolSize: input.poolSize,
    durationSec: Math.round(seconds * 10) / 10,
    ok: samples.length,
    errors,
    firstError,
    throughput: Math.round((samples.length / seconds) * 10) / 10,
    latencyMs: summarise(samples),
  };
}

interface MessageTarget {
  workspaceId: string;
  userId: string;
  conversations: string[];
}

/** The parameters of bareInsertSql for the i-th message. */
function messageParams(target: MessageTarget, i: number) {
  const body = benchReplies[i % benchReplies.length]!;
  return [
    newId(),
    target.workspaceId,
    target.conversations[i % target.conversations.length],
    'agent',
    target.userId,
    'public',
    body,
    null,
    indexTokens(body),
    new Date(),
  ];
}

type PositionSource = 'counter' | 'counter, one statement' | 'sequence';

/**
 * The statements Kefu's message post runs in its transaction, sent straight from pg (no HTTP,
 * no Kysely): lock the conversation, insert the message, update the conversation, take the
 * next realtime position, record the realtime event, commit. The position comes from the
 * per-workspace counter row as Kefu takes it (UPDATE … RETURNING, then INSERT), from the same
 * counter in a single statement (a data-modifying CTE), or from a sequence (no row lock).
 */
async function postTransaction(
  pool: pg.Pool,
  position: PositionSource,
  target: MessageTarget,
  i: number,
) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const conversation = await client.query<{ id: string; status: string }>(
      'select * from conversations where workspace_id = $1 and id = $2 for update',
      [target.workspaceId, target.conversations[i % target.conversations.length]],
    );
    const row = conversation.rows[0]!;
    const params = messageParams(target, i);
    const message = await client.query(bareInsertSql, params);
    const now = new Date();
    await client.query(
      'update conversations set status = $1, last_message_at = $2, updated_at = $3 where id = $4 returning *',
      [row.status, now, now, row.id],
    );
    const payload = JSON.stringify({ message: message.rows[0] });
    if (position === 'counter, one statement') {
      // The same counter, taken and used in one statement: one round trip less under the lock.
      await client.query(
        `with next as (update workspace_counters set value = value + 1
            where workspace_id = $1 and name = 'event' returning value)
          insert into realtime_events (workspace_id, position, type, conversation_id, internal,
            payload, created_at)
          select $1, next.value, 'message.created', $2, false, $3, $4 from next`,
        [target.workspaceId, row.id, payload, now],
      );
    } else {
      const next = await client.query<{ value: number }>(
        position === 'counter'
          ? `update workspace_counters set value = value + 1
              where workspace_id = $1 and name = 'event' returning value`
          : `select nextval('bench_realtime_position') as value where $1::uuid is not null`,
        [target.workspaceId],
      );
      await client.query(
        `insert into realtime_events (workspace_id, position, type, conversation_id, internal,
          payload, created_at) values ($1, $2, 'message.created', $3, false, $4, $5)`,
        [target.workspaceId, next.rows[0]!.value, row.id, payload, now],
      );
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The connection count at which the post ramp peaked (without errors). */
function peakConnections(ramp: LoadResult[]) {
  const clean = ramp.filter((r) => errorRate(r) <= 0.001);
  return (clean.length ? clean : ramp).reduce((a, b) => (b.throughput > a.throughput ? b : a))
    .connections;
}

/** Failed requests: non-2xx answers, request errors and answers that never came. */
const errorCount = (r: LoadResult) => r.non2xx + r.errors + r.timeouts;
const errorRate = (r: LoadResult) =>
  r.responses + r.errors + r.timeouts === 0
    ? 1
    : errorCount(r) / (r.responses + r.errors + r.timeouts);

const timer = new StatementTimer();
timer.install();

async function benchTarget(target: Target) {
  const startedAt = new Date().toISOString();
  if (target === 'postgres') benchDatabase(options.databaseUrl);
  log(`${target}: starting Kefu`);
  const config = benchConfig(
    target,
    { url: options.databaseUrl, pgliteDir: options.pgliteDir },
    options.poolSize,
  );
  const kefu = await createKefu(config);
  await kefu.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(kefu.app.server.address() as AddressInfo).port}`;
  const monitor =
    target === 'postgres' ? new pg.Client({ connectionString: options.databaseUrl }) : null;
  await monitor?.connect();
  const context: PhaseContext = { sampler: new ActivitySampler(monitor) };
  const barePool =
    target === 'postgres'
      ? new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize })
      : null;
  try {
    const session = await login(base);
    const db = kefu.database.db;
    const ws = session.workspaceId;
    const teams = (
      await sql<{ id: string; name: string }>`select id, name from teams
        where workspace_id = ${ws} order by name`.execute(db)
    ).rows;
    const dataset = (
      await sql<Record<string, number | string>>`select
        (select count(*)::int from conversations where workspace_id = ${ws}) as conversations,
        (select count(*)::int from messages where workspace_id = ${ws}) as messages,
        (select count(*)::int from customers where workspace_id = ${ws}) as customers,
        (select count(*)::int from conversations where workspace_id = ${ws} and status = 'open') as "openConversations",
        pg_database_size(current_database()) as "databaseBytes",
        version() as "serverVersion",
        current_setting('shared_buffers') as "sharedBuffers",
        current_setting('synchronous_commit') as "synchronousCommit"`.execute(db)
    ).rows[0]!;
    log(`${target}: ${JSON.stringify(dataset)}`);
    // Posts go to open and pending conversations (agents answer those), spread over thousands
    // of them so no conversation row is hot. Not to email conversations: a reply there also
    // queues an outgoing mail (bench/email-inbound.ts measures the email channel).
    const postTargets = (
      await sql<{ id: string }>`select id from conversations
        where workspace_id = ${ws} and status in ('open', 'pending') and merged_into_id is null
          and channel <> 'email'
        order by random() limit ${options.postTargets}`.execute(db)
    ).rows.map((r) => r.id);
    const headers = { cookie: session.cookie };
    const postHeaders = {
      ...headers,
      'x-csrf-token': session.csrfToken,
      'content-type': 'application/json',
    };
    const listPaths = teams.map((t) => `/api/v1/conversations?status=open&teamId=${t.id}&limit=25`);
    const postPaths = postTargets.map((id) => `/api/v1/conversations/${id}/messages`);
    const postBodies = benchReplies.map((body) => JSON.stringify({ body }));
    const getList = (i: number) => fetch(base + listPaths[i % listPaths.length]!, { headers });
    const post = (i: number) =>
      fetch(base + postPaths[i % postPaths.length]!, {
        method: 'POST',
        headers: postHeaders,
        body: postBodies[i % postBodies.length]!,
      });

    // Fail early if the requests do not do what they should.
    const check = await getList(0);
    const page = (await check.json()) as { items?: unknown[] };
    if (check.status !== 200 || !page.items?.length)
      throw new Error(`List check failed: ${check.status}`);
    const posted = await post(0);
    if (posted.status !== 201)
      throw new Error(`Post check failed: ${posted.status} ${await posted.text()}`);

    const listSpec = (connections: number, durationSec: number): LoadSpec => ({
      name: `list c=${connections}`,
      url: base,
      method: 'GET',
      paths: listPaths,
      headers,
      connections,
      durationSec,
    });
    const postSpec = (name: string, extra: Partial<LoadSpec>): LoadSpec => ({
      name,
      url: base,
      method: 'POST',
      paths: postPaths,
      bodies: postBodies,
      headers: postHeaders,
      connections: 1,
      durationSec: options.stepDuration,
      ...extra,
    });
    const describe = (r: LoadResult) =>
      `${r.name}: ${r.throughput}/s p50 ${r.latencyMs.p50} p95 ${r.latencyMs.p95} p99 ${r.latencyMs.p99} ms, errors ${errorCount(r)}`;

    log(`${target}: warming up`);
    await runLoad(listSpec(10, options.warmupSec));
    await runLoad(postSpec('warm-up', { connections: 8, durationSec: options.warmupSec }));

    await waitForQuiet();
    log(`${target}: EXPLAIN ANALYZE of the list queries`);
    const explained = await explainList(kefu, ws, teams);
    log(`${target}: one request at a time, statement by statement`);
    const listAnatomy = await anatomy(timer, options.anatomyRequests, getList);
    await waitForQuiet();
    const postAnatomy = await anatomy(timer, options.anatomyRequests, (i) => post(i + 1));
    const anatomies = { list: listAnatomy, post: postAnatomy };

    const listResults = [];
    for (const connections of options.listConnections) {
      const r = await phase(context, () => runLoad(listSpec(connections, options.listDuration)));
      log(`${target}: ${describe(r)}`);
      listResults.push(r);
    }

    const fixedRate = [];
    for (const rate of options.rates) {
      // Settle in at the rate first (new connections, cold rows, full-page writes after the
      // last checkpoint), so the phase measures the steady state.
      await runLoad(
        postSpec(`warm-up ${rate}/s`, {
          rate,
          durationSec: options.warmupSec,
          connections: options.rateConnections,
        }),
      );
      const r = await phase(context, () =>
        runLoad(
          postSpec(`post ${rate}/s`, {
            rate,
            durationSec: options.rateDuration,
            connections: options.rateConnections,
          }),
        ),
      );
      log(`${target}: ${describe(r)}`);
      fixedRate.push(r);
    }

    const ramp: Phase<LoadResult>[] = [];
    for (const connections of options.ramp) {
      const r = await phase(context, () =>
        runLoad(postSpec(`post c=${connections}`, { connections })),
      );
      log(`${target}: ${describe(r)}`);
      ramp.push(r);
      if (errorRate(r) > options.maxErrorRate || r.latencyMs.p99 > options.maxP99) break;
    }
    const clean = ramp.filter((r) => errorRate(r) <= 0.001);
    const peak = (clean.length ? clean : ramp).reduce((a, b) =>
      b.throughput > a.throughput ? b : a,
    );
    const withinTarget = ramp
      .filter((r) => errorRate(r) <= 0.001 && r.latencyMs.p99 < 50)
      .reduce<LoadResult | null>((a, b) => (!a || b.throughput > a.throughput ? b : a), null);

    const messageTarget: MessageTarget = {
      workspaceId: ws,
      userId: session.userId,
      conversations: postTargets,
    };
    const execute =
      barePool !== null
        ? (params: unknown[]) => barePool.query(bareInsertSql, params)
        : (params: unknown[]) => db.executeQuery(CompiledQuery.raw(bareInsertSql, params));
    const loop = (concurrency: number, durationSec: number) => ({
      concurrency,
      durationSec,
      poolSize: barePool ? options.poolSize : null,
    });
    const bare: Phase<BareResult>[] = [];
    for (const r of ramp) {
      const b = await phase(context, () =>
        closedLoop('bare INSERT', loop(r.connections, options.bareDuration), (i) =>
          execute(messageParams(messageTarget, i)),
        ),
      );
      log(
        `${target}: ${b.name}: ${b.throughput}/s p50 ${b.latencyMs.p50} p99 ${b.latencyMs.p99} ms, errors ${b.errors}`,
      );
      bare.push(b);
    }
    // PostgreSQL only: the post's transaction in plain SQL, with the realtime position from the
    // counter row (as Kefu does) and from a sequence, at the post peak's and --tx-concurrency.
    const transactions: Phase<BareResult>[] = [];
    if (barePool) {
      await barePool.query(
        'create sequence if not exists bench_realtime_position start 1000000000000',
      );
      const levels = [...new Set([peakConnections(ramp), ...options.txConcurrency])];
      for (const concurrency of levels.sort((a, b) => a - b))
        for (const position of ['counter', 'counter, one statement', 'sequence'] as const) {
          const t = await phase(context, () =>
            closedLoop(
              `post transaction in SQL, position from ${position}`,
              loop(concurrency, options.bareDuration),
              (i) => postTransaction(barePool, position, messageTarget, i),
            ),
          );
          log(
            `${target}: ${t.name}: ${t.throughput}/s p50 ${t.latencyMs.p50} p99 ${t.latencyMs.p99} ms, errors ${t.errors}`,
          );
          transactions.push(t);
        }
    }
    const bareAtPeak = bare.find((b) => b.concurrency === peak.connections)!;
    const bareBest = bare.reduce((a, b) => (b.throughput > a.throughput ? b : a));
    const brief = (r: LoadResult) => ({
      connections: r.connections,
      throughput: r.throughput,
      latencyMs: r.latencyMs,
    });

    return {
      target,
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineInfo(),
      dataset,
      options: {
        ...options,
        kefuPoolSize: config.database.kind === 'postgres' ? config.database.poolSize : null,
      },
      explain: explained,
      anatomy: anatomies,
      list: listResults,
      postFixedRate: fixedRate,
      postRamp: ramp,
      postPeak: brief(peak),
      postPeakWithinP99Target: withinTarget ? brief(withinTarget) : null,
      bareInsert: bare,
      postTransactionSql: transactions,
      ratio: {
        concurrency: peak.connections,
        postThroughput: peak.throughput,
        bareThroughput: bareAtPeak.throughput,
        postToBare: Math.round((peak.throughput / bareAtPeak.throughput) * 1000) / 1000,
        bestBareThroughput: bareBest.throughput,
        bestBareConcurrency: bareBest.concurrency,
        postPeakToBestBare: Math.round((peak.throughput / bareBest.throughput) * 1000) / 1000,
      },
    };
  } finally {
    await barePool?.end();
    await monitor?.end();
    await kefu.close();
  }
}

type Report = Awaited<ReturnType<typeof benchTarget>>;

const ms = (v: number) => v.toFixed(1);
const errorsOf = (r: LoadResult) =>
  `${errorCount(r)}${r.timeouts ? ` (${r.timeouts} timeouts)` : ''}`;
const coresOf = (c: Phase<unknown>['cpuCores']) =>
  c ? `${c.runner} / ${c.postgres} / ${c.generator ?? '–'} / ${c.others}` : '';
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function markdown(report: Report): string {
  const d = report.dataset;
  const lines: string[] = [
    `### ${report.target}: ${Number(d.conversations).toLocaleString('en')} conversations, ${Number(d.messages).toLocaleString('en')} messages`,
    '',
    `Measured ${report.startedAt} to ${report.finishedAt}. CPU columns: average cores used by ` +
      'this process (Kefu) / PostgreSQL / the load generator / everything else on the machine.',
    '',
    '| List: 25, status=open + team, newest first | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | CPU cores |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of report.list)
    lines.push(
      `| ${plural(r.connections, 'connection')} | ${r.throughput} | ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p95)} | ${ms(r.latencyMs.p99)} | ${ms(r.latencyMs.max)} | ${errorsOf(r)} | ${coresOf(r.cpuCores)} |`,
    );
  lines.push(
    '',
    '| Post a message | achieved req/s | p50 ms | p95 ms | p99 ms | max ms | errors | CPU cores | WAL bytes/post |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  );
  for (const r of report.postFixedRate)
    lines.push(
      `| ${r.name} open loop (used ${plural(r.connectionsUsed, 'connection')} of ${r.connections}) | ${r.throughput} | ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p95)} | ${ms(r.latencyMs.p99)} | ${ms(r.latencyMs.max)} | ${errorsOf(r)} | ${coresOf(r.cpuCores)} | ${r.walBytesPerOp ?? ''} |`,
    );
  for (const r of report.postRamp)
    lines.push(
      `| ${plural(r.connections, 'connection')}, no rate limit | ${r.throughput} | ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p95)} | ${ms(r.latencyMs.p99)} | ${ms(r.latencyMs.max)} | ${errorsOf(r)} | ${coresOf(r.cpuCores)} | ${r.walBytesPerOp ?? ''} |`,
    );
  lines.push(
    '',
    '| Bare INSERT of the message row | rows/s | p50 ms | p95 ms | p99 ms | errors | CPU cores |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const b of report.bareInsert)
    lines.push(
      `| concurrency ${b.concurrency}${b.poolSize ? ` (pool ${b.poolSize})` : ''} | ${b.throughput} | ${ms(b.latencyMs.p50)} | ${ms(b.latencyMs.p95)} | ${ms(b.latencyMs.p99)} | ${b.errors} | ${coresOf(b.cpuCores)} |`,
    );
  if (report.postTransactionSql.length > 0) {
    lines.push(
      '',
      '| The post transaction in SQL (pg, no HTTP) | tx/s | p50 ms | p95 ms | p99 ms | errors | CPU cores |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    );
    for (const t of report.postTransactionSql)
      lines.push(
        `| ${t.name} | ${t.throughput} | ${ms(t.latencyMs.p50)} | ${ms(t.latencyMs.p95)} | ${ms(t.latencyMs.p99)} | ${t.errors} | ${coresOf(t.cpuCores)} |`,
      );
  }
  const q = report.ratio;
  lines.push(
    '',
    `Post peak ${report.postPeak.throughput}/s at ${plural(report.postPeak.connections, 'connection')}; ` +
      `bare INSERT at that concurrency ${q.bareThroughput}/s: ratio ${q.postToBare}. ` +
      `Best bare INSERT ${q.bestBareThroughput}/s at concurrency ${q.bestBareConcurrency}: ratio ${q.postPeakToBestBare}.`,
    '',
    '| One request at a time | mean ms | of which SQL | statements (ms per request) |',
    '| --- | ---: | ---: | --- |',
  );
  for (const [name, a] of Object.entries(report.anatomy))
    lines.push(
      `| ${name} | ${ms(a.latencyMs.mean)} | ${ms(a.sqlMsPerRequest)} | ${a.statements.map((s) => `${s.statement} ${s.msPerRequest.toFixed(2)}`).join('; ')} |`,
    );
  lines.push(
    '',
    `List query, EXPLAIN ANALYZE execution ms per team: ${Object.entries(
      report.explain.executionMsPerTeam,
    )
      .map(([team, v]) => `${team} ${v}`)
      .join(', ')}.`,
    '',
  );
  return lines.join('\n');
}

const reports: Report[] = [];
for (const target of targets) {
  const report = await benchTarget(target);
  const file = `${resultsDir}/${target}-${sizeLabel(Number(report.dataset.conversations))}.json`;
  await writeJson(file, report);
  log(`wrote ${file}`);
  reports.push(report);
}
console.log(`\n${reports.map(markdown).join('\n')}`);
