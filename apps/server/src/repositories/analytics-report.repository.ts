import { type RawBuilder, sql } from 'kysely';
import { type DurationAggregate, durationAggregate, unpackDurations } from './duration-stats.ts';
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
 * A metric's values per key, packed as `unpackDurations` reads them (null: none): 4 bytes a
 * value below 2^31 ms (24 days), the marker -1 and 8 bytes for any other.
 */
export const packDurations = (value: RawBuilder<unknown>, where: RawBuilder<unknown>) =>
  sql<string | null>`encode(string_agg(case when ${value} between 0 and 2147483646
      then int4send(${value}::int4) else '\\xffffffff'::bytea || int8send(${value}) end,
    ''::bytea) filter (where ${where}), 'base64')`;
const valuesOf = (value: RawBuilder<unknown>, where: RawBuilder<unknown>, alias: string) =>
  sql`${packDurations(value, where)} as ${sql.ref(alias)}`;

type Row = Record<string, unknown> & { key: string | null };

/** `<alias>_count`, `_mean` and `_pct` of a statistics result, as the report shapes read them. */
const statsColumns = (alias: string, stats: DurationAggregate) => ({
  [`${alias}_count`]: stats.count,
  [`${alias}_mean`]: stats.mean,
  [`${alias}_pct`]: stats.pct,
});

/**
 * The rows of a report statement (counts and value arrays per key) with the statistics of each
 * key's values (`keyMetrics`; the others empty), and with `withTotal` one more row (`total`
 * true, key null) that sums the counts and takes the statistics over every key's values.
 */
function withStats(
  rows: Row[],
  counts: readonly string[],
  metrics: readonly string[],
  options: { keyMetrics: readonly string[]; withTotal: boolean },
): (Row & { total: boolean })[] {
  const values = Object.fromEntries(
    metrics.map((m) => [m, unpackDurations(rows.map((row) => row[m] as string | null))]),
  );
  const none = durationAggregate(new Float64Array(0));
  const result: (Row & { total: boolean })[] = rows.map((row, i) => {
    const out: Row & { total: boolean } = { total: false, key: row.key };
    for (const c of counts) out[c] = row[c];
    for (const m of metrics) {
      const wanted = options.keyMetrics.includes(m);
      Object.assign(out, statsColumns(m, wanted ? durationAggregate(values[m]!.parts[i]!) : none));
    }
    return out;
  });
  if (options.withTotal) {
    const total: Row & { total: boolean } = { total: true, key: null };
    for (const c of counts) total[c] = rows.reduce((sum, row) => sum + Number(row[c] ?? 0), 0);
    for (const m of metrics)
      Object.assign(total, statsColumns(m, durationAggregate(values[m]!.all)));
    result.push(total);
  }
  return result;
}

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

/**
 * Runs a report statement in its own short transaction with settings made for it (every
 * report's aggregate: these, the survey report's and the bot report's):
 * - hash aggregation by key (enable_sort off): the planner cannot estimate how many keys an
 *   expression over a timestamp makes, takes one per row, and would sort the whole range by
 *   key instead (about a third of the statement at 200,000 rows);
 * - no parallel plan: with that estimate it prefers sorting a parallel scan of the whole
 *   table to reading the range through its index;
 * - no JIT: compiling the statement's expressions costs more than it saves here (the survey
 *   report's statement at 1,000,000 conversations: 0.9 s of JIT in a 1.3 s statement);
 * - work_mem enough for the keys' arrays to stay in memory.
 * Inside a caller's transaction the settings apply to the rest of it.
 */
export function tunedForReport<T>(
  db: Executor,
  statement: (db: Executor) => Promise<T>,
): Promise<T> {
  const run = async (scope: Executor) => {
    await sql`select set_config('work_mem', '64MB', true),
      set_config('enable_sort', 'off', true), set_config('jit', 'off', true),
      set_config('max_parallel_workers_per_gather', '0', true)`.execute(scope);
    return statement(scope);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Report aggregates over conversation_facts (and sla_metric_results), never the messages. */
export class AnalyticsReportRepository {
  constructor(private readonly db: Executor) {}

  private tuned<T>(statement: (db: Executor) => Promise<T>): Promise<T> {
    return tunedForReport(this.db, statement);
  }

  /**
   * Conversations created in the range, per group key: created, reopened, and the first and
   * next reply times (every next-reply exchange of those conversations). One pass over the
   * range: a hash aggregation gathers each key's durations into arrays, which Node reduces to
   * statistics (`withStats`). `withTotal` adds one row (`total` true) over all keys; not for
   * the tag group, where a conversation has as many keys as tags.
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
    const rows = await this.tuned(async (db) => {
      const result = await sql<Row>`
        select ${keyOf(group)} as key, count(*) filter (where ${once})::int as created,
          count(*) filter (where ${once} and f.reopens > 0)::int as reopened,
          ${valuesOf(firstReply, sql`${once} and ${firstReply} is not null`, 'first_reply')},
          ${valuesOf(sql`n.ms`, sql`n.ms is not null`, 'next_reply')}
        from ${groupedFrom(group, 'created_at')}
          left join lateral unnest(${sql.raw(column(r, 'next_reply'))}) with ordinality
            n(ms, i) on true
        where ${whereOf(ws, f)} and f.created_at >= ${r.from} and f.created_at < ${r.to}
        group by g.key`.execute(db);
      return result.rows;
    });
    const metrics = ['first_reply', 'next_reply'];
    return withStats(rows, ['created', 'reopened'], metrics, {
      keyMetrics: metrics,
      withTotal: options.withTotal ?? false,
    });
  }

  /**
   * Conversations whose latest solve is in the range, per group key: solved, one-touch, FCR,
   * and the resolution and effort durations, gathered and reduced as in createdAggregates.
   * `keyMetrics`: the durations each key's row reports (the overview's series shows only the
   * full resolution); the total row reports all of them. A metric neither needs is not sent.
   */
  async solvedAggregates(
    ws: string,
    f: ReportFilters,
    r: ReportRange,
    group: ReportGroup,
    options: { withTotal?: boolean; keyMetrics?: readonly SolvedMetric[] } = {},
  ) {
    const keyMetrics = options.keyMetrics ?? solvedMetrics;
    const withTotal = options.withTotal ?? false;
    const sent = solvedMetrics.filter((m) => withTotal || keyMetrics.includes(m));
    const arrays = sent.map((m) => {
      const value = sql.raw(column(r, m));
      return valuesOf(value, sql`${value} is not null`, m);
    });
    const rows = await this.tuned(async (db) => {
      const result = await sql<Row>`
        select ${keyOf(group)} as key, count(*)::int as solved,
          count(*) filter (where f.one_touch)::int as one_touch,
          count(*) filter (where f.fcr)::int as fcr
          ${sql.join(
            arrays.map((a) => sql`, ${a}`),
            sql``,
          )}
        from ${groupedFrom(group, 'solved_at')}
        where ${whereOf(ws, f)} and f.solved_at >= ${r.from} and f.solved_at < ${r.to}
        group by g.key`.execute(db);
      return result.rows;
    });
    return withStats(rows, ['solved', 'one_touch', 'fcr'], solvedMetrics, {
      keyMetrics,
      withTotal,
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
