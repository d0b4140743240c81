// SLA evaluation: every clock of 100,000 open conversations, computed from their facts.
// A scratch workspace gets a business calendar (Shanghai, weekdays with a lunch break, yearly
// holidays) and one policy with all seven metrics in business hours for every priority; the
// conversations (new, open, pending, on hold; one to three messages; status changes) are
// written with set-based SQL. Then, three times each:
//   1. end to end: SlaReportService.evaluateOpen (page through the open conversations, read
//      rows, applied policies, messages and status changes, compute every cycle);
//   2. compute only: the same computation over facts already in memory.
//
//   npm run bench:sla                         # PostgreSQL, 100,000 conversations
//   npm run bench:sla -- --db both --conversations 20000
//
// Options: --db postgres|pglite|both [postgres]  --conversations [100000]
//          --database-url [TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test]
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config.ts';
import type { DB } from '../apps/server/src/db/schema.ts';
import { type Kefu, createKefu } from '../apps/server/src/server.ts';
import { computeClocks } from '../apps/server/src/modules/sla/sla-clocks.ts';
import { factsOf } from '../apps/server/src/modules/sla/sla-facts.ts';
import { type AppliedSla, timelineFor } from '../apps/server/src/modules/sla/sla.service.ts';
import { as, signUp } from '../apps/server/src/test/harness.ts';
import {
  type Target,
  machineInfo,
  positiveInt,
  repoRoot,
  resultsDir,
  writeJson,
} from './shared.ts';

const { values: flags } = parseArgs({
  options: {
    db: { type: 'string' },
    conversations: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
const options = {
  conversations: positiveInt(flags.conversations, 100_000, '--conversations'),
  databaseUrl:
    flags['database-url'] ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test',
};
const dbChoice = flags.db ?? 'postgres';
const targets: Target[] = dbChoice === 'both' ? ['postgres', 'pglite'] : [dbChoice as Target];
const metrics = [
  'first_reply_time',
  'next_reply_time',
  'periodic_update_time',
  'pausable_update_time',
  'resolution_time',
  'requester_wait_time',
  'agent_work_time',
] as const;

/** Calendar, policy and one conversation through the API; then the rest in bulk. */
async function seed(kefu: Kefu) {
  const owner = await signUp(kefu.app, 'SLA bench');
  const post = async (url: string, payload: object) => {
    const response = await kefu.app.inject({ method: 'POST', url, payload, ...as(owner) });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
    return response.json<{ id: string; customer?: { id: string } }>();
  };
  const weekdays = [1, 2, 3, 4, 5];
  const calendar = await post('/api/v1/business-calendars', {
    name: 'Shanghai',
    timezone: 'Asia/Shanghai',
    intervals: [
      ...weekdays.map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
      ...weekdays.map((weekday) => ({ weekday, start: '13:00', end: '18:00' })),
    ],
  });
  await post(`/api/v1/business-calendars/${calendar.id}/holidays`, {
    name: 'National Day',
    startDate: '2020-10-01',
    endDate: '2020-10-07',
    yearly: true,
  });
  await post('/api/v1/sla-policies', {
    name: 'Everything',
    calendarId: calendar.id,
    targets: metrics.flatMap((metric, m) =>
      ['low', 'normal', 'high', 'urgent'].map((priority) => ({
        metric,
        priority,
        minutes: 60 * (m + 1),
        businessHours: true,
      })),
    ),
  });
  const sample = await post('/api/v1/conversations', {
    customer: { identity: { kind: 'email', value: 'bench@example.com' } },
    message: { body: 'sample' },
  });
  const db = kefu.database.db;
  const ws = owner.workspaceId;
  const n = options.conversations;
  const customerId = sample.customer!.id;
  await sql`
    insert into conversations (id, workspace_id, number, channel, status, priority, customer_id,
      custom_fields, last_message_at, created_at, updated_at)
    select gen_random_uuid(), ${ws}, 10 + i, (array['chat','email','api'])[1 + i % 3],
      (array['new','open','open','pending','on_hold'])[1 + i % 5],
      (array['low','normal','high','urgent'])[1 + i % 4], ${customerId}, '{}',
      now(), now() - (i % 20000) * interval '3 minutes', now()
    from generate_series(1, ${n}) as i`.execute(db);
  await sql`
    insert into messages (id, workspace_id, conversation_id, author_type, visibility, body,
      created_at)
    select gen_random_uuid(), workspace_id, id, 'customer', 'public', 'hello', created_at
      from conversations where workspace_id = ${ws}
    union all
    select gen_random_uuid(), workspace_id, id, 'agent', 'public', 'on it',
        created_at + interval '40 minutes'
      from conversations where workspace_id = ${ws} and status <> 'new'
    union all
    select gen_random_uuid(), workspace_id, id, 'customer', 'public', 'and?',
        created_at + interval '3 hours'
      from conversations where workspace_id = ${ws} and number % 3 = 0 and status <> 'new'`.execute(
    db,
  );
  await sql`
    insert into conversation_events (id, workspace_id, conversation_id, type, actor_type, data,
      created_at)
    select gen_random_uuid(), workspace_id, id, 'status.changed', 'system',
        jsonb_build_object('from', 'new', 'to', 'open'), created_at + interval '40 minutes'
      from conversations where workspace_id = ${ws} and status <> 'new'
    union all
    select gen_random_uuid(), workspace_id, id, 'status.changed', 'system',
        jsonb_build_object('from', 'open', 'to', status), created_at + interval '2 hours'
      from conversations where workspace_id = ${ws} and status in ('pending', 'on_hold')`.execute(
    db,
  );
  // Every bulk conversation gets the sample's applied policy (same targets for all priorities).
  await sql`
    insert into conversation_sla (conversation_id, workspace_id, policy_id, policy_name, applied,
      clocks, applied_at, updated_at)
    select c.id, c.workspace_id, s.policy_id, s.policy_name, s.applied, '[]', now(), now()
    from conversations c, conversation_sla s
    where c.workspace_id = ${ws} and s.conversation_id = ${sample.id} and c.id <> s.conversation_id`.execute(
    db,
  );
  await sql`analyze`.execute(db);
  return ws;
}

/** Every open conversation's facts, read once, for the compute-only runs. */
async function loadAll(kefu: Kefu, ws: string) {
  return kefu.database.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('status', 'not in', ['solved', 'closed'])
      .execute();
    const slas = new Map(
      (
        await trx
          .selectFrom('conversation_sla')
          .select(['conversation_id', 'applied'])
          .where('workspace_id', '=', ws)
          .execute()
      ).map((s) => [s.conversation_id, s.applied as unknown as AppliedSla]),
    );
    const messages = await trx
      .selectFrom('messages')
      .select(['conversation_id', 'created_at', 'author_type', 'visibility'])
      .where('workspace_id', '=', ws)
      .orderBy('conversation_id')
      .orderBy('created_at')
      .execute();
    const statuses = await trx
      .selectFrom('conversation_events')
      .select([
        'conversation_id',
        'created_at',
        sql<string>`data->>'from'`.as('from'),
        sql<string>`data->>'to'`.as('to'),
      ])
      .where('workspace_id', '=', ws)
      .where('type', '=', 'status.changed')
      .orderBy('conversation_id')
      .orderBy('created_at')
      .execute();
    const group = <T extends { conversation_id: string }>(list: T[]) => {
      const map = new Map<string, T[]>();
      for (const item of list)
        map.set(item.conversation_id, [...(map.get(item.conversation_id) ?? []), item]);
      return map;
    };
    const byMessages = group(messages);
    const byStatuses = group(statuses);
    return rows.map((row) => ({
      facts: factsOf(row, byMessages.get(row.id) ?? [], byStatuses.get(row.id) ?? []),
      applied: slas.get(row.id)!,
    }));
  });
}

async function measure(kefu: Kefu, ws: string) {
  const endToEnd: number[] = [];
  let totals: Awaited<ReturnType<Kefu['services']['slaReports']['evaluateOpen']>> | null = null;
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    totals = await kefu.services.slaReports.evaluateOpen(ws);
    endToEnd.push(Math.round(performance.now() - started));
  }
  const all = await loadAll(kefu, ws);
  const computeOnly: number[] = [];
  let cycles = 0;
  for (let run = 0; run < 3; run += 1) {
    const now = Date.now();
    const started = performance.now();
    cycles = 0;
    for (const { facts, applied } of all)
      cycles += computeClocks(
        facts,
        applied.targets,
        timelineFor(applied.calendar, applied.calendarKey),
        now,
        applied.carried,
      ).length;
    computeOnly.push(Math.round(performance.now() - started));
  }
  return { totals, cycles, endToEndMs: endToEnd, computeOnlyMs: computeOnly };
}

async function runTarget(target: Target) {
  let admin: Kysely<DB> | null = null;
  let name = '';
  let url: string | null = null;
  if (target === 'postgres') {
    const base = new URL(options.databaseUrl);
    name = `kefu_bench_sla_${randomBytes(4).toString('hex')}`;
    admin = new Kysely<DB>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: base.toString(), max: 1 }),
      }),
    });
    await sql.raw(`create database "${name}"`).execute(admin);
    base.pathname = `/${name}`;
    url = base.toString();
  }
  const dataDir = `${repoRoot}/.tmp/bench-sla-${randomBytes(4).toString('hex')}`;
  const kefu = await createKefu(
    loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      SMTP_PORT: 'off',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      ...(url ? { DATABASE_URL: url } : {}),
    }),
    { jobs: 'manual' },
  );
  try {
    const started = performance.now();
    const ws = await seed(kefu);
    const seedSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    return { target, seedSeconds, ...(await measure(kefu, ws)) };
  } finally {
    await kefu.close();
    await rm(dataDir, { recursive: true, force: true });
    if (admin) {
      await sql.raw(`drop database if exists "${name}" with (force)`).execute(admin);
      await admin.destroy();
    }
  }
}

const results = [];
for (const target of targets) results.push(await runTarget(target));
const file = path.join(resultsDir, `sla-eval-${dbChoice}.json`);
await writeJson(file, {
  at: new Date().toISOString(),
  machine: machineInfo(),
  options: { conversations: options.conversations },
  results,
});
process.stdout.write(`Wrote ${file}\n`);
