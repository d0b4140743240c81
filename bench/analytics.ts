// Report queries over many conversations on PostgreSQL (docs/PERFORMANCE.md, issue 7): a
// scratch workspace gets a business calendar, teams, agents, tags and customers; then N
// conversations spread over the last 365 days are written with set-based SQL, with their
// messages (first customer message, agent replies after minutes to hours, some follow-ups),
// status changes (open, solved, some reopened and solved again) and assignments. The write
// triggers mark every one dirty; the refresher computes their facts (timed: the backfill).
// Then, after warm-up, each report is asked for over HTTP (inject) many times:
//   1. the overview for the last 90 days by day (the target: p95 < 500 ms at 1,000,000);
//   2. the same with a team filter;  3. the breakdown by agent;  4. a drill-down page;
//   5. the survey report (CSAT asked after every solve, 1 in 4 answered; NPS from 1 in 20);
//   6. the answer bot report (the bot met 1 in 3 chats first).
//
//   npm run bench:analytics                              # 1,000,000 conversations
//   npm run bench:analytics -- --conversations 50000     # a quick run
//
// Options: --conversations [1000000]  --runs [30]  --keep (leave the scratch database)
//          --reuse NAME (time the reports again on a database an earlier --keep run left;
//          results in analytics-postgres-<size>-reuse.json)
//          --database-url [TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test]
//
// Before timing, the facts and the dirty marks are vacuumed and analysed: the state autovacuum
// leaves them in at rest (the visibility map lets the backlog count read the index alone; the
// backfill's deleted marks are gone). The PostgreSQL of the bench machines runs with
// autovacuum off, so without this every run would measure a table it never cleans.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config.ts';
import type { DB } from '../apps/server/src/db/schema.ts';
import { type Kefu, createKefu } from '../apps/server/src/server.ts';
import { type SignedIn, as, sessionFrom, signUp } from '../apps/server/src/test/harness.ts';
import { login } from '../apps/server/src/test/members.ts';
import { machineInfo, positiveInt, repoRoot, resultsDir, sizeLabel, writeJson } from './shared.ts';

const { values: flags } = parseArgs({
  options: {
    conversations: { type: 'string' },
    runs: { type: 'string' },
    keep: { type: 'boolean' },
    reuse: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
const options = {
  conversations: positiveInt(flags.conversations, 1_000_000, '--conversations'),
  runs: positiveInt(flags.runs, 30, '--runs'),
  databaseUrl:
    flags['database-url'] ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test',
};

const DAY = 86_400_000;

async function post(kefu: Kefu, owner: SignedIn, url: string, payload: object) {
  const response = await kefu.app.inject({ method: 'POST', url, payload, ...as(owner) });
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
  return response.json<{ id: string; customer?: { id: string } }>();
}

/** The workspace's configuration through the API, then conversations and timelines in bulk. */
async function seed(kefu: Kefu, owner: SignedIn) {
  const ws = owner.workspaceId;
  await post(kefu, owner, '/api/v1/business-calendars', {
    name: 'Shanghai',
    timezone: 'Asia/Shanghai',
    intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
  });
  const teams: string[] = [];
  for (const name of ['Chinese Support', 'Global Support', 'Billing', 'Logistics'])
    teams.push((await post(kefu, owner, '/api/v1/teams', { name })).id);
  const tags: string[] = [];
  for (const name of ['refund', 'delivery', 'invoice', 'warranty', 'account'])
    tags.push((await post(kefu, owner, '/api/v1/tags', { name })).id);
  const db = kefu.database.db;
  // Agents: members without a password anyone knows (reports only need their ids and names).
  await sql`insert into users (id, email, email_key, name, password_hash)
    select gen_random_uuid(), 'agent' || i || '@bench.local', 'agent' || i || '@bench.local',
      'Agent ' || i, 'x' from generate_series(1, 40) i`.execute(db);
  await sql`insert into memberships (workspace_id, user_id, role)
    select ${ws}::uuid, id, 'agent' from users where email like '%@bench.local'`.execute(db);
  const sample = await post(kefu, owner, '/api/v1/conversations', {
    customer: { identity: { kind: 'email', value: 'bench@example.com' } },
    message: { body: 'sample' },
  });
  const customers = Math.max(1, Math.round(options.conversations / 5));
  await sql`insert into customers (id, workspace_id, name, locale, tier)
    select gen_random_uuid(), ${ws}::uuid, 'Customer ' || i,
      (array['zh-CN', 'en', null])[1 + i % 3], case when i % 10 = 0 then 'vip' else 'standard' end
    from generate_series(1, ${customers}) i`.execute(db);
  await sql`select setseed(0.42)`.execute(db);
  const now = Date.now();
  // Per conversation: created in the last 365 days, in order (as conversations arrive); replied after r minutes; solved after s
  // minutes (80%); reopened (1 in 12 of the solved) and solved again; a follow-up (1 in 4).
  const batch = 50_000;
  for (let start = 0; start < options.conversations; start += batch) {
    const count = Math.min(batch, options.conversations - start);
    await db.transaction().execute(async (trx) => {
      await sql`create temporary table bench_plan on commit drop as
        select p.*, p.created_at + p.reply_minutes * interval '1 minute' as replied_at,
          p.created_at + p.solve_minutes * interval '1 minute' as solved_at
        from (select gen_random_uuid() as id, 1000 + ${start} + i as number,
          ${new Date(now)}::timestamptz - random() * interval '1 hour'
            - (1 - (${start} + i)::float8 / ${options.conversations}) * interval '365 days'
            as created_at,
          (1 + floor(random() * 240))::int as reply_minutes,
          (60 + floor(random() * 4000))::int as solve_minutes,
          random() < 0.8 as solved, random() < 0.08 as reopened, random() < 0.25 as follow_up,
          (array['chat', 'email', 'api', 'phone'])[1 + floor(random() * 4)::int] as channel,
          (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + floor(random() * 5)::int]
            as priority,
          floor(random() * 40)::int as agent, floor(random() * 4)::int as team,
          floor(random() * 5)::int as tag, floor(random() * ${customers})::int as customer
          from generate_series(1, ${count}) i) p`.execute(trx);
      await sql`insert into conversations (id, workspace_id, number, channel, subject, status,
          priority, customer_id, assignee_id, team_id, custom_fields, last_message_at,
          created_at, updated_at)
        select p.id, ${ws}::uuid, p.number, p.channel, 'Question ' || p.number,
          case when p.solved then 'solved' else 'open' end, p.priority, c.id, a.id,
          (${teams}::uuid[])[1 + p.team], '{}', p.replied_at, p.created_at,
          greatest(p.replied_at, p.solved_at)
        from bench_plan p
          join (select id, row_number() over (order by id) - 1 as n from customers
            where workspace_id = ${ws} and name like 'Customer %') c on c.n = p.customer
          join (select id, row_number() over (order by id) - 1 as n from users
            where email like '%@bench.local') a on a.n = p.agent`.execute(trx);
      await sql`insert into conversation_tags (conversation_id, tag_id, workspace_id)
        select id, (${tags}::uuid[])[1 + tag], ${ws}::uuid from bench_plan`.execute(trx);
      await sql`insert into messages (id, workspace_id, conversation_id, author_type, visibility,
          body, created_at)
        select gen_random_uuid(), ${ws}::uuid, id, 'customer', 'public', 'hello', created_at
          from bench_plan
        union all select gen_random_uuid(), ${ws}::uuid, id, 'agent', 'public', 'on it', replied_at
          from bench_plan
        union all select gen_random_uuid(), ${ws}::uuid, id, 'customer', 'public', 'and?',
            replied_at + interval '30 minutes' from bench_plan where follow_up
        union all select gen_random_uuid(), ${ws}::uuid, id, 'agent', 'public', 'done',
            replied_at + interval '50 minutes' from bench_plan where follow_up`.execute(trx);
      await sql`insert into conversation_events (id, workspace_id, conversation_id, type,
          actor_type, data, created_at)
        select gen_random_uuid(), ${ws}::uuid, p.id, 'assignee.changed', 'system',
            jsonb_build_object('from', null, 'to', c.assignee_id), p.created_at
          from bench_plan p join conversations c on c.id = p.id
        union all select gen_random_uuid(), ${ws}::uuid, id, 'status.changed', 'system',
            jsonb_build_object('from', 'new', 'to', 'open'), replied_at from bench_plan
        union all select gen_random_uuid(), ${ws}::uuid, id, 'status.changed', 'system',
            jsonb_build_object('from', 'open', 'to', 'solved'),
            solved_at - case when reopened then interval '1 day' else interval '0' end
          from bench_plan where solved
        union all select gen_random_uuid(), ${ws}::uuid, id, 'status.changed', 'system',
            jsonb_build_object('from', 'solved', 'to', 'open'),
            solved_at - interval '20 hours' from bench_plan where solved and reopened
        union all select gen_random_uuid(), ${ws}::uuid, id, 'status.changed', 'system',
            jsonb_build_object('from', 'open', 'to', 'solved'), solved_at
          from bench_plan where solved and reopened`.execute(trx);
      // Surveys: a CSAT request for every solved conversation, answered by 1 in 4 (3 points
      // and 5 points alike: 1–5 here, 4–5 good), and an NPS answer from 1 in 20; attributed to
      // the assignee and team at solve time, answered within a day of the solve.
      await sql`insert into survey_requests (id, workspace_id, kind, conversation_id,
          customer_id, channel, agent_id, team_id, scale, locale, status, sent_at, expires_at,
          created_at)
        select gen_random_uuid(), ${ws}::uuid, k.kind, c.id, c.customer_id, 'email',
          c.assignee_id, c.team_id, case k.kind when 'csat' then 5 else 11 end, 'en',
          case when k.kind = 'nps' or random() < 0.25 then 'answered' else 'sent' end, p.solved_at,
          p.solved_at + interval '7 days', p.solved_at
        from bench_plan p join conversations c on c.id = p.id
          cross join (values ('csat'), ('nps')) k(kind)
        where p.solved and (k.kind = 'csat' or p.number % 20 = 0)`.execute(trx);
      await sql`insert into survey_responses (request_id, workspace_id, kind, conversation_id,
          customer_id, channel, agent_id, team_id, score, scale, rating, comment, locale,
          answered_at, updated_at)
        select r.id, r.workspace_id, r.kind, r.conversation_id, r.customer_id, r.channel,
          r.agent_id, r.team_id, s.score, r.scale,
          case when r.kind = 'csat' then case when s.score >= 4 then 'good' else 'bad' end
            when s.score >= 9 then 'promoter' when s.score >= 7 then 'passive'
            else 'detractor' end,
          case when s.score <= 2 then 'Too slow' end, 'en',
          r.sent_at + interval '3 hours', r.sent_at + interval '3 hours'
        from survey_requests r
          cross join lateral (select case when r.kind = 'csat' then 1 + floor(random() * 5)
            else floor(random() * 11) end::int as score) s
        where r.status = 'answered'
          and r.conversation_id in (select id from bench_plan)`.execute(trx);
      // The answer bot met 1 in 3 chats first: 40% confirmed, 20% assumed resolved, 30%
      // handed over, 10% unanswered.
      await sql`insert into answer_bot_sessions (id, workspace_id, conversation_id,
          customer_id, outcome, started_at, last_answer_at, settled_at)
        select gen_random_uuid(), ${ws}::uuid, c.id, c.customer_id, o.outcome,
          p.created_at - interval '2 minutes', p.created_at - interval '1 minute', p.created_at
        from bench_plan p join conversations c on c.id = p.id
          cross join lateral (select (array['confirmed', 'confirmed', 'confirmed', 'confirmed',
            'assumed', 'assumed', 'handed_over', 'handed_over', 'handed_over',
            'unanswered'])[1 + floor(random() * 10)::int] as outcome) o
        where p.channel = 'chat' and p.number % 3 = 0`.execute(trx);
    });
    process.stdout.write(`\r  seeded ${sizeLabel(start + count)} conversations`);
  }
  process.stdout.write('\n');
  await sql`delete from conversations where id = ${sample.id}`.execute(db);
  await sql`analyze`.execute(db);
  return ws;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { runs: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(at(1)) };
}

async function timeRequests(kefu: Kefu, owner: SignedIn, url: string) {
  const get = async () => {
    const started = performance.now();
    const response = await kefu.app.inject({ method: 'GET', url, ...as(owner) });
    const ms = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
    return { ms, body: response.json<unknown>() };
  };
  for (let i = 0; i < 3; i += 1) await get();
  const samples: number[] = [];
  let body: unknown = null;
  for (let i = 0; i < options.runs; i += 1) {
    const result = await get();
    samples.push(result.ms);
    body = result.body;
  }
  return { ...summary(samples), body };
}

async function main() {
  const base = new URL(options.databaseUrl);
  const name = flags.reuse ?? `kefu_bench_analytics_${randomBytes(4).toString('hex')}`;
  const admin = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: base.toString(), max: 1 }),
    }),
  });
  if (!flags.reuse) await sql.raw(`create database "${name}"`).execute(admin);
  base.pathname = `/${name}`;
  const dataDir = `${repoRoot}/.tmp/bench-analytics-${randomBytes(4).toString('hex')}`;
  const kefu = await createKefu(
    loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      SMTP_PORT: 'off',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: base.toString(),
    }),
    { jobs: 'manual' },
  );
  const db = kefu.database.db;
  try {
    let owner: SignedIn;
    let seedMs: number | null = null;
    let backfillMs: number | null = null;
    let backfilled = 0;
    if (flags.reuse) {
      // The earlier run's workspace: its owner signs in with the harness's password.
      const { email } = (
        await sql<{ email: string }>`select u.email from users u
          join memberships m on m.user_id = u.id and m.role = 'owner' limit 1`.execute(db)
      ).rows[0]!;
      owner = sessionFrom(await login(kefu.app, email, 'correct horse battery'));
      console.log(`Analytics bench: the reports again on ${name}`);
    } else {
      console.log(
        `Analytics bench: ${sizeLabel(options.conversations)} conversations on PostgreSQL`,
      );
      owner = await signUp(kefu.app, 'Analytics bench');
      let started = performance.now();
      await seed(kefu, owner);
      seedMs = performance.now() - started;
      started = performance.now();
      backfilled = await kefu.services.analyticsRefresher.refresh(owner.workspaceId);
      backfillMs = performance.now() - started;
      console.log(
        `  seeded in ${Math.round(seedMs / 1000)} s; facts of ${backfilled} conversations in ` +
          `${Math.round(backfillMs / 1000)} s (${Math.round(backfilled / (backfillMs / 1000))}/s)`,
      );
    }
    const ws = owner.workspaceId;
    await sql`vacuum analyze conversation_facts, analytics_dirty, survey_responses,
      answer_bot_sessions`.execute(db);
    const conversations = (
      await sql<{ n: number }>`select count(*)::int as n from conversation_facts
        where workspace_id = ${ws}`.execute(db)
    ).rows[0]!.n;
    const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
    const from = new Date(to.getTime() - 90 * DAY);
    const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
    const team = (
      await sql<{ id: string }>`select id from teams where workspace_id = ${ws} limit 1`.execute(
        kefu.database.db,
      )
    ).rows[0]!.id;
    const cases = {
      overview90Days: `/api/v1/analytics/overview?${range}&groupBy=day`,
      overview90DaysOneTeam: `/api/v1/analytics/overview?${range}&groupBy=day&teamId=${team}`,
      breakdownByAgent90Days: `/api/v1/analytics/breakdown?${range}&by=agent`,
      drillDownSolved90Days: `/api/v1/analytics/conversations?${range}&metric=solved&limit=50`,
      surveys90Days: `/api/v1/surveys/report?${range}&groupBy=day`,
      bot90Days: `/api/v1/answer-bot/report?${range}&groupBy=day`,
    };
    const results: Record<string, ReturnType<typeof summary>> = {};
    for (const [label, url] of Object.entries(cases)) {
      const { body, ...timing } = await timeRequests(kefu, owner, url);
      results[label] = timing;
      const { counts, overall, involved } = body as {
        counts?: { created: number; solved: number };
        overall?: { csat: { good: number; bad: number }; nps: { responses: number } };
        involved?: number;
      };
      // What each report counted, so a run shows it measured real rows.
      const what = counts
        ? ` (created ${counts.created}, solved ${counts.solved})`
        : overall
          ? ` (CSAT ${overall.csat.good + overall.csat.bad}, NPS ${overall.nps.responses})`
          : involved !== undefined
            ? ` (bot sessions ${involved})`
            : '';
      console.log(
        `  ${label}: p50 ${timing.p50} ms, p95 ${timing.p95} ms, max ${timing.max} ms${what}`,
      );
    }
    const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
    // A --reuse run has no seed or backfill to report: it keeps its own file, so the seeding
    // run's results (with those timings) stay as they were.
    const suffix = flags.reuse ? '-reuse' : '';
    await writeJson(`${resultsDir}/analytics-postgres-${sizeLabel(conversations)}${suffix}.json`, {
      at: new Date().toISOString(),
      machine: machineInfo(),
      conversations,
      seedSeconds: seconds(seedMs),
      backfill: flags.reuse
        ? `timed by the run that seeded ${name}`
        : { conversations: backfilled, seconds: seconds(backfillMs) },
      results,
    });
  } finally {
    await kefu.close();
    if (flags.keep || flags.reuse) console.log(`  kept the database ${name}`);
    else await sql.raw(`drop database "${name}" with (force)`).execute(admin);
    await admin.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
