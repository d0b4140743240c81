import type { BotReport } from '@kefu/contracts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Link } from '../lib/router.tsx';
import { Chart } from './Chart.tsx';
import { type Column, ReportTable } from './ReportTable.tsx';
import {
  type DrillMetric,
  type DrillRequest,
  type ReportFilters,
  bucketLabel,
  inBucket,
} from './report-query.ts';

const rate = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const percentOf = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);

type Point = BotReport['series'][number];

interface Props {
  data: BotReport;
  filters: ReportFilters;
  onDrill: (request: DrillRequest) => void;
}

/**
 * The answer bot's outcomes from its module's report (metrics.md §6), sliced by the page's
 * filters: rates as cards, outcomes, and the numbers per period; every count opens its
 * conversations.
 */
export function BotTab({ data, filters, onDrill }: Props) {
  const { t, format } = useI18n();
  const open = (metric: DrillMetric, title: string, narrowed: ReportFilters) => () =>
    onDrill({ metric, title, filters: narrowed });
  const rows: { metric: DrillMetric; label: string; value: number; share: number | null }[] = [
    {
      metric: 'created',
      label: t('reports.bot.newConversations'),
      value: data.newConversations,
      share: null,
    },
    {
      metric: 'bot_involved',
      label: t('reports.bot.involved'),
      value: data.involved,
      share: data.involvementRate,
    },
    {
      metric: 'bot_confirmed',
      label: t('reports.bot.confirmed'),
      value: data.confirmed,
      share: data.confirmedResolutionRate,
    },
    {
      metric: 'bot_assumed',
      label: t('reports.bot.assumed'),
      value: data.assumed,
      share: data.assumedResolutionRate,
    },
    {
      metric: 'bot_handed_over',
      label: t('reports.bot.handedOver'),
      value: data.handedOver,
      share: null,
    },
    {
      metric: 'bot_unanswered',
      label: t('reports.bot.unanswered'),
      value: data.unanswered,
      share: null,
    },
    { metric: 'bot_pending', label: t('reports.bot.pending'), value: data.pending, share: null },
  ];
  const columns: Column<(typeof rows)[number]>[] = [
    { header: t('reports.col.metric'), cell: (r) => r.label, csv: (r) => r.label },
    {
      header: t('reports.col.count'),
      cell: (r) => format.number(r.value),
      csv: (r) => r.value,
      numeric: true,
      drill: (r) => (r.value > 0 ? open(r.metric, r.label, filters) : null),
    },
    {
      header: t('reports.bot.rate'),
      cell: (r) => (r.share === null ? '' : rate(r.share)),
      csv: (r) => r.share,
      numeric: true,
    },
  ];
  const inPoint = (metric: DrillMetric, header: string, pick: (p: Point) => number) => ({
    header,
    cell: (p: Point) => format.number(pick(p)),
    csv: pick,
    numeric: true,
    drill: (p: Point) =>
      pick(p) > 0
        ? open(metric, `${bucketLabel(p.label)} · ${header}`, inBucket(filters, p))
        : null,
  });
  const seriesColumns: Column<Point>[] = [
    { header: t('reports.col.bucket'), cell: (p) => bucketLabel(p.label), csv: (p) => p.label },
    inPoint('created', t('reports.bot.newConversations'), (p) => p.newConversations),
    inPoint('bot_involved', t('reports.bot.involved'), (p) => p.involved),
    inPoint('bot_confirmed', t('reports.bot.confirmed'), (p) => p.confirmed),
    inPoint('bot_assumed', t('reports.bot.assumed'), (p) => p.assumed),
    {
      header: t('reports.bot.automation'),
      cell: (p) => rate(p.automationRate),
      csv: (p) => p.automationRate,
      numeric: true,
    },
  ];
  const cards: { metric: DrillMetric; label: string; value: string; count: number }[] = [
    {
      metric: 'bot_involved',
      label: t('reports.bot.involvement'),
      value: rate(data.involvementRate),
      count: data.involved,
    },
    {
      metric: 'bot_resolved',
      label: t('reports.bot.resolution'),
      value: rate(data.resolutionRate),
      count: data.confirmed + data.assumed,
    },
    {
      metric: 'bot_resolved',
      label: t('reports.bot.automation'),
      value: rate(data.automationRate),
      count: data.confirmed + data.assumed,
    },
  ];
  const series = data.series;
  return (
    <div className="report-body">
      <ul className="report-cards" data-testid="bot-cards">
        {cards.map((card) => (
          <li key={card.label} className="report-card">
            <button
              type="button"
              className="report-card-button"
              disabled={card.count === 0}
              data-testid={`card-${card.metric}`}
              onClick={open(
                card.metric,
                `${card.label} · ${t(card.metric === 'bot_involved' ? 'reports.bot.involved' : 'reports.bot.resolved')}`,
                filters,
              )}
            >
              <span className="report-card-label">{card.label}</span>
              <span className="report-card-value">{card.value}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="muted">{t('reports.bot.description')}</p>
      <p>
        <Link to="/app/knowledge/gaps">{t('answerBot.gapsLink')}</Link>
      </p>
      <Chart
        label={t('reports.bot.series')}
        testId="bot-chart"
        categories={series.map((p) => bucketLabel(p.label))}
        series={[
          {
            name: t('reports.bot.newConversations'),
            kind: 'bar',
            values: series.map((p) => p.newConversations),
          },
          { name: t('reports.bot.involved'), kind: 'bar', values: series.map((p) => p.involved) },
          {
            name: t('reports.bot.automation'),
            kind: 'line',
            rightAxis: true,
            values: series.map((p) => percentOf(p.automationRate)),
          },
        ]}
        yLabel={t('reports.axis.conversations')}
        rightLabel={t('reports.bot.rateAxis')}
        onSelect={(s, i) => {
          const point = series[i]!;
          const [metric, value] =
            s === 0
              ? (['created', point.newConversations] as const)
              : s === 1
                ? (['bot_involved', point.involved] as const)
                : (['bot_resolved', point.confirmed + point.assumed] as const);
          if (value > 0)
            onDrill({
              metric,
              title: bucketLabel(point.label),
              filters: inBucket(filters, point),
            });
        }}
      />
      <ReportTable
        title={t('reports.bot.series')}
        filename="bot-series"
        columns={seriesColumns}
        rows={series}
        testId="bot-series-table"
      />
      <ReportTable
        title={t('reports.tab.bot')}
        filename="bot"
        columns={columns}
        rows={rows}
        testId="bot-table"
      />
    </div>
  );
}
