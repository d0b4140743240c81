import type { z } from 'zod';
import { DateTime } from 'luxon';
import type {
  AnalyticsBreakdown,
  AnalyticsBreakdownQuery,
  AnalyticsConversationPage,
  AnalyticsConversationsQuery,
  AnalyticsGroupBy,
  AnalyticsLive,
  AnalyticsOverview,
  AnalyticsQuery,
  AnalyticsSla,
} from '@kefu/contracts';
import { AppError } from '../../lib/errors.ts';
import type {
  ReportFilters,
  ReportGroup,
  ReportRange,
} from '../../repositories/analytics-report.repository.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { AnalyticsRefresher } from './analytics-refresh.ts';
import { countsFrom, durationsFrom, statsFrom } from './report-shape.ts';

/** At most this many days in one report (hour buckets: 31 days). */
const maxDays = 400;
const maxHourDays = 31;

type Filters = z.output<typeof AnalyticsQuery>;

function rangeOf(
  query: { from: string; to: string; basis?: ReportRange['basis'] },
  groupBy?: AnalyticsGroupBy,
): ReportRange {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from)
    throw new AppError('validation_failed', 'to: must be after from', { field: 'to' });
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  const limit = groupBy === 'hour' ? maxHourDays : maxDays;
  if (days > limit)
    throw new AppError('validation_failed', `to: a range of at most ${limit} days`, {
      field: 'to',
    });
  return { from, to, basis: query.basis ?? 'calendar' };
}

/** The slices of a report query (survey and bot reports take the same ones). */
export function filtersOf(query: Partial<Filters>): ReportFilters {
  const { channel, teamId, agentId, priority, tagId, tier, language } = query;
  return { channel, teamId, agentId, priority, tagId, tier, language };
}

const byKey = <T extends { key: string | null }>(rows: T[]) => new Map(rows.map((r) => [r.key, r]));

/**
 * Reports over conversation_facts (see AnalyticsRefresher): every read first brings the
 * workspace's facts up to date, so a report includes every write committed before it.
 */
export class AnalyticsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly refresher: AnalyticsRefresher,
  ) {}

  private async read<T>(actor: Actor, work: (repos: Repositories) => Promise<T>) {
    await this.refresher.refresh(actor.workspaceId);
    return this.deps.uow.read(work);
  }

  /** One group's counts and durations for the whole range, and the series by bucket. */
  async overview(actor: Actor, query: Filters): Promise<AnalyticsOverview> {
    const range = rangeOf(query, query.groupBy);
    const filters = filtersOf(query);
    const ws = actor.workspaceId;
    return this.read(actor, async (repos) => {
      const workspace = await repos.workspaces.findWorkspace(ws);
      const timezone = workspace?.timezone ?? 'UTC';
      const r = repos.analyticsReports;
      const total: ReportGroup = { kind: 'total' };
      const bucket: ReportGroup = { kind: 'bucket', unit: query.groupBy, timezone };
      // Independent statements: on PostgreSQL they run side by side on the pool. The created
      // and solved statements each return the series' buckets and the total in one pass.
      const [createdRows, solvedRows, sla, [backlog]] = await Promise.all([
        r.createdAggregates(ws, filters, range, bucket, { withTotal: true }),
        r.solvedAggregates(ws, filters, range, bucket, {
          withTotal: true,
          keyMetrics: ['full_resolution'],
        }),
        r.slaAggregates(ws, filters, range, total),
        r.backlog(ws, filters, total),
      ]);
      const created = createdRows.find((row) => row.total);
      const solved = solvedRows.find((row) => row.total);
      const createdSeries = byKey(createdRows.filter((row) => !row.total));
      const solvedSeries = byKey(solvedRows.filter((row) => !row.total));
      return {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        timezone,
        groupBy: query.groupBy,
        basis: query.basis,
        counts: countsFrom(created, solved, sla),
        backlog: backlog?.backlog ?? 0,
        durations: durationsFrom(created, solved),
        series: bucketsOf(range, query.groupBy, timezone).map((b) => {
          const c = createdSeries.get(b.label);
          const s = solvedSeries.get(b.label);
          return {
            ...b,
            created: Number(c?.created ?? 0),
            solved: Number(s?.solved ?? 0),
            firstReplyMedianMs: statsFrom(c, 'first_reply').median,
            fullResolutionMedianMs: statsFrom(s, 'full_resolution').median,
          };
        }),
      };
    });
  }

  /** The same numbers per agent, team, channel, priority, tier, language or tag. */
  async breakdown(
    actor: Actor,
    query: z.output<typeof AnalyticsBreakdownQuery>,
  ): Promise<AnalyticsBreakdown> {
    const range = rangeOf(query);
    const filters = filtersOf(query);
    const ws = actor.workspaceId;
    return this.read(actor, async (repos) => {
      const r = repos.analyticsReports;
      const group: ReportGroup = { kind: 'dimension', dimension: query.by };
      const [createdRows, solvedRows, sla, backlogRows] = await Promise.all([
        r.createdAggregates(ws, filters, range, group),
        r.solvedAggregates(ws, filters, range, group),
        r.slaAggregates(ws, filters, range, group),
        r.backlog(ws, filters, group),
      ]);
      const created = byKey(createdRows);
      const solved = byKey(solvedRows);
      const backlog = byKey(backlogRows);
      const keys = [...new Set([...created.keys(), ...solved.keys(), ...backlog.keys()])];
      const labels =
        query.by === 'agent' || query.by === 'team' || query.by === 'tag'
          ? await r.labels(
              ws,
              query.by,
              keys.filter((k): k is string => k !== null),
            )
          : null;
      return {
        by: query.by,
        basis: query.basis,
        rows: keys
          .map((key) => ({
            key,
            label: key === null ? null : labels ? (labels.get(key) ?? key) : key,
            counts: countsFrom(
              created.get(key),
              solved.get(key),
              sla.filter((s) => s.key === key),
            ),
            backlog: backlog.get(key)?.backlog ?? 0,
            durations: durationsFrom(created.get(key), solved.get(key)),
          }))
          .sort((a, b) => b.counts.created - a.counts.created || compareKeys(a.label, b.label)),
      };
    });
  }

  /** SLA cycles that ended in the range, per metric (met = fulfilled within target). */
  async sla(actor: Actor, query: Filters): Promise<AnalyticsSla> {
    const range = rangeOf(query);
    return this.read(actor, async (repos) => {
      const rows = await repos.analyticsReports.slaAggregates(
        actor.workspaceId,
        filtersOf(query),
        range,
        { kind: 'total' },
      );
      return {
        byMetric: rows
          .map((r) => ({
            metric: r.metric,
            total: r.total,
            breached: r.breached,
            achieved: r.total - r.breached,
          }))
          .sort((a, b) => a.metric.localeCompare(b.metric)),
      };
    });
  }

  /** The conversations behind a number, a page at a time. */
  async conversations(
    actor: Actor,
    query: z.output<typeof AnalyticsConversationsQuery>,
  ): Promise<AnalyticsConversationPage> {
    const range = rangeOf(query);
    const afterId = query.cursor ? decodeCursor(query.cursor) : null;
    return this.read(actor, async (repos) => {
      const rows = await repos.analyticsReports.conversations(
        actor.workspaceId,
        filtersOf(query),
        range,
        query.metric,
        afterId,
        query.limit + 1,
        query.slaMetric,
      );
      const page = rows.slice(0, query.limit);
      return {
        items: page.map((row) => ({
          id: row.id,
          number: row.number,
          subject: row.subject,
          status: row.status as AnalyticsConversationPage['items'][number]['status'],
          channel: row.channel as AnalyticsConversationPage['items'][number]['channel'],
          priority: row.priority as AnalyticsConversationPage['items'][number]['priority'],
          createdAt: new Date(row.created_at).toISOString(),
          solvedAt: row.solved_at ? new Date(row.solved_at).toISOString() : null,
          firstReplyMs: row.first_reply_ms === null ? null : Number(row.first_reply_ms),
          fullResolutionMs: row.full_resolution_ms === null ? null : Number(row.full_resolution_ms),
        })),
        nextCursor:
          rows.length > query.limit ? Buffer.from(page.at(-1)!.id).toString('base64url') : null,
      };
    });
  }

  /** Open conversations due within the next hour (or already past due), soonest first. */
  async aboutToBreach(actor: Actor): Promise<AnalyticsLive['aboutToBreach']> {
    const before = new Date(this.deps.clock.now().getTime() + 60 * 60_000);
    const rows = await this.deps.uow.read((repos) =>
      repos.analyticsReports.aboutToBreach(actor.workspaceId, before, 50),
    );
    return rows.map((r) => ({
      conversationId: r.id,
      number: r.number,
      subject: r.subject,
      dueAt: new Date(r.next_due_at).toISOString(),
      breached: r.breached,
      assigneeName: r.assignee_name,
    }));
  }
}

function compareKeys(a: string | null, b: string | null) {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b);
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw new AppError('validation_failed', 'cursor: not a cursor from this list', {
      field: 'cursor',
    });
  return id;
}

/**
 * Every bucket the range touches, in the workspace's zone: labels as the database writes them
 * (`YYYY-MM-DDTHH:mm` of the bucket's local start; weeks start on Monday), with the bucket's
 * instants so a chart point can drill down to exactly its conversations.
 */
export function bucketsOf(range: ReportRange, unit: AnalyticsGroupBy, timezone: string) {
  const buckets: { label: string; start: string; end: string }[] = [];
  let start = DateTime.fromJSDate(range.from, { zone: timezone }).startOf(unit, {
    useLocaleWeeks: false,
  });
  const end = DateTime.fromJSDate(range.to, { zone: timezone });
  while (start < end) {
    const next = start.plus({ [unit]: 1 });
    buckets.push({
      label: start.toFormat("yyyy-MM-dd'T'HH:mm"),
      start: DateTime.max(start, DateTime.fromJSDate(range.from)).toUTC().toISO()!,
      end: DateTime.min(next, end).toUTC().toISO()!,
    });
    start = next;
  }
  return buckets;
}
