import type { AnalyticsDurations, DurationMetric } from '@kefu/contracts';
import type { FactsRow } from '../../repositories/analytics-facts.repository.ts';
import type { ReportFilters, ReportRange } from '../../repositories/analytics-report.repository.ts';
import { durationMetrics, durationStats } from './report-shape.ts';

/**
 * The report numbers recomputed in memory from facts computed straight from the raw timeline
 * (no rollup table, no SQL aggregate): what the rollup-based reports must equal. The API test
 * compares the two on a generated month of activity.
 */
export function recomputeOverview(rows: FactsRow[], filters: ReportFilters, range: ReportRange) {
  const eq = (value: string | null, wanted: string | undefined) =>
    wanted === undefined || (wanted === 'none' ? value === null : value === wanted);
  const kept = rows.filter(
    (r) =>
      !r.merged &&
      eq(r.channel, filters.channel) &&
      eq(r.team_id, filters.teamId) &&
      eq(r.assignee_id, filters.agentId) &&
      eq(r.priority, filters.priority) &&
      eq(r.tier, filters.tier) &&
      eq(r.language, filters.language) &&
      (filters.tagId === undefined || r.tag_ids.includes(filters.tagId)),
  );
  const inRange = (at: Date | null) => at !== null && at >= range.from && at < range.to;
  const created = kept.filter((r) => inRange(r.created_at));
  const solved = kept.filter((r) => inRange(r.solved_at));
  const values = (set: FactsRow[], pick: (r: FactsRow) => number | null | number[]) =>
    set.flatMap((r) => {
      const v = pick(r);
      return v === null ? [] : Array.isArray(v) ? v : [v];
    });
  const column = (metric: DurationMetric) =>
    `${metric}${range.basis === 'business' ? '_business' : ''}_ms` as keyof FactsRow;
  const durations = Object.fromEntries(
    durationMetrics.map((m) => {
      const set = m === 'first_reply' || m === 'next_reply' ? created : solved;
      return [m, durationStats(values(set, (r) => r[column(m)] as number | null | number[]))];
    }),
  ) as AnalyticsDurations;
  return {
    counts: {
      created: created.length,
      solved: solved.length,
      reopened: created.filter((r) => r.reopens > 0).length,
      oneTouch: solved.filter((r) => r.one_touch).length,
      fcr: solved.filter((r) => r.fcr).length,
    },
    backlog: kept.filter((r) => r.solved_at === null).length,
    durations,
  };
}
