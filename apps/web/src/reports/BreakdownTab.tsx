import { useI18n } from '../i18n/I18nProvider.tsx';
import { Chart } from './Chart.tsx';
import { type Column, ReportTable } from './ReportTable.tsx';
import {
  type AnalyticsBreakdown,
  type AnalyticsDimension,
  type DrillMetric,
  type DrillRequest,
  type DurationMetric,
  type ReportFilters,
  formatDuration,
  minutes,
  percent,
} from './report-query.ts';

type Row = AnalyticsBreakdown['rows'][number];

/** The filter that narrows a report to one row of a breakdown. */
const filterFor: Partial<Record<AnalyticsDimension, keyof ReportFilters>> = {
  agent: 'agentId',
  team: 'teamId',
  channel: 'channel',
  priority: 'priority',
  tier: 'tier',
  language: 'language',
  tag: 'tagId',
};

interface Props {
  data: AnalyticsBreakdown;
  filters: ReportFilters;
  /** Durations in business time (the drill-down behind a duration takes the same basis). */
  business: boolean;
  onDrill: (request: DrillRequest) => void;
}

/** One row per agent, team or channel: volume, effort and speed, each number drillable. */
export function BreakdownTab({ data, filters, business, onDrill }: Props) {
  const { t, format } = useI18n();
  const name = (row: Row) => {
    if (row.key === null) return t(`reports.none.${data.by}`);
    if (data.by === 'channel') return t(`channel.${row.key}` as never);
    if (data.by === 'priority') return t(`priority.${row.key}` as never);
    if (data.by === 'tier') return t(`reports.tier.${row.key}` as never);
    return row.label ?? row.key;
  };
  const drill = (metric: DrillMetric, row: Row, label: string) => () =>
    onDrill({
      metric,
      title: `${name(row)} · ${label}`,
      filters: { ...filters, [filterFor[data.by] ?? 'channel']: row.key ?? 'none' },
      // The drill-down's durations in the basis shown.
      extra: { basis: business ? 'business' : 'calendar' },
    });
  /** A duration statistic whose value opens the conversations it was measured on. */
  const duration = (
    metric: DurationMetric,
    label: string,
    stat: 'median' | 'mean',
  ): Column<Row> => ({
    header: label,
    cell: (r) => formatDuration(r.durations[metric][stat], t),
    csv: (r) => minutes(r.durations[metric][stat]),
    numeric: true,
    drill: (r) =>
      r.durations[metric].count > 0 && data.by !== 'tag' ? drill(metric, r, label) : null,
  });
  const count = (metric: DrillMetric, label: string, pick: (r: Row) => number): Column<Row> => ({
    header: label,
    cell: (r) => format.number(pick(r)),
    csv: pick,
    numeric: true,
    drill: (r) => (pick(r) > 0 && data.by !== 'tag' ? drill(metric, r, label) : null),
  });
  /** A rate whose numerator opens its conversations (the CSV keeps the count). */
  const share = (
    metric: DrillMetric,
    label: string,
    pick: (r: Row) => [number, number],
  ): Column<Row> => ({
    header: label,
    cell: (r) => percent(...pick(r)),
    csv: (r) => pick(r)[0],
    numeric: true,
    drill: (r) => {
      const [part, whole] = pick(r);
      const n = metric === 'sla_breached' ? whole - part : part;
      return n > 0 && data.by !== 'tag' ? drill(metric, r, label) : null;
    },
  });
  const columns: Column<Row>[] = [
    {
      header: t(`reports.dimension.${data.by}`),
      cell: (r) => <span data-user-content>{name(r)}</span>,
      csv: name,
    },
    count('created', t('reports.count.created'), (r) => r.counts.created),
    count('solved', t('reports.count.solved'), (r) => r.counts.solved),
    count('backlog', t('reports.count.backlog'), (r) => r.backlog),
    count('reopened', t('reports.count.reopened'), (r) => r.counts.reopened),
    share('one_touch', t('reports.count.oneTouch'), (r) => [r.counts.oneTouch, r.counts.solved]),
    share('fcr', t('reports.count.fcr'), (r) => [r.counts.fcr, r.counts.solved]),
    // The SLA rate opens the breached cycles' conversations (the ones to look at).
    share('sla_breached', t('reports.count.sla'), (r) => [r.counts.slaAchieved, r.counts.slaTotal]),
    duration('first_reply', t('reports.col.frtMedian'), 'median'),
    duration('full_resolution', t('reports.col.resolutionMedian'), 'median'),
    duration('handling', t('reports.col.handlingMean'), 'mean'),
  ];
  if (data.rows.length === 0) return <p className="admin-empty">{t('reports.empty')}</p>;
  return (
    <div className="report-body">
      <Chart
        label={t(
          `reports.tab.${data.by === 'agent' ? 'agents' : data.by === 'team' ? 'teams' : 'channels'}` as never,
        )}
        testId="breakdown-chart"
        categories={data.rows.map(name)}
        series={[
          {
            name: t('reports.count.created'),
            kind: 'bar',
            values: data.rows.map((r) => r.counts.created),
          },
          {
            name: t('reports.count.solved'),
            kind: 'bar',
            values: data.rows.map((r) => r.counts.solved),
          },
          {
            name: t('reports.col.frtMedian'),
            kind: 'line',
            rightAxis: true,
            values: data.rows.map((r) => minutes(r.durations.first_reply.median)),
          },
        ]}
        yLabel={t('reports.axis.conversations')}
        rightLabel={t('reports.axis.minutes')}
      />
      <ReportTable
        title={t(`reports.dimension.${data.by}`)}
        filename={`breakdown-${data.by}`}
        columns={columns}
        rows={data.rows}
        testId="breakdown-table"
      />
    </div>
  );
}
