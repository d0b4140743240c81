import type { SurveyReport, SurveyScores } from '@kefu/contracts';
import { useWorkspace } from '../app/workspace-context.tsx';
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

const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value)}%`);
const one = (value: number | null) => (value === null ? '—' : value.toFixed(2));
const nps = (value: number | null) => (value === null ? '—' : String(Math.round(value)));

type Row = SurveyScores & { key: string | null };
type Point = SurveyReport['series'][number];

interface Props {
  data: SurveyReport;
  filters: ReportFilters;
  onDrill: (request: DrillRequest) => void;
}

/**
 * CSAT, NPS and CES from the surveys module's report (metrics.md §4), sliced by the page's
 * filters: cards, scores per period, per agent and team (attributed at rating time), verbatim
 * comments. Every count opens the conversations behind it.
 */
export function SurveysTab({ data, filters, onDrill }: Props) {
  const { t, format } = useI18n();
  const { directory } = useWorkspace();
  const name = (kind: 'agent' | 'team', id: string | null) =>
    id === null
      ? t(`reports.none.${kind}`)
      : ((kind === 'agent' ? directory.agents : directory.teams).find((x) => x.id === id)?.name ??
        id);
  const o = data.overall;
  const drill = (metric: DrillMetric, title: string, narrowed: ReportFilters) => () =>
    onDrill({ metric, title, filters: narrowed });
  /** A count that opens its conversations (nothing to open at zero). */
  const count = <R,>(
    header: string,
    metric: DrillMetric,
    pick: (r: R) => number,
    scope: (r: R) => { title: string; filters: ReportFilters },
  ): Column<R> => ({
    header,
    cell: (r) => format.number(pick(r)),
    csv: pick,
    numeric: true,
    drill: (r) => {
      if (pick(r) === 0) return null;
      const s = scope(r);
      return drill(metric, `${s.title} · ${header}`, s.filters);
    },
  });
  const columns = (kind: 'agent' | 'team'): Column<Row>[] => {
    const scope = (r: Row) => ({
      title: name(kind, r.key),
      filters: { ...filters, [kind === 'agent' ? 'agentId' : 'teamId']: r.key ?? 'none' },
    });
    return [
      {
        header: t(`reports.dimension.${kind}`),
        cell: (r) => <span data-user-content>{name(kind, r.key)}</span>,
        csv: (r) => name(kind, r.key),
      },
      {
        header: t('reports.survey.csat'),
        cell: (r) => pct(r.csat.percent),
        csv: (r) => r.csat.percent,
        numeric: true,
      },
      count(t('reports.survey.csatRated'), 'csat_rated', (r) => r.csat.good + r.csat.bad, scope),
      {
        header: t('reports.survey.nps'),
        cell: (r) => nps(r.nps.score),
        csv: (r) => r.nps.score,
        numeric: true,
      },
      count(t('reports.survey.npsResponses'), 'nps_responses', (r) => r.nps.responses, scope),
      {
        header: t('reports.survey.cesMean'),
        cell: (r) => `${one(r.ces.mean)} · ${pct(r.ces.agreePercent)}`,
        csv: (r) => r.ces.mean,
        numeric: true,
      },
      {
        header: t('reports.survey.cesAgree'),
        cell: (r) => pct(r.ces.agreePercent),
        csv: (r) => r.ces.agreePercent,
        numeric: true,
      },
      count(t('reports.survey.cesResponses'), 'ces_responses', (r) => r.ces.responses, scope),
    ];
  };
  const bucketScope = (p: Point) => ({
    title: bucketLabel(p.label),
    filters: inBucket(filters, p),
  });
  const seriesColumns: Column<Point>[] = [
    {
      header: t('reports.col.bucket'),
      cell: (p) => bucketLabel(p.label),
      csv: (p) => p.label,
    },
    {
      header: t('reports.survey.csat'),
      cell: (p) => pct(p.csat.percent),
      csv: (p) => p.csat.percent,
      numeric: true,
    },
    count(
      t('reports.survey.csatRated'),
      'csat_rated',
      (p) => p.csat.good + p.csat.bad,
      bucketScope,
    ),
    count(t('reports.survey.csatBad'), 'csat_bad', (p) => p.csat.bad, bucketScope),
    {
      header: t('reports.survey.nps'),
      cell: (p) => nps(p.nps.score),
      csv: (p) => p.nps.score,
      numeric: true,
    },
    count(t('reports.survey.npsResponses'), 'nps_responses', (p) => p.nps.responses, bucketScope),
    {
      header: t('reports.survey.cesMean'),
      cell: (p) => `${one(p.ces.mean)} · ${pct(p.ces.agreePercent)}`,
      csv: (p) => p.ces.mean,
      numeric: true,
    },
    count(t('reports.survey.cesResponses'), 'ces_responses', (p) => p.ces.responses, bucketScope),
  ];
  const comments: Column<SurveyReport['comments'][number]>[] = [
    {
      header: '#',
      cell: (c) => <Link to={`/app/inbox/all/${c.conversationId}`}>#{c.conversationNumber}</Link>,
      csv: (c) => c.conversationNumber,
    },
    { header: t('reports.survey.kind'), cell: (c) => c.kind.toUpperCase(), csv: (c) => c.kind },
    {
      header: t('reports.survey.score'),
      cell: (c) => `${c.score}/${c.kind === 'nps' ? 10 : c.scale}`,
      csv: (c) => c.score,
      numeric: true,
    },
    {
      header: t('reports.survey.comment'),
      cell: (c) => <span data-user-content>{c.comment}</span>,
      csv: (c) => c.comment,
    },
    {
      header: t('reports.dimension.agent'),
      cell: (c) => <span data-user-content>{name('agent', c.agentId)}</span>,
      csv: (c) => name('agent', c.agentId),
    },
    {
      header: t('reports.survey.answeredAt'),
      cell: (c) => format.dateTime(c.answeredAt),
      csv: (c) => c.answeredAt,
    },
  ];
  const cards: {
    metric: DrillMetric;
    label: string;
    value: string;
    def: string;
    count: number;
  }[] = [
    {
      metric: 'csat_rated',
      label: t('reports.survey.csat'),
      value: `${pct(o.csat.percent)} · ${format.number(o.csat.good + o.csat.bad)}`,
      def: t('reports.survey.csatDef'),
      count: o.csat.good + o.csat.bad,
    },
    {
      metric: 'nps_responses',
      label: t('reports.survey.nps'),
      value: `${nps(o.nps.score)} · ${format.number(o.nps.responses)}`,
      def: t('reports.survey.npsDef'),
      count: o.nps.responses,
    },
    {
      metric: 'ces_responses',
      label: t('reports.survey.cesMean'),
      value: `${one(o.ces.mean)} · ${pct(o.ces.agreePercent)}`,
      def: t('reports.survey.cesDef'),
      count: o.ces.responses,
    },
  ];
  const series = data.series;
  return (
    <div className="report-body">
      <p className="muted">{t('reports.survey.description')}</p>
      <ul className="report-cards" data-testid="survey-cards">
        {cards.map((card) => (
          <li key={card.metric} className="report-card">
            <button
              type="button"
              className="report-card-button"
              data-testid={`card-${card.metric}`}
              disabled={card.count === 0}
              onClick={drill(card.metric, card.label, filters)}
            >
              <span className="report-card-label">{card.label}</span>
              <span className="report-card-value">{card.value}</span>
            </button>
            <p className="report-card-def">{card.def}</p>
          </li>
        ))}
      </ul>
      <Chart
        label={t('reports.survey.series')}
        testId="survey-chart"
        categories={series.map((p) => bucketLabel(p.label))}
        series={[
          {
            name: t('reports.survey.csatRated'),
            kind: 'bar',
            values: series.map((p) => p.csat.good + p.csat.bad),
          },
          {
            name: t('reports.survey.csat'),
            kind: 'line',
            rightAxis: true,
            values: series.map((p) => p.csat.percent),
          },
          {
            name: t('reports.survey.nps'),
            kind: 'line',
            rightAxis: true,
            values: series.map((p) => p.nps.score),
          },
        ]}
        yLabel={t('reports.survey.responses')}
        rightLabel={t('reports.survey.percentAxis')}
        onSelect={(s, i) => {
          const point = series[i]!;
          const metric = s === 2 ? 'nps_responses' : 'csat_rated';
          const rated = s === 2 ? point.nps.responses : point.csat.good + point.csat.bad;
          if (rated > 0)
            onDrill({
              metric,
              title: `${bucketLabel(point.label)} · ${s === 2 ? t('reports.survey.nps') : t('reports.survey.csat')}`,
              filters: inBucket(filters, point),
            });
        }}
      />
      <ReportTable
        title={t('reports.survey.series')}
        filename="surveys-series"
        columns={seriesColumns}
        rows={series}
        testId="survey-series-table"
      />
      <Chart
        label={t('reports.survey.cesDistribution')}
        categories={o.ces.distribution.map((_, i) => String(i + 1))}
        series={[
          { name: t('reports.survey.cesDistribution'), kind: 'bar', values: o.ces.distribution },
        ]}
        yLabel={t('reports.survey.responses')}
      />
      <ReportTable
        title={t('reports.survey.cesDistribution')}
        filename="surveys-ces-distribution"
        columns={[
          { header: t('reports.survey.score'), cell: (r) => r.score, csv: (r) => r.score },
          {
            header: t('reports.survey.responses'),
            cell: (r) => format.number(r.count),
            csv: (r) => r.count,
            numeric: true,
          },
        ]}
        rows={o.ces.distribution.map((count, i) => ({ score: i + 1, count }))}
      />
      <ReportTable
        title={t('reports.tab.agents')}
        filename="surveys-agents"
        columns={columns('agent')}
        rows={data.byAgent.map((r) => ({ ...r, key: r.agentId }))}
        testId="survey-agents-table"
      />
      <ReportTable
        title={t('reports.tab.teams')}
        filename="surveys-teams"
        columns={columns('team')}
        rows={data.byTeam.map((r) => ({ ...r, key: r.teamId }))}
        testId="survey-teams-table"
      />
      <ReportTable
        title={t('reports.survey.comments')}
        filename="surveys-comments"
        columns={comments}
        rows={data.comments}
        testId="survey-comments-table"
      />
    </div>
  );
}
