// Routing decision time: 1,000 online agents in one balanced team and 10,000 waiting chats.
// Measures, on a scratch database:
//   1. the decision alone: chooseAgent over the 1,000 candidates of a snapshot (in memory);
//   2. one decision as the engine makes it in a drain: choose, then the assignment, one
//      autocommitted call of routing_assign (lock the agent's row, re-check load against
//      capacity, guarded UPDATE, queue row, timeline and events); as in a drain, the events of
//      every 25 decisions are positioned, presented and published in one run (timed separately);
//   3. the snapshot a drain round starts from (team, 1,000 candidates with load and skills,
//      the head of the queue), read once per 200 decisions;
//   4. on PostgreSQL, the machine's floor under 2: a bare `select 1` round trip, and the
//      assignment's writes as one hand-written statement committed on its own (a bare pg client,
//      no lock, no events, no Kefu code) for --decisions more conversations of the queue, and
//      routing_assign itself called from that bare client for --decisions more.
// The seed is checkpointed before measuring, so its writes are not flushed during it.
//
//   npm run bench:routing                       # PostgreSQL
//   npm run bench:routing -- --db both --decisions 2000
//
// Options: --db postgres|pglite|both [postgres]  --agents [1000]  --waiting [10000]
//          --decisions [2000]  --database-url [TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test]
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { loadConfig } from '../apps/server/src/config.ts';
import type { DB } from '../apps/server/src/db/schema.ts';
import { chooseAgent } from '../apps/server/src/modules/routing/routing-strategy.ts';
import { publishEvery } from '../apps/server/src/modules/routing/routing-engine.service.ts';
import { type Kefu, createKefu } from '../apps/server/src/server.ts';
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
    agents: { type: 'string' },
    waiting: { type: 'string' },
    decisions: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
const options = {
  agents: positiveInt(flags.agents, 1000, '--agents'),
  waiting: positiveInt(flags.waiting, 10_000, '--waiting'),
  decisions: positiveInt(flags.decisions, 2000, '--decisions'),
  databaseUrl:
    flags['database-url'] ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test',
};
if (options.decisions * 3 + 50 > options.waiting)
  throw new Error('--waiting must be at least three times --decisions (the floor takes its own)');
const dbChoice = flags.db ?? 'postgres';
const targets: Target[] = dbChoice === 'both' ? ['postgres', 'pglite'] : [dbChoice as Target];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Number(n.toFixed(3));
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1)!),
  };
}

/** 1,000 agents in one team, online, with some open chats; 10,000 waiting chats in its queue. */
async function seed(kefu: Kefu) {
  const db = kefu.database.db;
  const owner = await signUp(kefu.app, 'Routing bench');
  const ws = owner.workspaceId;
  const team = await kefu.app.inject({
    method: 'POST',
    url: '/api/v1/teams',
    ...as(owner),
    payload: { name: 'Bench queue' },
  });
  const teamId = team.json<{ id: string }>().id;
  const now = new Date();
  const agents = Array.from({ length: options.agents }, (_, i) => ({ id: uuidv7(), i }));
  for (let start = 0; start < agents.length; start += 500) {
    const chunk = agents.slice(start, start + 500);
    await db
      .insertInto('users')
      .values(
        chunk.map(({ id, i }) => ({
          id,
          email: `agent${i}@bench.local`,
          email_key: `agent${i}-${id}@bench.local`,
          name: `Agent ${i}`,
          password_hash: 'x',
        })),
      )
      .execute();
    await db
      .insertInto('memberships')
      .values(chunk.map(({ id }) => ({ workspace_id: ws, user_id: id, role: 'agent' as const })))
      .execute();
    await db
      .insertInto('team_members')
      .values(chunk.map(({ id }) => ({ workspace_id: ws, team_id: teamId, user_id: id })))
      .execute();
    await db
      .insertInto('agent_presence')
      .values(chunk.map(({ id }) => ({ workspace_id: ws, user_id: id, last_seen_at: now })))
      .execute();
  }
  // Capacity 20 chats each; every agent already has 0–4 open (the balanced choice matters).
  await kefu.app.inject({
    method: 'PATCH',
    url: '/api/v1/routing/settings',
    ...as(owner),
    payload: { defaultCapacity: { chat: 20 } },
  });
  await db
    .insertInto('agent_load')
    .values(
      agents.map(({ id, i }) => ({
        workspace_id: ws,
        user_id: id,
        channel: 'chat',
        open_count: i % 5,
      })),
    )
    .execute();
  const customerId = uuidv7();
  await db
    .insertInto('customers')
    .values({ id: customerId, workspace_id: ws, name: 'Bench' })
    .execute();
  for (let start = 0; start < options.waiting; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, options.waiting - start) }, (_, k) => {
      const n = start + k;
      return { id: uuidv7(), n, at: new Date(now.getTime() - (options.waiting - n) * 1000) };
    });
    await db
      .insertInto('conversations')
      .values(
        rows.map((r) => ({
          id: r.id,
          workspace_id: ws,
          number: r.n + 1,
          channel: 'chat' as const,
          status: 'new' as const,
          priority: (['low', 'normal', 'high', 'urgent'] as const)[r.n % 4]!,
          customer_id: customerId,
          team_id: teamId,
          created_at: r.at,
          updated_at: r.at,
        })),
      )
      .execute();
    await db
      .insertInto('routing_queue')
      .values(
        rows.map((r) => ({
          conversation_id: r.id,
          workspace_id: ws,
          team_id: teamId,
          customer_id: customerId,
          channel: 'chat',
          priority_rank: r.n % 4,
          tier_rank: r.n % 10 === 0 ? 1 : 0,
          queued_at: r.at,
          required_skills: '[]',
        })),
      )
      .execute();
  }
  await db
    .insertInto('workspace_counters')
    .values({ workspace_id: ws, name: 'conversation', value: options.waiting })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'name']).doUpdateSet({ value: options.waiting }),
    )
    .execute();
  // The team turns balanced last, so nothing was assigned while seeding.
  await db
    .insertInto('team_routing')
    .values({ team_id: teamId, workspace_id: ws, strategy: 'balanced', required_skills: '[]' })
    .execute();
  await sql`analyze`.execute(db);
  // The seed's writes would otherwise be checkpointed during the measurement.
  if (kefu.database.kind === 'postgres') await sql`checkpoint`.execute(db);
  return { ws, teamId };
}

const warmUpDecisions = 50;

async function measure(kefu: Kefu, ws: string, teamId: string) {
  const engine = kefu.services.routing.engine;
  const snapshotMs: number[] = [];
  const decideMs: number[] = [];
  const decisionMs: number[] = [];
  const publishMs: number[] = [];
  let snapshot = null as Awaited<ReturnType<typeof engine.snapshot>>;
  let head = 0;
  // The first decisions warm the JIT and each pooled connection's plans; like the other
  // benches' warm-up requests, they are made but not timed.
  for (let done = -warmUpDecisions; done < options.decisions;) {
    if (!snapshot || head >= snapshot.waiting.length) {
      const t0 = performance.now();
      snapshot = await engine.snapshot(ws, teamId);
      snapshotMs.push(performance.now() - t0);
      head = 0;
      if (!snapshot) throw new Error('nothing to route');
    }
    const queued = snapshot.waiting[head++]!;
    const t0 = performance.now();
    const agent = chooseAgent(
      snapshot.team,
      {
        conversationId: queued.conversation_id,
        channel: queued.channel,
        requiredSkills: queued.required_skills,
        queuedAt: new Date(queued.queued_at).getTime(),
        declinedBy: queued.declined_by,
        previousAgentId: null,
      },
      snapshot.candidates,
      Date.now(),
    );
    const t1 = performance.now();
    if (!agent) throw new Error('no agent chosen');
    const outcome = await engine.assign(snapshot.team, queued, agent.userId, snapshot.defaults, {
      deferEvents: true,
    });
    const t2 = performance.now();
    if (outcome !== 'assigned') throw new Error(`assignment ${outcome}`);
    agent.load.chat = (agent.load.chat ?? 0) + 1;
    agent.lastAssignedAt = Date.now();
    if (done >= 0) {
      decideMs.push(t1 - t0);
      decisionMs.push(t2 - t0);
    }
    done += 1;
    if (done % publishEvery === 0) {
      const t3 = performance.now();
      await engine.publishDeferred(ws);
      publishMs.push(performance.now() - t3);
    }
  }
  return {
    chooseAgentMs: stats(decideMs),
    decisionWithAssignmentMs: stats(decisionMs),
    snapshotMs: stats(snapshotMs),
    publishEventsPer25Ms: stats(publishMs),
  };
}

/**
 * What the database and this machine cost before any Kefu code: a `select 1` round trip, and
 * the writes one assignment makes (the guarded conversation update with its triggers, the
 * queue row's removal, the timeline entry, the assignment record) as one autocommitted
 * statement. Conversations come from the end of the queue the engine drains from the front.
 */
async function measureFloor(url: string, ws: string, teamId: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const agents = await client.query<{ user_id: string }>(
      'select user_id from team_members where team_id = $1',
      [teamId],
    );
    const queued = await client.query<{ conversation_id: string }>(
      `select conversation_id from routing_queue where team_id = $1
       order by queued_at desc limit $2`,
      [teamId, options.decisions * 2],
    );
    const roundTrip: number[] = [];
    for (let i = 0; i < options.decisions; i++) {
      const t = performance.now();
      await client.query({ name: 'floor_select', text: 'select 1' });
      roundTrip.push(performance.now() - t);
    }
    const assignStatement: number[] = [];
    for (const [i, row] of queued.rows.slice(0, options.decisions).entries()) {
      const agentId = agents.rows[i % agents.rows.length]!.user_id;
      const t = performance.now();
      const result = await client.query({
        name: 'floor_assign',
        text: `with queued as (
            select conversation_id, queued_at from routing_queue
            where workspace_id = $1 and conversation_id = $2 and team_id = $3
            for update skip locked),
          assigned as (
            update conversations c set assignee_id = $4,
              status = case when c.status = 'new' then 'open' else c.status end, updated_at = $5
            where c.id in (select conversation_id from queued) and c.assignee_id is null
            returning c.id, c.workspace_id),
          gone as (delete from routing_queue where conversation_id in (select id from assigned)),
          timeline as (
            insert into conversation_events
              (id, workspace_id, conversation_id, type, actor_type, actor_id, data, created_at)
            select $6::uuid, a.workspace_id, a.id, 'assignee.changed', 'system', null,
              jsonb_build_object('from', null, 'to', $4::uuid, 'reason', 'routing'), $5
            from assigned a)
          insert into routing_assignments
            (id, workspace_id, team_id, conversation_id, agent_id, queued_at, assigned_at)
          select $7::uuid, $1, $3, a.id, $4, q.queued_at, $5
          from assigned a join queued q on q.conversation_id = a.id`,
        values: [ws, row.conversation_id, teamId, agentId, new Date(), uuidv7(), uuidv7()],
      });
      assignStatement.push(performance.now() - t);
      if (result.rowCount !== 1) throw new Error('floor assignment found nothing to assign');
    }
    // The engine's own call (agent lock, load check, assignment, timeline, events) from the
    // same bare client, on the next conversations: what the app around it adds is the rest.
    const assignFunction: number[] = [];
    for (const [i, row] of queued.rows.slice(options.decisions).entries()) {
      const agentId = agents.rows[(i * 7) % agents.rows.length]!.user_id;
      const t = performance.now();
      const result = await client.query<{ outcome: string }>({
        name: 'floor_function',
        text: `select * from routing_assign($1, $2, $3, $4, 'chat', 20, 'routing', $5,
          array[$6, $7]::uuid[], $8, true)`,
        values: [
          ws,
          row.conversation_id,
          teamId,
          agentId,
          new Date(),
          uuidv7(),
          uuidv7(),
          uuidv7(),
        ],
      });
      assignFunction.push(performance.now() - t);
      if (result.rows[0]?.outcome !== 'assigned')
        throw new Error(`routing_assign: ${result.rows[0]?.outcome}`);
    }
    return {
      roundTripMs: stats(roundTrip),
      assignStatementMs: stats(assignStatement),
      assignFunctionMs: stats(assignFunction),
    };
  } finally {
    await client.end();
  }
}

async function runTarget(target: Target) {
  let admin: Kysely<DB> | null = null;
  let name = '';
  let url: string | null = null;
  if (target === 'postgres') {
    const base = new URL(options.databaseUrl);
    name = `kefu_bench_routing_${randomBytes(4).toString('hex')}`;
    admin = new Kysely<DB>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: base.toString(), max: 1 }),
      }),
    });
    await sql.raw(`create database "${name}"`).execute(admin);
    base.pathname = `/${name}`;
    url = base.toString();
  }
  const dataDir = `${repoRoot}/.tmp/bench-routing-${randomBytes(4).toString('hex')}`;
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
    const { ws, teamId } = await seed(kefu);
    const seedSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    const result = await measure(kefu, ws, teamId);
    const floor = url ? await measureFloor(url, ws, teamId) : null;
    return { target, seedSeconds, ...result, ...(floor ? { floor } : {}) };
  } finally {
    await kefu.close();
    if (admin) {
      await sql.raw(`drop database if exists "${name}" with (force)`).execute(admin);
      await admin.destroy();
    }
  }
}

const results = [];
for (const target of targets) results.push(await runTarget(target));
const file = path.join(resultsDir, `routing-${dbChoice}.json`);
await writeJson(file, {
  at: new Date().toISOString(),
  machine: machineInfo(),
  options: { agents: options.agents, waiting: options.waiting, decisions: options.decisions },
  results,
});
process.stdout.write(`Wrote ${file}\n`);
