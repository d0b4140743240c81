import { useEffect, useRef, useState } from 'react';
import { useRealtimeEvent, useResync } from '../app/realtime-hooks.ts';
import { LoadState } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { QueuedConversations } from './QueuedConversations.tsx';
import type { QueueSummary } from './types.ts';
import '../admin/admin.css';

/** Agents connecting or dropping have no event; this catches them. */
const safetyPollMs = 30_000;
/** Events that can change a queue's numbers; a burst of them reloads once. */
const queueEvents = new Set([
  'conversation.created',
  'conversation.updated',
  'assignment.changed',
  'agent.status',
]);
const debounceMs = 400;

/** The supervisor's live view: per team, how many wait, for how long, and who can take them. */
export function QueuesPage() {
  const { t, format } = useI18n();
  const [data, setData] = useState<{
    items: QueueSummary[];
    at: string;
    /** When it arrived, by this browser's clock (the server's may differ). */
    loadedAt: number;
  } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const pending = useRef<number | null>(null);
  const [opened, setOpened] = useState<QueueSummary | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      api.get<{ items: QueueSummary[]; at: string }>('/routing/queues').then(
        (value) => {
          if (!live) return;
          setData({ ...value, loadedAt: Date.now() });
          setError(null);
        },
        (failure: unknown) => live && setError(failure),
      );
    void load();
    const poll = window.setInterval(() => void load(), safetyPollMs);
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => {
      live = false;
      window.clearInterval(poll);
      window.clearInterval(tick);
    };
  }, [version]);

  const reloadSoon = () => {
    if (pending.current !== null) return;
    pending.current = window.setTimeout(() => {
      pending.current = null;
      setVersion((v) => v + 1);
    }, debounceMs);
  };
  useEffect(
    () => () => {
      if (pending.current !== null) window.clearTimeout(pending.current);
    },
    [],
  );
  useRealtimeEvent((event) => {
    if (queueEvents.has(event.type)) reloadSoon();
  });
  useResync(reloadSoon);

  // The longest wait keeps counting between reloads.
  const sinceLoad = data ? Math.max(0, Math.floor((now - data.loadedAt) / 1000)) : 0;
  const wait = (seconds: number | null) => {
    if (seconds === null) return t('queues.none');
    const minutes = Math.floor(seconds / 60);
    return minutes > 0
      ? `${format.number(minutes)}:${String(seconds % 60).padStart(2, '0')}`
      : `0:${String(seconds).padStart(2, '0')}`;
  };

  return (
    <section className="queues-page" aria-labelledby="queues-title">
      <h1 id="queues-title">{t('queues.title')}</h1>
      <p className="muted">{t('queues.description')}</p>
      {!data ? (
        <LoadState error={error} onRetry={() => setVersion((v) => v + 1)} />
      ) : data.items.length === 0 ? (
        <p className="admin-empty">{t('queues.empty')}</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" data-testid="queues-table">
            <thead>
              <tr>
                <th scope="col">{t('queues.team')}</th>
                <th scope="col">{t('queues.strategy')}</th>
                <th scope="col" className="number">
                  {t('queues.waiting')}
                </th>
                <th scope="col" className="number">
                  {t('queues.offered')}
                </th>
                <th scope="col" className="number">
                  {t('queues.longestWait')}
                </th>
                <th scope="col" className="number">
                  {t('queues.agentsOnline')}
                </th>
                <th scope="col" className="number">
                  {t('queues.agentsAvailable')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((team) => (
                <tr key={team.teamId}>
                  <td data-user-content>{team.teamName}</td>
                  <td>{t(`routing.strategy.${team.strategy}`)}</td>
                  <td className="number">
                    {team.waiting > 0 ? (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={t('queues.list.open', { team: team.teamName })}
                        onClick={() => setOpened(team)}
                      >
                        {format.number(team.waiting)}
                      </button>
                    ) : (
                      format.number(team.waiting)
                    )}
                  </td>
                  <td className="number">{format.number(team.offered)}</td>
                  <td className="number">
                    {wait(
                      team.longestWaitSeconds === null ? null : team.longestWaitSeconds + sinceLoad,
                    )}
                  </td>
                  <td className="number">{format.number(team.agentsOnline)}</td>
                  <td className="number">{format.number(team.agentsAvailable)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data ? (
        <p className="muted small">{t('queues.updated', { time: format.shortDate(data.at) })}</p>
      ) : null}
      {opened ? (
        <QueuedConversations
          teamId={opened.teamId}
          teamName={opened.teamName}
          onClose={() => setOpened(null)}
        />
      ) : null}
    </section>
  );
}
