import { useEffect, useState } from 'react';
import { LoadState } from '../admin/ui.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import { QueuedConversations } from '../routing/QueuedConversations.tsx';
import { LiveAgents } from './LiveAgents.tsx';
import { type Column, ReportTable } from './ReportTable.tsx';
import { type AnalyticsLive, formatDuration } from './report-query.ts';

const pollMs = 10_000;

/** For supervisors: queues now, the longest wait, agents by status, what is about to breach. */
export function LiveTab() {
  const { t, format } = useI18n();
  const live = useLoad(() => api.get<AnalyticsLive>('/analytics/live'));
  const [now, setNow] = useState(() => Date.now());
  const [queue, setQueue] = useState<{ teamId: string; teamName: string } | null>(null);
  const [agentStatus, setAgentStatus] = useState<string | null>(null);
  useEffect(() => {
    const poll = window.setInterval(live.reload, pollMs);
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => {
      window.clearInterval(poll);
      window.clearInterval(tick);
    };
  }, [live.reload]);
  if (!live.data) return <LoadState error={live.error} onRetry={live.reload} />;
  const data = live.data;
  const since = (at: string | null) =>
    at ? formatDuration(Math.max(0, now - Date.parse(at)), t) : '—';
  const queueColumns: Column<AnalyticsLive['queues'][number]>[] = [
    {
      header: t('queues.team'),
      cell: (q) => <span data-user-content>{q.teamName}</span>,
      csv: (q) => q.teamName,
    },
    {
      header: t('queues.waiting'),
      cell: (q) => format.number(q.waiting),
      csv: (q) => q.waiting,
      numeric: true,
      // The conversations behind the number, in the order routing takes them.
      drill: (q) =>
        q.teamId && q.waiting > 0
          ? () => setQueue({ teamId: q.teamId!, teamName: q.teamName ?? '' })
          : null,
    },
    {
      header: t('queues.longestWait'),
      cell: (q) => since(q.longestWaitSince),
      csv: (q) => q.longestWaitSince,
      numeric: true,
    },
  ];
  const agentColumns: Column<AnalyticsLive['agents'][number]>[] = [
    {
      header: t('reports.live.status'),
      cell: (a) => t(`reports.live.agent.${a.status}` as never),
      csv: (a) => a.status,
    },
    {
      header: t('reports.live.agents'),
      cell: (a) => format.number(a.count),
      csv: (a) => a.count,
      numeric: true,
      // Who they are, and what each has in hand.
      drill: (a) => (a.count > 0 ? () => setAgentStatus(a.status) : null),
    },
  ];
  const breachColumns: Column<AnalyticsLive['aboutToBreach'][number]>[] = [
    {
      header: '#',
      cell: (c) => <Link to={`/app/inbox/all/${c.conversationId}`}>#{c.number}</Link>,
      csv: (c) => c.number,
    },
    {
      header: t('reports.drill.subject'),
      cell: (c) => <span data-user-content>{c.subject ?? t('reports.drill.noSubject')}</span>,
      csv: (c) => c.subject,
    },
    {
      header: t('reports.live.assignee'),
      cell: (c) => c.assigneeName ?? t('reports.none.agent'),
      csv: (c) => c.assigneeName,
    },
    {
      header: t('reports.live.due'),
      cell: (c) => (
        <span className={c.breached || Date.parse(c.dueAt) < now ? 'sla-overdue' : undefined}>
          {Date.parse(c.dueAt) < now
            ? t('reports.live.overdue', { time: formatDuration(now - Date.parse(c.dueAt), t) })
            : t('reports.live.dueIn', { time: formatDuration(Date.parse(c.dueAt) - now, t) })}
        </span>
      ),
      csv: (c) => c.dueAt,
    },
  ];
  return (
    <div className="report-body" data-testid="live-view">
      <p className="muted">{t('reports.live.description')}</p>
      <ReportTable
        title={t('reports.live.queues')}
        filename="live-queues"
        columns={queueColumns}
        rows={data.queues}
      />
      <ReportTable
        title={t('reports.live.agentsByStatus')}
        filename="live-agents"
        columns={agentColumns}
        rows={data.agents}
      />
      <ReportTable
        title={t('reports.live.aboutToBreach')}
        filename="live-breach"
        columns={breachColumns}
        rows={data.aboutToBreach}
      />
      {agentStatus && data.agents.some((a) => a.status === agentStatus) ? (
        <LiveAgents
          group={data.agents.find((a) => a.status === agentStatus)!}
          onClose={() => setAgentStatus(null)}
        />
      ) : null}
      {queue ? (
        <QueuedConversations
          teamId={queue.teamId}
          teamName={queue.teamName}
          onClose={() => setQueue(null)}
        />
      ) : null}
    </div>
  );
}
