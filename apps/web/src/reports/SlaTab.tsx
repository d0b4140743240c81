import { useI18n } from '../i18n/I18nProvider.tsx';
import { Chart } from './Chart.tsx';
import { type Column, ReportTable } from './ReportTable.tsx';
import {
  type AnalyticsSla,
  type DrillRequest,
  type ReportFilters,
  percent,
} from './report-query.ts';

type Row = AnalyticsSla['byMetric'][number];

/** SLA clock cycles that ended in the range per metric: met and breached (metrics.md §2). */
export function SlaTab({
  data,
  filters,
  onDrill,
}: {
  data: AnalyticsSla;
  filters: ReportFilters;
  onDrill: (r: DrillRequest) => void;
}) {
  const { t, format } = useI18n();
  const name = (r: Row) => t(`sla.metric.${r.metric}` as never);
  const columns: Column<Row>[] = [
    { header: t('reports.col.metric'), cell: name, csv: name },
    {
      header: t('reports.sla.total'),
      cell: (r) => format.number(r.total),
      csv: (r) => r.total,
      numeric: true,
    },
    {
      header: t('reports.sla.achieved'),
      cell: (r) => format.number(r.achieved),
      csv: (r) => r.achieved,
      numeric: true,
    },
    {
      header: t('reports.sla.breached'),
      cell: (r) => format.number(r.breached),
      csv: (r) => r.breached,
      numeric: true,
      drill: (r) =>
        r.breached
          ? () =>
              onDrill({
                metric: 'sla_breached',
                title: `${t('reports.sla.breached')} · ${name(r)}`,
                filters,
                extra: { slaMetric: r.metric },
              })
          : null,
    },
    {
      header: t('reports.sla.rate'),
      cell: (r) => percent(r.achieved, r.total),
      csv: (r) => (r.total ? r.achieved / r.total : null),
      numeric: true,
    },
  ];
  return (
    <div className="report-body">
      <p className="muted">{t('reports.def.sla')}</p>
      {data.byMetric.length === 0 ? (
        <p className="admin-empty">{t('reports.empty')}</p>
      ) : (
        <>
          <Chart
            label={t('reports.tab.sla')}
            testId="sla-chart"
            categories={data.byMetric.map(name)}
            series={[
              {
                name: t('reports.sla.achieved'),
                kind: 'bar',
                values: data.byMetric.map((r) => r.achieved),
              },
              {
                name: t('reports.sla.breached'),
                kind: 'bar',
                values: data.byMetric.map((r) => r.breached),
              },
            ]}
            yLabel={t('reports.axis.cycles')}
          />
          <ReportTable
            title={t('reports.tab.sla')}
            filename="sla"
            columns={columns}
            rows={data.byMetric}
            testId="sla-table"
          />
        </>
      )}
    </div>
  );
}
