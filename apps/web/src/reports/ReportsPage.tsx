import { useCallback, useState } from 'react';
import { LoadState } from '../admin/ui.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { api } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import { BreakdownTab } from './BreakdownTab.tsx';
import { DrillDown } from './DrillDown.tsx';
import { LiveTab } from './LiveTab.tsx';
import { OverviewTab } from './OverviewTab.tsx';
import { SlaTab } from './SlaTab.tsx';
import { BotTab } from './BotTab.tsx';
import { SurveysTab } from './SurveysTab.tsx';
import type { BotReport, SurveyReport } from '@kefu/contracts';
import {
  type AnalyticsBreakdown,
  type AnalyticsOverview,
  type AnalyticsSla,
  type DrillRequest,
  type ReportFilters,
  addDays,
  dateIn,
  defaultFilters,
  queryOf,
  startOfDateIn,
} from './report-query.ts';
import './reports.css';

const tabs = ['overview', 'agents', 'teams', 'channels', 'sla', 'surveys', 'bot', 'live'] as const;
type Tab = (typeof tabs)[number];
const dimensionOf = { agents: 'agent', teams: 'team', channels: 'channel' } as const;
/** Tabs with a series by period (the grouping applies). */
const grouped = new Set<string>(['overview', 'surveys', 'bot']);
/** Tabs with durations (calendar or business time applies). */
const timed = new Set<string>(['overview', 'agents', 'teams', 'channels']);

/** Reports / 报表: dashboards over the analytics API, for supervisors and above. */
export function ReportsPage({ tab: requested }: { tab: string }) {
  const { t } = useI18n();
  const tab: Tab = (tabs as readonly string[]).includes(requested)
    ? (requested as Tab)
    : 'overview';
  const zone = useWorkspace().session.workspace.timezone;
  const [filters, setFilters] = useState<ReportFilters>(() => defaultFilters(zone));
  const [business, setBusiness] = useState(false);
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  const closeDrill = useCallback(() => setDrill(null), []);

  return (
    <section className="reports-page" aria-labelledby="reports-title">
      <header className="reports-header">
        <h1 id="reports-title">{t('reports.title')}</h1>
        <nav className="reports-tabs" aria-label={t('reports.title')}>
          {tabs.map((name) => (
            <Link
              key={name}
              to={`/app/reports/${name}`}
              className={`reports-tab ${tab === name ? 'active' : ''}`}
              aria-current={tab === name ? 'page' : undefined}
            >
              {t(`reports.tab.${name}` as MessageKey)}
            </Link>
          ))}
        </nav>
      </header>
      {tab === 'live' ? (
        <LiveTab />
      ) : (
        <>
          <FilterBar
            filters={filters}
            onChange={setFilters}
            business={business}
            onBusiness={setBusiness}
            tab={tab}
          />
          <TabContent
            key={`${tab}:${business}:${JSON.stringify(filters)}`}
            tab={tab}
            filters={filters}
            business={business}
            onDrill={setDrill}
          />
        </>
      )}
      {drill ? <DrillDown request={drill} onClose={closeDrill} /> : null}
    </section>
  );
}

function TabContent({
  tab,
  filters,
  business,
  onDrill,
}: {
  tab: Exclude<Tab, 'live'>;
  filters: ReportFilters;
  business: boolean;
  onDrill: (request: DrillRequest) => void;
}) {
  const basis = business ? 'business' : 'calendar';
  const loaded = useLoad<
    | { kind: 'overview'; data: AnalyticsOverview }
    | { kind: 'breakdown'; data: AnalyticsBreakdown }
    | { kind: 'sla'; data: AnalyticsSla }
    | { kind: 'surveys'; data: SurveyReport }
    | { kind: 'bot'; data: BotReport }
  >(async () => {
    // Survey and bot numbers come from their modules' reports, with the same slices.
    if (tab === 'surveys')
      return {
        kind: 'surveys',
        data: await api.get<SurveyReport>('/surveys/report', queryOf(filters, {}, true)),
      };
    if (tab === 'bot')
      return {
        kind: 'bot',
        data: await api.get<BotReport>('/answer-bot/report', queryOf(filters, {}, true)),
      };
    if (tab === 'overview')
      return {
        kind: 'overview',
        data: await api.get<AnalyticsOverview>(
          '/analytics/overview',
          queryOf(filters, { basis }, true),
        ),
      };
    if (tab === 'sla')
      return { kind: 'sla', data: await api.get<AnalyticsSla>('/analytics/sla', queryOf(filters)) };
    return {
      kind: 'breakdown',
      data: await api.get<AnalyticsBreakdown>(
        '/analytics/breakdown',
        queryOf(filters, { by: dimensionOf[tab], basis }),
      ),
    };
  });
  if (!loaded.data) return <LoadState error={loaded.error} onRetry={loaded.reload} />;
  const result = loaded.data;
  if (result.kind === 'overview')
    return (
      <OverviewTab data={result.data} filters={filters} business={business} onDrill={onDrill} />
    );
  if (result.kind === 'sla')
    return <SlaTab data={result.data} filters={filters} onDrill={onDrill} />;
  if (result.kind === 'surveys')
    return <SurveysTab data={result.data} filters={filters} onDrill={onDrill} />;
  if (result.kind === 'bot')
    return <BotTab data={result.data} filters={filters} onDrill={onDrill} />;
  return (
    <BreakdownTab data={result.data} filters={filters} business={business} onDrill={onDrill} />
  );
}

/** Date range, grouping, calendar or business time, and the slices. */
function FilterBar({
  filters,
  onChange,
  business,
  onBusiness,
  tab,
}: {
  filters: ReportFilters;
  onChange: (f: ReportFilters) => void;
  business: boolean;
  onBusiness: (b: boolean) => void;
  tab: Tab;
}) {
  const { t } = useI18n();
  const { directory, session } = useWorkspace();
  // Dates are the workspace's, as the server's buckets are (the browser may be elsewhere).
  const zone = session.workspace.timezone;
  const set = (patch: Partial<ReportFilters>) => onChange({ ...filters, ...patch });
  const select = (
    label: MessageKey,
    field: keyof ReportFilters,
    options: { value: string; label: string }[],
  ) => (
    <label className="report-filter">
      <span>{t(label)}</span>
      <select value={filters[field]} onChange={(e) => set({ [field]: e.target.value })}>
        <option value="">{t('reports.filter.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      className="report-filters"
      aria-label={t('reports.filters')}
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="report-filter">
        <span>{t('reports.filter.from')}</span>
        <input
          type="date"
          value={dateIn(Date.parse(filters.from), zone)}
          onChange={(e) =>
            e.target.value &&
            set({ from: new Date(startOfDateIn(e.target.value, zone)).toISOString() })
          }
        />
      </label>
      <label className="report-filter">
        <span>{t('reports.filter.to')}</span>
        <input
          type="date"
          value={dateIn(Date.parse(filters.to) - 1, zone)}
          onChange={(e) =>
            e.target.value &&
            set({ to: new Date(startOfDateIn(addDays(e.target.value, 1), zone)).toISOString() })
          }
        />
      </label>
      {grouped.has(tab) ? (
        <label className="report-filter">
          <span>{t('reports.filter.groupBy')}</span>
          <select
            value={filters.groupBy}
            onChange={(e) => set({ groupBy: e.target.value as ReportFilters['groupBy'] })}
          >
            {(['hour', 'day', 'week', 'month'] as const).map((g) => (
              <option key={g} value={g}>
                {t(`reports.group.${g}`)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {select(
        'reports.filter.channel',
        'channel',
        (['chat', 'email', 'api', 'phone', 'wechat', 'wecom'] as const).map((c) => ({
          value: c,
          label: t(`channel.${c}`),
        })),
      )}
      {select('reports.filter.team', 'teamId', [
        { value: 'none', label: t('reports.none.team') },
        ...directory.teams.map((team) => ({ value: team.id, label: team.name })),
      ])}
      {select('reports.filter.agent', 'agentId', [
        { value: 'none', label: t('reports.none.agent') },
        ...directory.agents.map((agent) => ({ value: agent.id, label: agent.name })),
      ])}
      {select(
        'reports.filter.priority',
        'priority',
        (['low', 'normal', 'high', 'urgent'] as const).map((p) => ({
          value: p,
          label: t(`priority.${p}`),
        })),
      )}
      {select(
        'reports.filter.tag',
        'tagId',
        directory.tags.map((tag) => ({ value: tag.id, label: tag.name })),
      )}
      {select(
        'reports.filter.tier',
        'tier',
        (['standard', 'vip'] as const).map((v) => ({
          value: v,
          label: t(`reports.tier.${v}`),
        })),
      )}
      {select('reports.filter.language', 'language', [
        { value: 'zh-CN', label: '中文 (zh-CN)' },
        { value: 'en', label: 'English (en)' },
        { value: 'none', label: t('reports.none.language') },
      ])}
      {timed.has(tab) ? (
        <label className="report-filter report-filter-check">
          <input
            type="checkbox"
            checked={business}
            onChange={(e) => onBusiness(e.target.checked)}
          />
          <span>{t('reports.filter.business')}</span>
        </label>
      ) : null}
      <p className="report-zone">{t('reports.filter.zone', { zone })}</p>
    </form>
  );
}
