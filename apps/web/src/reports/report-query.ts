import type { DrillMetric } from '@kefu/contracts';
import type { MessageKey, Vars } from '../i18n/translate.ts';

export type {
  AnalyticsBreakdown,
  AnalyticsConversationPage,
  AnalyticsCounts,
  AnalyticsDimension,
  AnalyticsDurations,
  AnalyticsGroupBy,
  AnalyticsLive,
  AnalyticsOverview,
  AnalyticsSla,
  DrillMetric,
  DurationMetric,
  DurationStats,
} from '@kefu/contracts';

/** The filters of every report, as the API takes them (empty = not filtered). */
export interface ReportFilters {
  from: string;
  to: string;
  groupBy: 'hour' | 'day' | 'week' | 'month';
  channel: string;
  teamId: string;
  agentId: string;
  priority: string;
  tagId: string;
  tier: string;
  language: string;
}

export const filterKeys = [
  'channel',
  'teamId',
  'agentId',
  'priority',
  'tagId',
  'tier',
  'language',
] as const;

const DAY = 86_400_000;

/** The last 30 days up to the next whole hour. */
export function defaultFilters(now = Date.now()): ReportFilters {
  const to = Math.ceil(now / 3_600_000) * 3_600_000;
  return {
    from: new Date(to - 30 * DAY).toISOString(),
    to: new Date(to).toISOString(),
    groupBy: 'day',
    channel: '',
    teamId: '',
    agentId: '',
    priority: '',
    tagId: '',
    tier: '',
    language: '',
  };
}

/** The query string values of a report request (the grouping only where it applies). */
export function queryOf(
  filters: ReportFilters,
  extra: Record<string, string> = {},
  grouped = false,
): Record<string, string> {
  const { groupBy, ...rest } = filters;
  return { ...rest, ...(grouped ? { groupBy } : {}), ...extra };
}

/** What a drill-down asks for: a metric over a range with the report's filters. */
export interface DrillRequest {
  metric: DrillMetric;
  title: string;
  filters: ReportFilters;
  /** More query values (e.g. the SLA metric of a row). */
  extra?: Record<string, string>;
}

/** A report's filters narrowed to one bucket of its series. */
export const inBucket = (filters: ReportFilters, bucket: { start: string; end: string }) => ({
  ...filters,
  from: bucket.start,
  to: bucket.end,
});

/** A bucket label (`YYYY-MM-DDTHH:mm`) as a chart or table shows it: the date, and the hour. */
export const bucketLabel = (label: string) => label.replace('T00:00', '').replace('T', ' ');

type T = (key: MessageKey, vars?: Vars) => string;

/** A duration in ms as "45 s", "12 min", "2 h 05 min" or "3 d 4 h". */
export function formatDuration(ms: number | null, t: T): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return t('reports.unit.seconds', { n: seconds });
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return t('reports.unit.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48)
    return t('reports.unit.hoursMinutes', { h: hours, m: String(minutes % 60).padStart(2, '0') });
  return t('reports.unit.daysHours', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** Minutes with one decimal, for charts and CSV (null stays empty). */
export const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6000) / 10);

/** A rate as a whole percent, or — when nothing was counted. */
export const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`;
