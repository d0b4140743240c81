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

function whereOf(workspaceId: string, f: ReportFilters): RawBuilder<unknown> {
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
  eq('team_id', f.teamId);
  eq('assignee_id', f.agentId);
  eq('priority', f.priority);
  eq('tier', f.tier);
  eq('language', f.language);
  if (f.tagId !== undefined) parts.push(sql`${f.tagId}::uuid = any(f.tag_ids)`);
  return sql.join(parts, sql` and `);
}

/** `from … cross join lateral (…) g(key)`: the rows with the group key of each. */
function groupedFrom(group: ReportGroup, time: string): RawBuilder<unknown> {
  if (group.kind === 'total')
    return sql`conversation_facts f cross join lateral (select null::text) g(key)`;
  if (group.kind === 'bucket')
    return sql`conversation_facts f cross join lateral (select to_char(date_trunc(${group.unit},
      ${sql.ref(`f.${time}`)} at time zone ${group.timezone}), 'YYYY-MM-DD"T"HH24:MI')) g(key)`;
  if (group.dimension === 'tag')
    return sql`conversation_facts f cross join lateral unnest(case when cardinality(f.tag_ids) = 0
      then array[null::uuid] else f.tag_ids end) g(key)`;
  return sql`conversation_facts f cross join lateral
    (select ${sql.ref(`f.${dimensionColumn[group.dimension]}`)}::text) g(key)`;
}

const stats = (column: string, alias: string) => sql`count(${sql.raw(column)})::int as ${sql.ref(
  `${alias}_count`,
)}, round(avg(${sql.raw(column)}))::float8 as ${sql.ref(`${alias}_mean`)},
  percentile_cont(array[0.5, 0.9]::float8[]) within group (order by ${sql.raw(column)})
    as ${sql.ref(`${alias}_pct`)}`;

type Row = Record<string, unknown> & { key: string | null };

/** Report aggregates over conversation_facts (and sla_metric_results), never the messages. */
export class AnalyticsReportRepository {
  constructor(private readonly db: Executor) {}

  /** Conversations created in the range: created, reopened, first reply times. */
  async createdAggregates(ws: string, f: ReportFilters, r: ReportRange, group: ReportGroup) {
    const result = await sql<Row>`
      select g.key, count(*)::int as created, count(*) filter (where f.reopens > 0)::int as reopened,
        ${stats(column(r, 'first_reply'), 'first_reply')}
      from ${groupedFrom(group, 'created_at')}
      where ${whereOf(ws, f)} and f.created_at >= ${r.from} and f.created_at < ${r.to}
      group by g.key`.execute(this.db);
    return result.rows;
  }

  /** Every next-reply exchange of conversations created in the range. */
  async nextReplyAggregates(ws: string, f: ReportFilters, r: ReportRange, group: ReportGroup) {
    const result = await sql<Row>`
      select g.key, ${stats('n.ms', 'next_reply')}
      from ${groupedFrom(group, 'created_at')}
        cross join lateral unnest(${sql.raw(column(r, 'next_reply'))}) n(ms)
      where ${whereOf(ws, f)} and f.created_at >= ${r.from} and f.created_at < ${r.to}
      group by g.key`.execute(this.db);
    return result.rows;
  }

  /** Conversations whose latest solve is in the range: resolution and effort metrics. */
  async solvedAggregates(ws: string, f: ReportFilters, r: ReportRange, group: ReportGroup) {
    const durations = [
      'first_resolution',
      'full_resolution',
      'requester_wait',
      'agent_work',
      'handling',
    ].map((m) => stats(column(r, m), m));
    const result = await sql<Row>`
      select g.key, count(*)::int as solved, count(*) filter (where f.one_touch)::int as one_touch,
        count(*) filter (where f.fcr)::int as fcr, ${sql.join(durations)}
      from ${groupedFrom(group, 'solved_at')}
      where ${whereOf(ws, f)} and f.solved_at >= ${r.from} and f.solved_at < ${r.to}
      group by g.key`.execute(this.db);
    return result.rows;
  }

  /**
   * The series: per bucket, conversations created (with the median first reply) or solved
   * (with the median full resolution). Only what the chart shows, so it sorts one column.
   */
  async seriesAggregates(
    ws: string,
    f: ReportFilters,
    r: ReportRange,
    group: ReportGroup,
    by: 'created' | 'solved',
  ) {
    const time = by === 'created' ? 'created_at' : 'solved_at';
    const metric = by === 'created' ? 'first_reply' : 'full_resolution';
    const result = await sql<Row>`
      select g.key, count(*)::int as ${sql.ref(by)},
        percentile_cont(array[0.5, 0.5]::float8[]) within group
          (order by ${sql.raw(column(r, metric))}) as ${sql.ref(`${metric}_pct`)}
      from ${groupedFrom(group, time)}
      where ${whereOf(ws, f)} and ${sql.ref(`f.${time}`)} >= ${r.from}
        and ${sql.ref(`f.${time}`)} < ${r.to}
      group by g.key`.execute(this.db);
    return result.rows;
  }

  /** Unsolved, unmerged conversations now, whatever their creation date. */
  async backlog(ws: string, f: ReportFilters, group: ReportGroup) {
    const result = await sql<{ key: string | null; backlog: number }>`
      select g.key, count(*)::int as backlog
      from ${groupedFrom(group, 'created_at')}
      where ${whereOf(ws, f)} and f.solved_at is null
      group by g.key`.execute(this.db);
    return result.rows;
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
      select g.key, s.metric, count(*)::int as total, count(s.breached_at)::int as breached
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
  ) {
    const created = sql`f.created_at >= ${r.from} and f.created_at < ${r.to}`;
    const solved = sql`f.solved_at >= ${r.from} and f.solved_at < ${r.to}`;
    const ended = sql`coalesce(s.fulfilled_at, s.breached_at)`;
    const condition: Record<string, RawBuilder<unknown>> = {
      created,
      solved,
      reopened: sql`${created} and f.reopens > 0`,
      one_touch: sql`${solved} and f.one_touch`,
      fcr: sql`${solved} and f.fcr`,
      backlog: sql`f.solved_at is null`,
      sla_breached: sql`exists (select 1 from sla_metric_results s
        where s.conversation_id = f.conversation_id and s.breached_at is not null
          and ${ended} >= ${r.from} and ${ended} < ${r.to})`,
    };
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
        f.solved_at, f.first_reply_ms, f.full_resolution_ms
      from conversation_facts f join conversations c on c.id = f.conversation_id
      where ${whereOf(ws, f)} and ${condition[metric]!}
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
