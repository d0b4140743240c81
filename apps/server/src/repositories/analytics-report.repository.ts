import { type RawBuilder, sql } from 'kysely';
import type { Executor } from './executor.ts';

/** The slices a report is filtered by (ids or `none`, as the API takes them). */
export interface ReportFilters {
  channel?: string | undefined;
  teamId?: string | undefined;
  agentId?: string | undefined;
  priority?: string | undefined;
  tagId?: string | undefined;
  tier?: string | undefined;
  language?: string | undefined;
}
export interface ReportRange {
  from: Date;
  to: Date;
  /** Which durations: calendar time or business hours (each sorts its own columns only). */
  basis?: 'calendar' | 'business';
}

/** A duration column in the range's basis. */
const column = (r: ReportRange, metric: string) =>
  `f.${metric}${r.basis === 'business' ? '_business' : ''}_ms`;
/** What rows are grouped by: nothing, a dimension, or local time buckets. */
export type ReportGroup =
  | { kind: 'total' }
  | {
      kind: 'dimension';
      dimension: 'agent' | 'team' | 'channel' | 'priority' | 'tier' | 'language' | 'tag';
    }
  | { kind: 'bucket'; unit: 'hour' | 'day' | 'week' | 'month'; timezone: string };

/** count, mean, median and p90 of one column (nulls left out), as the aggregates return them. */
export interface RawStats {
  count: number;
  mean: number | null;
  pct: [number, number] | null;
}

const dimensionColumn = {
  agent: 'assignee_id',
  team: 'team_id',
  channel: 'channel',
  priority: 'priority',
  tier: 'tier',
  language: 'language',
} as const;

/**
 * The slice conditions on conversation_facts `f` (merged conversations left out). Survey and bot
 * reports join their rows to `f` by conversation id and use the same conditions, so every tab
 * slices alike. `attributed`: the agent and team slices apply to the joined row's own
 * attribution (a survey response's agent and team at rating time; see `attributionWhere`), not
 * to the conversation's current ones.
 */
export function whereOf(
  workspaceId: string,
  f: ReportFilters,
  options: { attributed?: boolean } = {},
): RawBuilder<unknown> {
  const parts = [sql`f.workspace_id = ${workspaceId}`, sql`not f.merged`];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(
      value === 'none'
        ? sql`${sql.ref(`f.${column}`)} is null`
        : sql`${sql.ref(`f.${column}`)} = ${value}`,
    );
  };
  eq('channel', f.channel);
  if (!options.attributed) {
    eq('team_id', f.teamId);
    eq('assignee_id', f.agentId);
  }
  eq('priority', f.priority);
  eq('tier', f.tier);
  eq('language', f.language);
  if (f.tagId !== undefined) parts.push(sql`${f.tagId}::uuid = any(f.tag_ids)`);
  return sql.join(parts, sql` and `);
}

/** The agent and team slices on a row's own `agent_id` and `team_id` (`alias`: its table). */
export function attributionWhere(alias: string, f: ReportFilters): RawBuilder<unknown> {
  const parts = [sql`true`];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    const ref = sql.ref(`${alias}.${column}`);
    parts.push(value === 'none' ? sql`${ref} is null` : sql`${ref} = ${value}`);
  };
  eq('agent_id', f.agentId);
  eq('team_id', f.teamId);
  return sql.join(parts, sql` and `);
}

/**
 * A time column's bucket label in the workspace's zone (`YYYY-MM-DDTHH:mm` of the local start;
 * weeks from Monday), as `bucketsOf` in the analytics service writes the labels.
 */
export function bucketOf(
  unit: 'hour' | 'day' | 'week' | 'month',
  timezone: string,
  column: string,
): RawBuilder<string> {
  return sql<string>`to_char(date_trunc(${unit}, ${sql.ref(column)} at time zone ${timezone}),
    'YYYY-MM-DD"T"HH24:MI')`;
}

/** `from … cross join lateral (…) g(key)`: the rows with the group key of each. */
function groupedFrom(group: ReportGroup, time: string): RawBuilder<unknown> {
  if (group.kind === 'total')
    return sql`conversation_facts f cross join lateral (select null::text) g(key)`;
  // A bucket's key is its local start (a timestamp: cheap to compute and hash per row); the
  // label is made once per bucket by `keyOf`.
  if (group.kind === 'bucket')
    return sql`conversation_facts f cross join lateral
      (select date_trunc(${group.unit}, ${sql.ref(`f.${time}`)} at time zone ${group.timezone}))
      g(key)`;
  if (group.dimension === 'tag')
    return sql`conversation_facts f cross join lateral unnest(case when cardinality(f.tag_ids) = 0
      then array[null::uuid] else f.tag_ids end) g(key)`;
  return sql`conversation_facts f cross join lateral
    (select ${sql.ref(`f.${dimensionColumn[group.dimension]}`)}::text) g(key)`;
}

/** The text key of a row of `groupedFrom` (a bucket's label as `bucketOf` writes it). */
function keyOf(group: ReportGroup): RawBuilder<string | null> {
  return group.kind === 'bucket' ? sql`to_char(g.key, 'YYYY-MM-DD"T"HH24:MI')` : sql`g.key`;
}

/** The durations of the solved side, in the order the overview and breakdown show them. */
export const solvedMetrics = [
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'agent_work',
  'handling',
] as const;
export type SolvedMetric = (typeof solvedMetrics)[number];

/**
 * `<alias>_count`, `_mean` and `_pct` ([median, p90]) of the values in the array column
 * `array` of the key's row (`over: 'key'`, a lateral subquery) or of every row of `g` together
 * (`over: 'all'`: the total). percentile_cont interpolates linearly, exactly as the
 * recomputation does. The arrays are unnested in the select list (a set-returning projection):
 * the same rows as `from unnest(…)`, without first copying them into a tuple store.
 */
function statsOver(array: string, alias: string, over: 'key' | 'all') {
  const values =
    over === 'key'
      ? sql`select unnest(${sql.ref(array)}) as x`
      : sql`select unnest(${sql.ref(array)}) as x from g`;
  return sql`(select count(x)::int as ${sql.ref(`${alias}_count`)},
    round(avg(x))::float8 as ${sql.ref(`${alias}_mean`)},
    percentile_cont(array[0.5, 0.9]::float8[]) within group (order by x)
      as ${sql.ref(`${alias}_pct`)}
    from (${values}) v) ${sql.ref(`s_${alias}`)}`;
}
/** The same columns, empty: for a metric a row does not report. */
const noStats = (alias: string) => sql`(select 0 as ${sql.ref(`${alias}_count`)},
  null::float8 as ${sql.ref(`${alias}_mean`)}, null::float8[] as ${sql.ref(`${alias}_pct`)})
  ${sql.ref(`s_${alias}`)}`;

type Row = Record<string, unknown> & { key: string | null };

/** Drill-down metrics over survey responses: their kind and rating (null: any rating). */
const surveyDrill: Record<string, { kind: string; rating: string | null }> = {
  csat_rated: { kind: 'csat', rating: null },
  csat_good: { kind: 'csat', rating: 'good' },
  csat_bad: { kind: 'csat', rating: 'bad' },
  nps_responses: { kind: 'nps', rating: null },
  nps_promoter: { kind: 'nps', rating: 'promoter' },
  nps_passive: { kind: 'nps', rating: 'passive' },
  nps_detractor: { kind: 'nps', rating: 'detractor' },
  ces_responses: { kind: 'ces', rating: null },
  ces_agree: { kind: 'ces', rating: 'agree' },
  ces_neutral: { kind: 'ces', rating: 'neutral' },
  ces_disagree: { kind: 'ces', rating: 'disagree' },
};

/** Drill-down metrics over answer bot sessions: their outcomes (empty: any). */
const botDrill: Record<string, string[]> = {
  bot_involved: [],
  bot_resolved: ['confirmed', 'assumed'],
  bot_confirmed: ['confirmed'],
  bot_assumed: ['assumed'],
  bot_handed_over: ['handed_over'],
  bot_unanswered: ['unanswered'],
  bot_pending: ['pending'],
};

/** Report aggregates over conversation_facts (and sla_metric_results), never the messages. */
export class AnalyticsReportRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Runs a report statement in its own short transaction with settings made for it:
   * - hash aggregation by key (enable_sort off): the planner cannot estimate how many keys an
   *   expression over a timestamp makes, takes one per row, and would sort the whole range by
   *   key instead (about a third of the statement at 200,000 rows);
   * - no parallel plan: with that estimate it prefers sorting a parallel scan of the whole
   *   table to reading the range through its index;
   * - no JIT: compiling the statement's expressions costs more than it saves here;
   * - work_mem enough for the keys' arrays and the percentile sorts to stay in memory.
   * Inside a caller's transaction the settings apply to the rest of it.
   */
  private tuned<T>(statement: (db: Executor) => Promise<T>): Promise<T> {
    const run = async (db: Executor) => {
      await sql`select set_config('work_mem', '64MB', true),
        set_config('enable_sort', 'off', true), set_config('jit', 'off', true),
        set_config('max_parallel_workers_per_gather', '0', true)`.execute(db);
      return statement(db);
    };
    return this.db.isTransaction ? run(this.db) : this.db.transaction().execute(run);
  }

  /**
   * Conversations created in the range, per group key: created, reopened, and the first and
   * next reply times (every next-reply exchange of those conversations). One pass over the
   * range: each key's durations are gathered into arrays (hash aggregation, no sort of the
   * range by key), and the statistics are computed from the arrays. `withTotal` adds one row
   * (`total` true) over all keys from the same arrays; not for the tag group, where a
   * conversation has as many keys as tags.
   */
  async createdAggregates(
    ws: string,
    f: ReportFilters,
    r: ReportRange,
    group: ReportGroup,
    options: { withTotal?: boolean } = {},
  ) {
    // One row per next-reply exchange (n.i its number), or one row with n null when none:
    // counts and the first reply take each conversation's first row only.
    const once = sql`(n.i is null or n.i = 1)`;
    const firstReply = sql.raw(column(r, 'first_reply'));
    const total = options.withTotal
      ? sql`union all
        select true, null, t.created, t.reopened, s_first_reply.*, s_next_reply.*
        from (select coalesce(sum(created), 0)::int as created,
            coalesce(sum(reopened), 0)::int as reopened from g) t
          cross join ${statsOver('g.first_reply', 'first_reply', 'all')}
          cross join ${statsOver('g.next_reply', 'next_reply', 'all')}`
      : sql``;
    return this.tuned(async (db) => {
      const result = await sql<Row & { total: boolean }>`
        with g as (
          select g.key, count(*) filter (where ${once})::int as created,
            count(*) filter (where ${once} and f.reopens > 0)::int as reopened,
            array_agg(${firstReply}) filter (where ${once} and ${firstReply} is not null)
              as first_reply,
            array_agg(n.ms) filter (where n.ms is not null) as next_reply
          from ${groupedFrom(group, 'created_at')}
            left join lateral unnest(${sql.raw(column(r, 'next_reply'))}) with ordinality
              n(ms, i) on true
          where ${whereOf(ws, f)} and f.created_at >= ${r.from} and f.created_at < ${r.to}
          group by g.key)
        select false as total, ${keyOf(group)} as key, g.created, g.reopened, s_first_reply.*, s_next_reply.*
        from g cross join lateral ${statsOver('g.first_reply', 'first_reply', 'key')}
          cross join lateral ${statsOver('g.next_reply', 'next_reply', 'key')}
        ${total}`.execute(db);
      return result.rows;
    });
  }

  /**
   * Conversations whose latest solve is in the range, per group key: solved, one-touch, FCR,
   * and the resolution and effort durations, gathered and computed as in createdAggregates.
   * `keyMetrics`: the durations each key's row reports (the overview's series shows only the
   * full resolution); the total row reports all of them.
   */
  async solvedAggregates(
    ws: string,
    f: ReportFilters,
    r: ReportRange,
    group: ReportGroup,
    options: { withTotal?: boolean; keyMetrics?: readonly SolvedMetric[] } = {},
  ) {
    const keyMetrics = options.keyMetrics ?? solvedMetrics;
    const arrays = solvedMetrics.map((m) => {
      const value = sql.raw(column(r, m));
      return sql`array_agg(${value}) filter (where ${value} is not null) as ${sql.ref(m)}`;
    });
    const keyStats = solvedMetrics.map((m) =>
      keyMetrics.includes(m)
        ? sql`cross join lateral ${statsOver(`g.${m}`, m, 'key')}`
        : sql`cross join ${noStats(m)}`,
    );
    const statsColumns = sql.join(solvedMetrics.map((m) => sql.raw(`s_${m}.*`)));
    const total = options.withTotal
      ? sql`union all
        select true, null, t.solved, t.one_touch, t.fcr, ${statsColumns}
        from (select coalesce(sum(solved), 0)::int as solved,
            coalesce(sum(one_touch), 0)::int as one_touch, coalesce(sum(fcr), 0)::int as fcr
          from g) t
        ${sql.join(
          solvedMetrics.map((m) => sql`cross join ${statsOver(`g.${m}`, m, 'all')}`),
          sql` `,
        )}`
      : sql``;
    return this.tuned(async (db) => {
      const result = await sql<Row & { total: boolean }>`
        with g as (
          select g.key, count(*)::int as solved, count(*) filter (where f.one_touch)::int
              as one_touch, count(*) filter (where f.fcr)::int as fcr, ${sql.join(arrays)}
          from ${groupedFrom(group, 'solved_at')}
          where ${whereOf(ws, f)} and f.solved_at >= ${r.from} and f.solved_at < ${r.to}
          group by g.key)
        select false as total, ${keyOf(group)} as key, g.solved, g.one_touch, g.fcr, ${statsColumns}
        from g ${sql.join(keyStats, sql` `)}
        ${total}`.execute(db);
      return result.rows;
    });
  }

  /** Unsolved, unmerged conversations now, whatever their creation date. */
  async backlog(ws: string, f: ReportFilters, group: ReportGroup) {
    // Tuned too: a parallel plan here takes the cores the report's other statements run on.
    return this.tuned(async (db) => {
      const result = await sql<{ key: string | null; backlog: number }>`
        select ${keyOf(group)} as key, count(*)::int as backlog
        from ${groupedFrom(group, 'created_at')}
        where ${whereOf(ws, f)} and f.solved_at is null
        group by g.key`.execute(db);
      return result.rows;
    });
  }

  /** SLA clock cycles that ended in the range (fulfilled or breached), per metric. */
  async slaAggregates(ws: string, f: ReportFilters, r: ReportRange, group: ReportGroup) {
    const ended = sql`coalesce(s.fulfilled_at, s.breached_at)`;
    const result = await sql<{
      key: string | null;
      metric: string;
      total: number;
      breached: number;
    }>`
      select ${keyOf(group)} as key, s.metric, count(*)::int as total, count(s.breached_at)::int as breached
      from ${groupedFrom(group, 'created_at')}
        join sla_metric_results s on s.conversation_id = f.conversation_id
      where ${whereOf(ws, f)} and s.workspace_id = ${ws}
        and ${ended} >= ${r.from} and ${ended} < ${r.to}
      group by g.key, s.metric`.execute(this.db);
    return result.rows;
  }

  /** Names of the agents, teams or tags a breakdown lists. */
  async labels(ws: string, dimension: 'agent' | 'team' | 'tag', ids: string[]) {
    if (ids.length === 0) return new Map<string, string>();
    const query =
      dimension === 'agent'
        ? sql<{ id: string; name: string }>`select u.id, u.name from users u
            join memberships m on m.user_id = u.id and m.workspace_id = ${ws}
            where u.id = any(${ids}::uuid[])`
        : dimension === 'team'
          ? sql<{ id: string; name: string }>`select id, name from teams
              where workspace_id = ${ws} and id = any(${ids}::uuid[])`
          : sql<{ id: string; name: string }>`select id, name from tags
              where workspace_id = ${ws} and id = any(${ids}::uuid[])`;
    return new Map((await query.execute(this.db)).rows.map((r) => [r.id, r.name]));
  }

  /** One page of the conversations behind a number, by id. */
  async conversations(
    ws: string,
    f: ReportFilters,
    r: ReportRange,
    metric: string,
    afterId: string | null,
    limit: number,
    slaMetric?: string,
  ) {
    const created = sql`f.created_at >= ${r.from} and f.created_at < ${r.to}`;
    const solved = sql`f.solved_at >= ${r.from} and f.solved_at < ${r.to}`;
    const ended = sql`coalesce(s.fulfilled_at, s.breached_at)`;
    const survey = surveyDrill[metric];
    const bot = botDrill[metric];
    const condition: Record<string, RawBuilder<unknown>> = {
      created,
      solved,
      reopened: sql`${created} and f.reopens > 0`,
      one_touch: sql`${solved} and f.one_touch`,
      fcr: sql`${solved} and f.fcr`,
      backlog: sql`f.solved_at is null`,
      first_reply: sql`${created} and ${sql.raw(column(r, 'first_reply'))} is not null`,
      next_reply: sql`${created} and cardinality(${sql.raw(column(r, 'next_reply'))}) > 0`,
      ...Object.fromEntries(
        solvedMetrics.map((m) => [m, sql`${solved} and ${sql.raw(column(r, m))} is not null`]),
      ),
      sla_breached: sql`exists (select 1 from sla_metric_results s
        where s.conversation_id = f.conversation_id and s.breached_at is not null
          and ${ended} >= ${r.from} and ${ended} < ${r.to}
          and (${slaMetric ?? null}::text is null or s.metric = ${slaMetric ?? null}))`,
    };
    // Survey and bot numbers: the conversations of the responses or sessions in the range,
    // found through their range indexes (survey_responses_range, answer_bot_sessions_started),
    // each probing its facts row by primary key (`lateral … limit 1`, so no hash join over a
    // sequential scan of the workspace's facts): the cost follows the rows in the range.
    const source = survey
      ? sql`select distinct r.conversation_id from survey_responses r
          where r.workspace_id = ${ws} and r.answered_at >= ${r.from} and r.answered_at < ${r.to}
            and r.kind = ${survey.kind}
            and (${survey.rating}::text is null or r.rating = ${survey.rating})
            and ${attributionWhere('r', f)}`
      : bot
        ? sql`select distinct s.conversation_id from answer_bot_sessions s
            where s.workspace_id = ${ws} and s.started_at >= ${r.from} and s.started_at < ${r.to}
              and (${bot.length === 0} or s.outcome = any(${bot}::text[]))`
        : null;
    const from = source
      ? sql`(${source}) p cross join lateral (select * from conversation_facts f
          where f.conversation_id = p.conversation_id
            and ${whereOf(ws, f, { attributed: survey !== undefined })} limit 1) f`
      : sql`conversation_facts f`;
    const where = source ? sql`true` : sql`${whereOf(ws, f)} and ${condition[metric]!}`;
    const result = await sql<{
      id: string;
      number: number;
      subject: string | null;
      status: string;
      channel: string;
      priority: string;
      created_at: Date;
      solved_at: Date | null;
      first_reply_ms: number | null;
      full_resolution_ms: number | null;
    }>`
      select c.id, c.number, c.subject, c.status, c.channel, c.priority, f.created_at,
        f.solved_at, ${sql.raw(column(r, 'first_reply'))} as first_reply_ms,
        ${sql.raw(column(r, 'full_resolution'))} as full_resolution_ms
      from ${from} join conversations c on c.id = f.conversation_id
      where ${where}
        and (${afterId}::uuid is null or f.conversation_id > ${afterId}::uuid)
      order by f.conversation_id limit ${limit}`.execute(this.db);
    return result.rows;
  }

  /** Open conversations whose next SLA due time is within `horizon` (or past), soonest first. */
  async aboutToBreach(ws: string, before: Date, limit: number) {
    const result = await sql<{
      id: string;
      number: number;
      subject: string | null;
      next_due_at: Date;
      breached: boolean;
      assignee_name: string | null;
    }>`
      select c.id, c.number, c.subject, s.next_due_at, s.breached, u.name as assignee_name
      from conversation_sla s join conversations c on c.id = s.conversation_id
        left join users u on u.id = c.assignee_id
      where s.workspace_id = ${ws} and s.next_due_at is not null and s.next_due_at < ${before}
        and c.status not in ('solved', 'closed') and c.merged_into_id is null
      order by s.next_due_at limit ${limit}`.execute(this.db);
    return result.rows;
  }
}
