import {
  type AnalyticsCounts,
  type AnalyticsDurations,
  DurationMetric,
  type DurationStats,
} from '@kefu/contracts';

/** Columns of the aggregates per duration metric (calendar; `_business` for business time). */
export const durationMetrics: readonly DurationMetric[] = DurationMetric.options;

type Aggregate = Record<string, unknown>;

/** Stats from an aggregate row: `<alias>_count`, `_mean` and `_pct` ([p50, p90] or null). */
export function statsFrom(row: Aggregate | undefined, alias: string): DurationStats {
  const pct = row?.[`${alias}_pct`] as (number | string)[] | null | undefined;
  const mean = row?.[`${alias}_mean`] as number | null | undefined;
  return {
    count: Number(row?.[`${alias}_count`] ?? 0),
    mean: mean === null || mean === undefined ? null : Math.round(Number(mean)),
    median: pct ? Math.round(Number(pct[0])) : null,
    p90: pct ? Math.round(Number(pct[1])) : null,
  };
}

/**
 * The durations of one group (in the report's basis), from its two aggregate rows: the
 * created row carries the first and next reply, the solved row the rest.
 */
export function durationsFrom(
  created: Aggregate | undefined,
  solved: Aggregate | undefined,
): AnalyticsDurations {
  const source = (metric: DurationMetric) =>
    metric === 'first_reply' || metric === 'next_reply' ? created : solved;
  return Object.fromEntries(
    durationMetrics.map((m) => [m, statsFrom(source(m), m)]),
  ) as AnalyticsDurations;
}

export function countsFrom(
  created: Aggregate | undefined,
  solved: Aggregate | undefined,
  sla: { total: number; breached: number }[],
): AnalyticsCounts {
  const slaTotal = sla.reduce((n, r) => n + r.total, 0);
  const breached = sla.reduce((n, r) => n + r.breached, 0);
  return {
    created: Number(created?.created ?? 0),
    solved: Number(solved?.solved ?? 0),
    reopened: Number(created?.reopened ?? 0),
    oneTouch: Number(solved?.one_touch ?? 0),
    fcr: Number(solved?.fcr ?? 0),
    slaTotal,
    slaAchieved: slaTotal - breached,
  };
}

/**
 * Mean, median and p90 of some values as the database computes them (percentile_cont: linear
 * interpolation between the closest ranks), rounded to whole milliseconds. The recomputation
 * from the raw timeline uses it, so the two paths can be compared exactly.
 */
export function durationStats(values: number[]): DurationStats {
  if (values.length === 0) return { count: 0, mean: null, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const percentile = (p: number) => {
    const rank = p * (sorted.length - 1);
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    const a = sorted[low]!;
    return high === low ? a : a + (sorted[high]! - a) * (rank - low);
  };
  const sum = sorted.reduce((n, v) => n + v, 0);
  return {
    count: sorted.length,
    mean: Math.round(sum / sorted.length),
    median: Math.round(percentile(0.5)),
    p90: Math.round(percentile(0.9)),
  };
}
