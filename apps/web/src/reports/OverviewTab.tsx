import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { Chart } from './Chart.tsx';
import { type Column, ReportTable } from './ReportTable.tsx';
import {
  type AnalyticsOverview,
  type DrillMetric,
  type DrillRequest,
  type DurationMetric,
  type ReportFilters,
  formatDuration,
  minutes,
  percent,
} from './report-query.ts';

interface Props {
  data: AnalyticsOverview;
  filters: ReportFilters;
  business: boolean;
  onDrill: (request: DrillRequest) => void;
}

/** Totals as cards, created/solved per bucket, and every duration with its definition. */
export function OverviewTab({ data, filters, business, onDrill }: Props) {
  const { t, format } = useI18n();
  const c = data.counts;
  const drill = (metric: DrillMetric, title: string, range?: { start: string; end: string }) =>
    onDrill({
      metric,
      title,
      filters: range ? { ...filters, from: range.start, to: range.end } : filters,
      // The drill-down's durations in the basis shown.
      extra: { basis: business ? 'business' : 'calendar' },
    });
  const cards: { metric: DrillMetric; label: MessageKey; value: string; def: MessageKey }[] = [
    {
      metric: 'created',
      label: 'reports.count.created',
      value: format.number(c.created),
      def: 'reports.def.created',
    },
    {
      metric: 'solved',
      label: 'reports.count.solved',
      value: format.number(c.solved),
      def: 'reports.def.solved',
    },
    {
      metric: 'backlog',
      label: 'reports.count.backlog',
      value: format.number(data.backlog),
      def: 'reports.def.backlog',
    },
    {
      metric: 'reopened',
      label: 'reports.count.reopened',
      value: format.number(c.reopened),
      def: 'reports.def.reopened',
    },
    {
      metric: 'one_touch',
      label: 'reports.count.oneTouch',
      value: `${format.number(c.oneTouch)} · ${percent(c.oneTouch, c.solved)}`,
      def: 'reports.def.oneTouch',
    },
    {
      metric: 'fcr',
      label: 'reports.count.fcr',
      value: `${format.number(c.fcr)} · ${percent(c.fcr, c.solved)}`,
      def: 'reports.def.fcr',
    },
    {
      metric: 'sla_breached',
      label: 'reports.count.sla',
      value: `${percent(c.slaAchieved, c.slaTotal)} · ${format.number(c.slaAchieved)}/${format.number(c.slaTotal)}`,
      def: 'reports.def.sla',
    },
  ];
  const series = data.series;
  const seriesColumns: Column<AnalyticsOverview['series'][number]>[] = [
    {
      header: t('reports.col.bucket'),
      cell: (p) => p.label.replace('T00:00', '').replace('T', ' '),
      csv: (p) => p.label,
    },
    {
      header: t('reports.count.created'),
      cell: (p) => format.number(p.created),
      csv: (p) => p.created,
      numeric: true,
      drill: (p) =>
        p.created ? () => drill('created', `${t('reports.count.created')} · ${p.label}`, p) : null,
    },
    {
      header: t('reports.count.solved'),
      cell: (p) => format.number(p.solved),
      csv: (p) => p.solved,
      numeric: true,
      drill: (p) =>
        p.solved ? () => drill('solved', `${t('reports.count.solved')} · ${p.label}`, p) : null,
    },
    {
      header: t('reports.col.frtMedian'),
      cell: (p) => formatDuration(p.firstReplyMedianMs, t),
      csv: (p) => minutes(p.firstReplyMedianMs),
      numeric: true,
    },
    {
      header: t('reports.col.resolutionMedian'),
      cell: (p) => formatDuration(p.fullResolutionMedianMs, t),
      csv: (p) => minutes(p.fullResolutionMedianMs),
      numeric: true,
    },
  ];
  const basis = business ? 'business' : 'calendar';
  const durationColumns: Column<DurationMetric>[] = [
    {
      header: t('reports.col.metric'),
      cell: (m) => <MetricName metric={m} />,
      csv: (m) => t(`reports.metric.${m}`),
    },
    {
      header: t('reports.col.count'),
      cell: (m) => format.number(data.durations[m].count),
      csv: (m) => data.durations[m].count,
      numeric: true,
      // The conversations the durations were measured on, in the basis shown.
      drill: (m) => (data.durations[m].count > 0 ? () => drill(m, t(`reports.metric.${m}`)) : null),
    },
    {
      header: t('reports.col.mean'),
      cell: (m) => formatDuration(data.durations[m].mean, t),
      csv: (m) => minutes(data.durations[m].mean),
      numeric: true,
    },
    {
      header: t('reports.col.median'),
      cell: (m) => formatDuration(data.durations[m].median, t),
      csv: (m) => minutes(data.durations[m].median),
      numeric: true,
    },
    {
      header: t('reports.col.p90'),
      cell: (m) => formatDuration(data.durations[m].p90, t),
      csv: (m) => minutes(data.durations[m].p90),
      numeric: true,
    },
  ];

  return (
    <div className="report-body">
      <ul className="report-cards" data-testid="report-cards">
        {cards.map((card) => (
          <li key={card.metric} className="report-card">
            <button
              type="button"
              className="report-card-button"
              data-testid={`card-${card.metric}`}
              onClick={() => drill(card.metric, t(card.label))}
            >
              <span className="report-card-label">{t(card.label)}</span>
              <span className="report-card-value">{card.value}</span>
            </button>
            <p className="report-card-def">{t(card.def)}</p>
          </li>
        ))}
      </ul>
      <Chart
        label={t('reports.chart.volume')}
        testId="overview-chart"
        categories={series.map((p) => p.label.replace('T00:00', '').replace('T', ' '))}
        series={[
          { name: t('reports.count.created'), kind: 'bar', values: series.map((p) => p.created) },
          { name: t('reports.count.solved'), kind: 'bar', values: series.map((p) => p.solved) },
          {
            name: t('reports.col.frtMedian'),
            kind: 'line',
            rightAxis: true,
            values: series.map((p) => minutes(p.firstReplyMedianMs)),
          },
        ]}
        yLabel={t('reports.axis.conversations')}
        rightLabel={t('reports.axis.minutes')}
        onSelect={(s, i) => {
          const point = series[i]!;
          if (s === 1) drill('solved', `${t('reports.count.solved')} · ${point.label}`, point);
          else drill('created', `${t('reports.count.created')} · ${point.label}`, point);
        }}
      />
      <ReportTable
        title={t('reports.table.series')}
        filename="overview-series"
        columns={seriesColumns}
        rows={series}
        testId="series-table"
      />
      <ReportTable
        title={
          business ? t('reports.table.durationsBusiness') : t('reports.table.durationsCalendar')
        }
        filename={`overview-durations-${basis}`}
        columns={durationColumns}
        rows={Object.keys(data.durations) as DurationMetric[]}
        testId="durations-table"
      />
    </div>
  );
}

/** A metric's name with its definition (which published definition it follows). */
export function MetricName({ metric }: { metric: DurationMetric }) {
  const { t } = useI18n();
  return (
    <span className="metric-name">
      <span>{t(`reports.metric.${metric}`)}</span>
      <small className="muted">{t(`reports.def.${metric}`)}</small>
    </span>
  );
}
