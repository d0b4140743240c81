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

/**
 * Report ranges are whole days of the workspace's time zone, the zone the server buckets the
 * series in, whatever the browser's own zone: a date picked in the filter bar starts at that
 * zone's midnight, and the dates shown are that zone's.
 */

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** How far a time zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** `date` (YYYY-MM-DD) moved by whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The instant a calendar date begins in a time zone. The offset is taken twice, the second
 * time at the first guess, so a date next to a daylight-saving change lands on its midnight;
 * where the clocks skip midnight itself (Chile, for one), the day begins at the first
 * instant that is on it.
 */
export function startOfDateIn(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  const guess = wall - offsetAt(wall, timeZone);
  const better = wall - offsetAt(guess, timeZone);
  return dateIn(better, timeZone) === date ? better : guess;
}

/** The last 30 days of the workspace's calendar, today included. */
export function defaultFilters(timeZone: string, now = Date.now()): ReportFilters {
  const today = dateIn(now, timeZone);
  return {
    from: new Date(startOfDateIn(addDays(today, -29), timeZone)).toISOString(),
    to: new Date(startOfDateIn(addDays(today, 1), timeZone)).toISOString(),
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
