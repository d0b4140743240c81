import type { BotReport, SurveyReport, SurveyScores } from '@kefu/contracts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Link } from '../lib/router.tsx';
import { Chart } from './Chart.tsx';
import { type Column, ReportTable } from './ReportTable.tsx';

const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value)}%`);
const rate = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const one = (value: number | null) => (value === null ? '—' : value.toFixed(2));

type Row = SurveyScores & { key: string | null };

/** CSAT, NPS and CES from the surveys module's report (metrics.md §4), with verbatim comments. */
export function SurveysTab({ data }: { data: SurveyReport }) {
  const { t, format } = useI18n();
  const { directory } = useWorkspace();
  const name = (kind: 'agent' | 'team', id: string | null) =>
    id === null
      ? t(`reports.none.${kind}`)
      : ((kind === 'agent' ? directory.agents : directory.teams).find((x) => x.id === id)?.name ??
        id);
  const o = data.overall;
  const columns = (kind: 'agent' | 'team'): Column<Row>[] => [
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
    {
      header: t('reports.survey.csatRated'),
      cell: (r) => format.number(r.csat.good + r.csat.bad),
      csv: (r) => r.csat.good + r.csat.bad,
      numeric: true,
    },
    {
      header: t('reports.survey.nps'),
      cell: (r) => (r.nps.score === null ? '—' : String(Math.round(r.nps.score))),
      csv: (r) => r.nps.score,
      numeric: true,
    },
    {
      header: t('reports.survey.npsResponses'),
      cell: (r) => format.number(r.nps.responses),
      csv: (r) => r.nps.responses,
      numeric: true,
    },
    {
      header: t('reports.survey.cesMean'),
      cell: (r) => one(r.ces.mean),
      csv: (r) => r.ces.mean,
      numeric: true,
    },
    {
      header: t('reports.survey.cesAgree'),
      cell: (r) => pct(r.ces.agreePercent),
      csv: (r) => r.ces.agreePercent,
      numeric: true,
    },
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
      cell: (c) => `${c.score}/${c.scale}`,
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
  return (
    <div className="report-body">
      <p className="muted">{t('reports.survey.description')}</p>
      <ul className="report-cards">
        <li className="report-card">
          <span className="report-card-label">{t('reports.survey.csat')}</span>
          <span className="report-card-value">{pct(o.csat.percent)}</span>
          <p className="report-card-def">{t('reports.survey.csatDef')}</p>
        </li>
        <li className="report-card">
          <span className="report-card-label">{t('reports.survey.nps')}</span>
          <span className="report-card-value">
            {o.nps.score === null ? '—' : Math.round(o.nps.score)}
          </span>
          <p className="report-card-def">{t('reports.survey.npsDef')}</p>
        </li>
        <li className="report-card">
          <span className="report-card-label">{t('reports.survey.cesMean')}</span>
          <span className="report-card-value">
            {one(o.ces.mean)} · {pct(o.ces.agreePercent)}
          </span>
          <p className="report-card-def">{t('reports.survey.cesDef')}</p>
        </li>
      </ul>
      <Chart
        label={t('reports.survey.cesDistribution')}
        categories={o.ces.distribution.map((_, i) => String(i + 1))}
        series={[
          { name: t('reports.survey.cesDistribution'), kind: 'bar', values: o.ces.distribution },
        ]}
        yLabel={t('reports.survey.responses')}
      />
      <ReportTable
        title={t('reports.tab.agents')}
        filename="surveys-agents"
        columns={columns('agent')}
        rows={data.byAgent.map((r) => ({ ...r, key: r.agentId }))}
      />
      <ReportTable
        title={t('reports.tab.teams')}
        filename="surveys-teams"
        columns={columns('team')}
        rows={data.byTeam.map((r) => ({ ...r, key: r.teamId }))}
      />
      <ReportTable
        title={t('reports.survey.comments')}
        filename="surveys-comments"
        columns={comments}
        rows={data.comments}
      />
    </div>
  );
}

/** The answer bot's outcomes from its module's report (metrics.md §6). */
export function BotTab({ data }: { data: BotReport }) {
  const { t, format } = useI18n();
  const rows: { label: string; value: number; share: string }[] = [
    { label: t('reports.bot.newConversations'), value: data.newConversations, share: '' },
    { label: t('reports.bot.involved'), value: data.involved, share: rate(data.involvementRate) },
    {
      label: t('reports.bot.confirmed'),
      value: data.confirmed,
      share: rate(data.confirmedResolutionRate),
    },
    {
      label: t('reports.bot.assumed'),
      value: data.assumed,
      share: rate(data.assumedResolutionRate),
    },
    { label: t('reports.bot.handedOver'), value: data.handedOver, share: '' },
    { label: t('reports.bot.unanswered'), value: data.unanswered, share: '' },
    { label: t('reports.bot.pending'), value: data.pending, share: '' },
  ];
  const columns: Column<(typeof rows)[number]>[] = [
    { header: t('reports.col.metric'), cell: (r) => r.label, csv: (r) => r.label },
    {
      header: t('reports.col.count'),
      cell: (r) => format.number(r.value),
      csv: (r) => r.value,
      numeric: true,
    },
    { header: t('reports.bot.rate'), cell: (r) => r.share, csv: (r) => r.share, numeric: true },
  ];
  return (
    <div className="report-body">
      <ul className="report-cards">
        <li className="report-card">
          <span className="report-card-label">{t('reports.bot.involvement')}</span>
          <span className="report-card-value">{rate(data.involvementRate)}</span>
        </li>
        <li className="report-card">
          <span className="report-card-label">{t('reports.bot.resolution')}</span>
          <span className="report-card-value">{rate(data.resolutionRate)}</span>
        </li>
        <li className="report-card">
          <span className="report-card-label">{t('reports.bot.automation')}</span>
          <span className="report-card-value">{rate(data.automationRate)}</span>
        </li>
      </ul>
      <p className="muted">{t('reports.bot.description')}</p>
      <Chart
        label={t('reports.tab.bot')}
        categories={rows.slice(2).map((r) => r.label)}
        series={[
          {
            name: t('reports.bot.sessions'),
            kind: 'bar',
            values: rows.slice(2).map((r) => r.value),
          },
        ]}
        yLabel={t('reports.bot.sessions')}
      />
      <ReportTable title={t('reports.tab.bot')} filename="bot" columns={columns} rows={rows} />
    </div>
  );
}
