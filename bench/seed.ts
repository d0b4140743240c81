// Fills one workspace with conversations, messages, customers, teams, agents and tags for the
// benchmark (docs/PERFORMANCE.md). The workspace and its owner are created through the real
// sign-up endpoint; everything else is bulk-inserted with set-based SQL (INSERT … SELECT FROM
// generate_series) in batches, so memory stays bounded and 1M conversations load in minutes.
//
//   npm run bench:seed                                  # PostgreSQL, 1,000,000 conversations
//   npm run bench:seed -- --db pglite                   # PGlite, 100,000 conversations
//   npm run bench:seed -- --conversations 20000         # a quick small run
//
// Options (or environment variables): --db (BENCH_DB) postgres|pglite, --conversations
// (BENCH_CONVERSATIONS), --customers (BENCH_CUSTOMERS, default conversations / 5), --batch
// (BENCH_BATCH, conversations per statement), --database-url (BENCH_DATABASE_URL, the database
// must be named kefu_bench…), --pglite-dir (BENCH_PGLITE_DIR). The database or directory is
// dropped and re-created on every run.
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { indexTokens } from '@kefu/text';
import type { DB } from '../apps/server/src/db/schema.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { argon2Hasher } from '../apps/server/src/lib/password.ts';
import { createKefu } from '../apps/server/src/server.ts';
import {
  type Target,
  benchConfig,
  benchDatabase,
  benchOwner,
  defaultConversations,
  defaultPgliteDir,
  defaultPostgresUrl,
  machineInfo,
  positiveInt,
  resultsDir,
  seconds,
  sizeLabel,
  targetOf,
  writeJson,
} from './shared.ts';
import {
  type Lang,
  type TemplateKind,
  agentNames,
  emailDomains,
  extraTags,
  namePieces,
  replies,
  teams,
  topics,
} from './templates.ts';

const { values: flags } = parseArgs({
  options: {
    db: { type: 'string' },
    conversations: { type: 'string' },
    customers: { type: 'string' },
    batch: { type: 'string' },
    'database-url': { type: 'string' },
    'pglite-dir': { type: 'string' },
  },
});

const target: Target = targetOf(flags.db ?? process.env.BENCH_DB, 'postgres');
const conversationCount = positiveInt(
  flags.conversations ?? process.env.BENCH_CONVERSATIONS,
  defaultConversations[target],
  '--conversations',
);
const customerCount = positiveInt(
  flags.customers ?? process.env.BENCH_CUSTOMERS,
  Math.max(1, Math.round(conversationCount / 5)),
  '--customers',
);
const batchSize = positiveInt(
  flags.batch ?? process.env.BENCH_BATCH,
  target === 'postgres' ? 50_000 : 10_000,
  '--batch',
);
const databaseUrl = flags['database-url'] ?? process.env.BENCH_DATABASE_URL ?? defaultPostgresUrl;
const pgliteDir = flags['pglite-dir'] ?? process.env.BENCH_PGLITE_DIR ?? defaultPgliteDir;

/** Tables loaded in bulk; their secondary indexes are dropped first and rebuilt afterwards. */
const bulkTables = [
  'customers',
  'customer_identities',
  'conversations',
  'conversation_tags',
  'messages',
];
const langs: Lang[] = ['zh', 'en'];
const dayMs = 86_400_000;

const started = Date.now();
const timings: Record<string, number> = {};
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const result = await work();
  timings[name] = (timings[name] ?? 0) + (Date.now() - t0);
  return result;
}
const log = (message: string) => console.log(`[${seconds(Date.now() - started)}] ${message}`);

async function recreatePostgresDatabase() {
  const { name, adminUrl } = benchDatabase(databaseUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  log(`created database ${name}`);
}

/** Every template with the search tokens Kefu would store for it. */
function templateRows() {
  const rows: {
    kind: TemplateKind;
    lang: Lang;
    idx: number;
    subject: string;
    body: string;
    tokens: string;
  }[] = [];
  for (const lang of langs) {
    topics[lang].forEach((t, idx) =>
      // The first message is indexed together with the subject, as ConversationService does.
      rows.push({
        kind: 'topic',
        lang,
        idx,
        subject: t.subject,
        body: t.body,
        tokens: indexTokens(`${t.subject} ${t.body}`),
      }),
    );
    for (const kind of ['agent', 'followup', 'note'] as const)
      replies[lang][kind].forEach((body, idx) =>
        rows.push({ kind, lang, idx, subject: '', body, tokens: indexTokens(` ${body}`) }),
      );
  }
  return rows;
}

/** 400 Chinese and 400 English names, with tokens for the name and the email's local part. */
function customerNames() {
  const names: string[] = [];
  const nameTokens: string[] = [];
  const locals: string[] = [];
  const localTokens: string[] = [];
  for (const lang of langs) {
    const { family, given } = namePieces[lang];
    for (const [familyName, familyRoman] of family)
      for (const [givenName, givenRoman] of given) {
        const name = lang === 'zh' ? `${familyName}${givenName}` : `${givenName} ${familyName}`;
        const local = `${givenRoman}.${familyRoman}`;
        names.push(name);
        nameTokens.push(indexTokens(name));
        locals.push(local);
        localTokens.push(indexTokens(local));
      }
  }
  const domains = langs.flatMap((l) => emailDomains[l]);
  return {
    names,
    nameTokens,
    locals,
    localTokens,
    domains,
    domainTokens: domains.map(indexTokens),
  };
}

async function main() {
  console.log(
    `Seeding ${target}: ${conversationCount.toLocaleString('en')} conversations, ` +
      `${customerCount.toLocaleString('en')} customers, batches of ${batchSize.toLocaleString('en')}`,
  );
  if (target === 'postgres') await step('create database', recreatePostgresDatabase);
  else await fs.rm(pgliteDir, { recursive: true, force: true });

  const kefu = await step('migrate', () =>
    createKefu(benchConfig(target, { url: databaseUrl, pgliteDir })),
  );
  try {
    const signup = await step('sign up', () =>
      kefu.app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { ...benchOwner, locale: 'zh-CN', timezone: 'Asia/Shanghai' },
      }),
    );
    if (signup.statusCode !== 201) throw new Error(`Sign-up failed: ${signup.body}`);
    const session = signup.json<{ workspace: { id: string }; user: { id: string } }>();
    const workspaceId = session.workspace.id;
    log(`signed up ${benchOwner.email}; workspace ${workspaceId}`);

    const db = kefu.database.db;
    const people = await step('agents, teams, tags', () => insertPeople(db, workspaceId));
    log(`inserted ${people.agentIds.length} agents, ${people.teamIds.length} teams, tags`);

    const counts = await db.connection().execute(async (conn) => {
      await prepareSession(conn);
      const dropped = await step('drop indexes', () => dropSecondaryIndexes(conn));
      log(`dropped ${dropped.length} secondary indexes for the load`);
      await loadCustomers(conn, workspaceId);
      await loadConversations(conn, workspaceId, people);
      await step('counters', async () => {
        await sql`update workspace_counters set value = ${conversationCount}
          where workspace_id = ${workspaceId}::uuid and name = 'conversation'`.execute(conn);
      });
      for (const index of dropped) {
        await step('rebuild indexes', () => sql.raw(index.def).execute(conn));
        log(`rebuilt ${index.name}`);
      }
      await sql`set session_replication_role = origin`.execute(conn);
      await sql`drop table bench_customer, bench_template`.execute(conn);
      for (const table of bulkTables) {
        await step('vacuum analyze', () => sql.raw(`vacuum (analyze) ${table}`).execute(conn));
        log(`vacuum analyze ${table}`);
      }
      for (const setting of [
        'maintenance_work_mem',
        'work_mem',
        'synchronous_commit',
        'statement_timeout',
      ])
        await sql`reset ${sql.raw(setting)}`.execute(conn);
      return datasetCounts(conn, workspaceId);
    });
    const totalMs = Date.now() - started;
    log(`done in ${seconds(totalMs)}: ${JSON.stringify(counts)}`);
    await writeJson(`${resultsDir}/seed-${target}-${sizeLabel(conversationCount)}.json`, {
      target,
      date: new Date().toISOString(),
      machine: machineInfo(),
      options: { conversationCount, customerCount, batchSize },
      counts,
      seconds: Object.fromEntries(
        Object.entries({ ...timings, total: totalMs }).map(([k, v]) => [
          k,
          Math.round(v / 100) / 10,
        ]),
      ),
    });
  } finally {
    await kefu.close();
  }
}

async function insertPeople(db: Kysely<DB>, workspaceId: string) {
  const passwordHash = await argon2Hasher.hash('kefu-bench-agent-2026');
  const agentIds = agentNames.map(() => newId());
  await db
    .insertInto('users')
    .values(
      agentNames.map((name, i) => ({
        id: agentIds[i]!,
        email: `agent${String(i + 1).padStart(2, '0')}@bench.kefu.local`,
        email_key: `agent${String(i + 1).padStart(2, '0')}@bench.kefu.local`,
        name,
        password_hash: passwordHash,
        locale: i < 10 ? 'zh-CN' : 'en',
      })),
    )
    .execute();
  await db
    .insertInto('memberships')
    .values(
      agentIds.map((id, i) => ({
        workspace_id: workspaceId,
        user_id: id,
        role: i < 18 ? ('agent' as const) : ('supervisor' as const),
      })),
    )
    .execute();
  const teamIds = teams.map(() => newId());
  await db
    .insertInto('teams')
    .values(
      teams.map((team, i) => ({ id: teamIds[i]!, workspace_id: workspaceId, name: team.name })),
    )
    .execute();
  await db
    .insertInto('team_members')
    .values(
      agentIds.flatMap((userId, a) =>
        (a < 18 ? [teamIds[a % 6]!] : teamIds).map((teamId) => ({
          team_id: teamId,
          user_id: userId,
          workspace_id: workspaceId,
        })),
      ),
    )
    .execute();
  const topicTagNames = langs.flatMap((l) => topics[l].map((t) => t.tag));
  const tagRows = [...topicTagNames, ...extraTags].map((name) => ({
    id: newId(),
    workspace_id: workspaceId,
    name,
    name_key: name.toLowerCase(),
  }));
  await db.insertInto('tags').values(tagRows).execute();
  return {
    agentIds,
    teamIds,
    topicTagIds: tagRows.slice(0, topicTagNames.length).map((t) => t.id),
    extraTagIds: tagRows.slice(topicTagNames.length).map((t) => t.id),
  };
}

type Conn = Kysely<DB>;

/**
 * Session settings for a bulk load, helper functions and template tables. Foreign-key triggers
 * are skipped (session_replication_role = replica): every reference is built from rows inserted
 * just before, so the data is consistent by construction.
 */
async function prepareSession(conn: Conn) {
  const big = target === 'postgres';
  await sql.raw(`set temp_buffers = '${big ? '256MB' : '32MB'}'`).execute(conn);
  await sql.raw(`set maintenance_work_mem = '${big ? '1GB' : '128MB'}'`).execute(conn);
  await sql.raw(`set work_mem = '${big ? '64MB' : '16MB'}'`).execute(conn);
  await sql`set synchronous_commit = off`.execute(conn);
  // Index builds on millions of rows outlast the application pool's statement timeout.
  await sql`set statement_timeout = 0`.execute(conn);
  await sql`set session_replication_role = replica`.execute(conn);
  // Deterministic pseudo-random numbers from (i, seed): u in [0, 1), h in [0, m).
  await sql`create function pg_temp.u(i bigint, seed bigint) returns float8 language sql immutable
    as $$ select (hashint8extended(i, seed) & 9007199254740991)::float8 / 9007199254740992.0 $$`.execute(
    conn,
  );
  await sql`create function pg_temp.h(i bigint, seed bigint, m int) returns int language sql immutable
    as $$ select ((hashint8extended(i, seed) & 2147483647) % m)::int $$`.execute(conn);
  // A UUIDv7 for a timestamp, as the application makes them (version 7, RFC variant).
  await sql`create function pg_temp.uuid7(ts timestamptz) returns uuid language sql volatile
    as $$ select (lpad(to_hex(floor(extract(epoch from ts) * 1000)::bigint), 12, '0') || '7'
      || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid $$`.execute(
    conn,
  );
  // Messages per conversation: 1 to 9, 5 on average; a new conversation has only the first.
  await sql`create function pg_temp.msg_count(n int, status text) returns int language sql immutable
    as $$ select case when status = 'new' then 1 else 1 + pg_temp.h(n, 5, 9) end $$`.execute(conn);
  const templates = templateRows();
  await sql`create temp table bench_template (kind text, lang text, idx int, subject text,
    body text, tsv tsvector, primary key (kind, lang, idx))`.execute(conn);
  await sql`insert into bench_template
    select k, l, i, nullif(s, ''), b, to_tsvector('simple', t)
    from unnest(${templates.map((t) => t.kind)}::text[], ${templates.map((t) => t.lang)}::text[],
      ${templates.map((t) => t.idx)}::int[], ${templates.map((t) => t.subject)}::text[],
      ${templates.map((t) => t.body)}::text[], ${templates.map((t) => t.tokens)}::text[])
      as x(k, l, i, s, b, t)`.execute(conn);
  await sql`create temp table bench_customer (idx int primary key, id uuid not null)`.execute(conn);
  log(`prepared ${templates.length} message templates`);
}

async function dropSecondaryIndexes(conn: Conn) {
  const { rows } = await sql<{ name: string; def: string }>`
    select ic.relname as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    where t.relnamespace = 'public'::regnamespace and t.relname = any(${bulkTables}::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by t.relname, ic.relname`.execute(conn);
  for (const row of rows) await sql`drop index ${sql.id(row.name)}`.execute(conn);
  return rows;
}

function batches(total: number, size: number) {
  const out: [number, number][] = [];
  for (let a = 1; a <= total; a += size) out.push([a, Math.min(total, a + size - 1)]);
  return out;
}

const span = { now: new Date(Math.floor(Date.now() / 1000) * 1000) };
const conversationsFrom = new Date(span.now.getTime() - 730 * dayMs);
const customersFrom = new Date(conversationsFrom.getTime() - 180 * dayMs);

async function loadCustomers(conn: Conn, workspaceId: string) {
  const n = customerNames();
  const now = span.now.toISOString();
  const from = customersFrom.toISOString();
  for (const [a, b] of batches(customerCount, batchSize)) {
    await step('customers', () =>
      sql`
      with g as materialized (
        select x.*, pg_temp.uuid7(x.ca) as id,
          (case x.lang when 'zh' then 0 else 400 end) + x.nidx + 1 as n,
          (case x.lang when 'zh' then 0 else 4 end) + x.didx + 1 as d
        from (
          select i,
            ${from}::timestamptz + ((i - pg_temp.u(i, 10)) / ${customerCount}::float8)
              * (${now}::timestamptz - ${from}::timestamptz) as ca,
            case when pg_temp.u(i, 11) < 0.55 then 'zh' else 'en' end as lang,
            pg_temp.h(i, 12, 400) as nidx, pg_temp.h(i, 13, 100) as kr, pg_temp.h(i, 14, 4) as didx,
            pg_temp.u(i, 15) < 0.2 as second_phone
          from generate_series(${a}::int, ${b}::int) i
        ) x
      ),
      v as (
        select g.*, p.phone, regexp_replace(p.phone, '[^0-9+]', '', 'g') as phone_key,
          trim(regexp_replace(p.phone, '[^0-9]+', ' ', 'g')) as phone_tokens,
          case when g.kr < 60 then 'email' when g.kr < 80 then 'phone'
            when g.kr < 95 then 'visitor' else 'external' end as kind
        from g
        cross join lateral (select case g.lang
          when 'zh' then '+86 13' || lpad(g.i::text, greatest(9, length(g.i::text)), '0')
          else '+1 415 ' || lpad(g.i::text, greatest(7, length(g.i::text)), '0') end as phone) p
      ),
      w as (
        select v.*,
          case v.kind
            when 'email' then (${n.locals}::text[])[v.n] || '.' || v.i || '@' || (${n.domains}::text[])[v.d]
            when 'phone' then v.phone
            when 'visitor' then 'visitor-' || to_hex(v.i) || substr(md5(v.i::text), 1, 6)
            else 'crm-' || (100000 + v.i) end as value,
          case v.kind
            when 'email' then (${n.localTokens}::text[])[v.n] || ' ' || v.i || ' ' || (${n.domainTokens}::text[])[v.d]
            when 'phone' then v.phone_tokens
            when 'visitor' then 'visitor ' || to_hex(v.i) || substr(md5(v.i::text), 1, 6)
            else 'crm ' || (100000 + v.i) end as tokens
        from v
      ),
      customers_in as (
        insert into customers (id, workspace_id, name, locale, timezone, search_vector, created_at, updated_at)
        select id, ${workspaceId}::uuid, (${n.names}::text[])[n],
          case lang when 'zh' then 'zh-CN' else 'en' end,
          case lang when 'zh' then 'Asia/Shanghai' else 'America/New_York' end,
          to_tsvector('simple', (${n.nameTokens}::text[])[n] || ' ' || tokens
            || case when second_phone and kind = 'email' then ' ' || phone_tokens else '' end),
          ca, ca
        from w
      ),
      identities_in as (
        insert into customer_identities (id, workspace_id, customer_id, kind, value, value_key, created_at)
        select pg_temp.uuid7(ca), ${workspaceId}::uuid, id, kind, value,
          case kind when 'phone' then phone_key else value end, ca
        from w
        union all
        select pg_temp.uuid7(ca), ${workspaceId}::uuid, id, 'phone', phone, phone_key, ca
        from w where second_phone and kind = 'email'
      )
      insert into bench_customer (idx, id) select i, id from g`.execute(conn),
    );
    log(`customers ${b.toLocaleString('en')} / ${customerCount.toLocaleString('en')}`);
  }
  await sql`analyze bench_customer`.execute(conn);
  await sql`analyze bench_template`.execute(conn);
}

async function loadConversations(
  conn: Conn,
  workspaceId: string,
  people: { agentIds: string[]; teamIds: string[]; topicTagIds: string[]; extraTagIds: string[] },
) {
  const now = span.now.toISOString();
  const from = conversationsFrom.toISOString();
  const customersStart = customersFrom.toISOString();
  // Cumulative team shares; 3% of conversations have no team (team 0).
  let cumulative = 0.03;
  const teamBounds = teams.map((t) => (cumulative += t.share * 0.97));
  const teamCase = sql.raw(
    `case ${teamBounds.map((bound, i) => `when r_team < ${bound.toFixed(4)} then ${i + 1}`).join(' ')} else ${teams.length} end`,
  );
  const topicCount = topics.zh.length;
  const agentCount = replies.zh.agent.length;
  const noteCount = replies.zh.note.length;
  for (const [a, b] of batches(conversationCount, batchSize)) {
    await step('conversations', () =>
      sql`
      insert into conversations (id, workspace_id, number, channel, subject, status, priority,
        customer_id, assignee_id, team_id, last_message_at, created_at, updated_at)
      select pg_temp.uuid7(s.created_at), ${workspaceId}::uuid, s.i, s.channel, t.subject, s.status,
        s.priority, cm.id,
        case when s.status = 'new' or s.unassigned then null
          when s.team = 0 then (${people.agentIds}::uuid[])[1 + pg_temp.h(s.i, 9, 20)]
          else (${people.agentIds}::uuid[])[s.team + 6 * pg_temp.h(s.i, 9, 3)] end,
        case when s.team = 0 then null else (${people.teamIds}::uuid[])[s.team] end,
        case when pg_temp.msg_count(s.i, s.status) = 1 then s.created_at else s.updated_at end,
        s.created_at, s.updated_at
      from (
        select y.*,
          case when y.status in ('solved', 'closed')
              then least(${now}::timestamptz, y.created_at + pg_temp.u(y.i, 6) * interval '72 hours')
            when y.status = 'new'
              then least(${now}::timestamptz, y.created_at + pg_temp.u(y.i, 6) * interval '10 minutes')
            else y.created_at + pg_temp.u(y.i, 6) * (${now}::timestamptz - y.created_at) end as updated_at
        from (
          select x.*,
            case when x.created_at > ${now}::timestamptz - interval '30 days' then
              case when x.r < 0.10 then 'new' when x.r < 0.45 then 'open' when x.r < 0.65 then 'pending'
                when x.r < 0.70 then 'on_hold' else 'solved' end
            else
              case when x.r < 0.01 then 'open' when x.r < 0.02 then 'pending'
                when x.r < 0.25 then 'solved' else 'closed' end
            end as status,
            case when x.r_team < 0.03 then 0 else ${teamCase} end as team,
            greatest(1, x.cmax - floor(x.cmax * power(pg_temp.u(x.i, 8), 3))::int) as customer_idx
          from (
            select g.i, g.created_at, pg_temp.u(g.i, 3) as r, pg_temp.u(g.i, 7) as r_team,
              pg_temp.u(g.i, 16) < 0.05 as unassigned,
              case when pg_temp.u(g.i, 1) < 0.55 then 'zh' else 'en' end as lang,
              pg_temp.h(g.i, 2, ${topicCount}) as topic,
              (array['chat','chat','chat','chat','chat','chat','chat','email','email','email','email',
                'email','wechat','wechat','wechat','wechat','phone','phone','api','wecom'])[1 + pg_temp.h(g.i, 17, 20)] as channel,
              (array['low','low','low','normal','normal','normal','normal','normal','normal','normal',
                'normal','normal','normal','normal','normal','normal','high','high','high','urgent'])[1 + pg_temp.h(g.i, 18, 20)] as priority,
              least(${customerCount}, greatest(1, floor(${customerCount}::float8
                * extract(epoch from g.created_at - ${customersStart}::timestamptz)
                / extract(epoch from ${now}::timestamptz - ${customersStart}::timestamptz))::int)) as cmax
            from (
              select i, ${from}::timestamptz + ((i - pg_temp.u(i, 4)) / ${conversationCount}::float8)
                * (${now}::timestamptz - ${from}::timestamptz) as created_at
              from generate_series(${a}::int, ${b}::int) i
            ) g
          ) x
        ) y
      ) s
      join bench_customer cm on cm.idx = s.customer_idx
      join bench_template t on t.kind = 'topic' and t.lang = s.lang and t.idx = s.topic`.execute(
        conn,
      ),
    );
    await step('tags', () =>
      sql`
      insert into conversation_tags (conversation_id, tag_id, workspace_id)
      select c.id, (${people.topicTagIds}::uuid[])[
          (case when pg_temp.u(c.number, 1) < 0.55 then 0 else ${topicCount} end)
          + pg_temp.h(c.number, 2, ${topicCount}) + 1], c.workspace_id
      from conversations c
      where c.workspace_id = ${workspaceId}::uuid and c.number between ${a} and ${b}
        and pg_temp.u(c.number, 21) < 0.6
      union all
      select c.id, (${people.extraTagIds}::uuid[])[1 + pg_temp.h(c.number, 23, ${extraTags.length})],
        c.workspace_id
      from conversations c
      where c.workspace_id = ${workspaceId}::uuid and c.number between ${a} and ${b}
        and pg_temp.u(c.number, 22) < 0.1`.execute(conn),
    );
    // Messages run from the conversation's creation to its last update: the first is the
    // customer's (the topic), then agent replies (a tenth of them internal notes) alternate
    // with customer follow-ups.
    await step('messages', () =>
      sql`
      insert into messages (id, workspace_id, conversation_id, author_type, author_id, visibility,
        body, html, search_vector, created_at)
      select pg_temp.uuid7(m.at), m.workspace_id, m.conversation_id,
        case when m.kind in ('topic', 'followup') then 'customer' else 'agent' end,
        case when m.kind in ('agent', 'note')
          then coalesce(m.assignee_id, (${people.agentIds}::uuid[])[1 + pg_temp.h(m.key, 33, 20)]) end,
        case when m.kind = 'note' then 'internal' else 'public' end,
        t.body, null, t.tsv, m.at
      from (
        select c.id as conversation_id, c.workspace_id, c.assignee_id, c.number, k.k,
          c.number::bigint * 16 + k.k as key,
          case when n.n = 1 then c.created_at
            else c.created_at + (c.updated_at - c.created_at) * (k.k::float8 / (n.n - 1)) end as at,
          case when pg_temp.u(c.number, 1) < 0.55 then 'zh' else 'en' end as lang,
          case when k.k = 0 then 'topic'
            when k.k % 2 = 1 then
              case when pg_temp.u(c.number::bigint * 16 + k.k, 31) < 0.1 then 'note' else 'agent' end
            when pg_temp.u(c.number::bigint * 16 + k.k, 31) < 0.2 then 'agent'
            else 'followup' end as kind
        from conversations c
        cross join lateral (select pg_temp.msg_count(c.number, c.status) as n) n
        cross join lateral generate_series(0, n.n - 1) as k(k)
        where c.workspace_id = ${workspaceId}::uuid and c.number between ${a} and ${b}
      ) m
      join bench_template t on t.kind = m.kind and t.lang = m.lang and t.idx =
        case m.kind when 'topic' then pg_temp.h(m.number, 2, ${topicCount})
          when 'note' then pg_temp.h(m.key, 32, ${noteCount})
          else pg_temp.h(m.key, 32, ${agentCount}) end`.execute(conn),
    );
    log(`conversations ${b.toLocaleString('en')} / ${conversationCount.toLocaleString('en')}`);
  }
}

async function datasetCounts(conn: Conn, workspaceId: string) {
  const { rows } = await sql<Record<string, number>>`select
    (select count(*)::int from conversations where workspace_id = ${workspaceId}::uuid) as conversations,
    (select count(*)::int from messages where workspace_id = ${workspaceId}::uuid) as messages,
    (select count(*)::int from customers where workspace_id = ${workspaceId}::uuid) as customers,
    (select count(*)::int from customer_identities where workspace_id = ${workspaceId}::uuid) as identities,
    (select count(*)::int from conversation_tags where workspace_id = ${workspaceId}::uuid) as "conversationTags",
    (select count(*)::int from teams where workspace_id = ${workspaceId}::uuid) as teams,
    (select count(*)::int from memberships where workspace_id = ${workspaceId}::uuid) as members,
    (select count(*)::int from conversations where workspace_id = ${workspaceId}::uuid and status = 'open') as "openConversations",
    pg_database_size(current_database()) as "databaseBytes"`.execute(conn);
  return rows[0]!;
}

await main();
