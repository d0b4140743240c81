import { useState } from 'react';
import { LoadState } from '../admin/ui.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import { formatDuration } from '../reports/report-query.ts';
import { Dialog } from '../ui/Dialog.tsx';
import type { QueuedConversationList } from './types.ts';

/** A page of the list; "Show more" appends the next one. */
const pageSize = 200;

/** A team's waiting conversations in the order routing will take them (a queue's drill-down). */
export function QueuedConversations({
  teamId,
  teamName,
  onClose,
}: {
  teamId: string;
  teamName: string;
  onClose: () => void;
}) {
  const { t, format } = useI18n();
  const url = `/routing/queues/${teamId}/conversations`;
  const list = useLoad(() => api.get<QueuedConversationList>(url, { limit: String(pageSize) }));
  const [more, setMore] = useState<{ loading: boolean; error: unknown }>({
    loading: false,
    error: null,
  });
  const showMore = async () => {
    const shown = list.data?.items.length ?? 0;
    setMore({ loading: true, error: null });
    try {
      const next = await api.get<QueuedConversationList>(url, {
        limit: String(pageSize),
        offset: String(shown),
      });
      // The queue moves while one reads it: a conversation already listed is not listed twice.
      list.setData((current) => {
        if (!current) return next;
        const listed = new Set(current.items.map((c) => c.conversationId));
        return {
          items: [...current.items, ...next.items.filter((c) => !listed.has(c.conversationId))],
          total: next.total,
        };
      });
      setMore({ loading: false, error: null });
    } catch (error) {
      setMore({ loading: false, error });
    }
  };
  const now = Date.now();
  return (
    <Dialog
      title={t('queues.list.title', { team: teamName })}
      onClose={onClose}
      className="dialog-wide"
    >
      {!list.data ? (
        <LoadState error={list.error} onRetry={list.reload} />
      ) : list.data.items.length === 0 ? (
        <p className="admin-empty">{t('queues.list.empty')}</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" data-testid="queued-table">
            <thead>
              <tr>
                <th scope="col" className="number">
                  {t('queues.list.position')}
                </th>
                <th scope="col">#</th>
                <th scope="col">{t('reports.drill.subject')}</th>
                <th scope="col">{t('queues.list.customer')}</th>
                <th scope="col">{t('queues.list.priority')}</th>
                <th scope="col">{t('queues.list.channel')}</th>
                <th scope="col" className="number">
                  {t('queues.list.waiting')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.conversationId}>
                  <td className="number">{format.number(c.position)}</td>
                  <td>
                    <Link to={`/app/inbox/all/${c.conversationId}`}>#{c.number}</Link>
                  </td>
                  <td data-user-content>
                    <Link to={`/app/inbox/all/${c.conversationId}`}>
                      {c.subject ?? t('reports.drill.noSubject')}
                    </Link>
                  </td>
                  <td>
                    <span data-user-content>{c.customerName ?? t('list.anonymous')}</span>
                    {c.vip ? <span className="badge">{t('reports.tier.vip')}</span> : null}
                  </td>
                  <td>{t(`priority.${c.priority}`)}</td>
                  <td>{t(`channel.${c.channel}` as never)}</td>
                  <td className="number">
                    {formatDuration(Math.max(0, now - Date.parse(c.queuedAt)), t)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.total > list.data.items.length ? (
            <>
              <p className="muted small">
                {t('queues.list.more', {
                  shown: format.number(list.data.items.length),
                  total: format.number(list.data.total),
                })}
              </p>
              <div className="admin-more">
                <button
                  type="button"
                  className="button"
                  disabled={more.loading}
                  onClick={() => void showMore()}
                >
                  {more.loading
                    ? t('app.loading')
                    : t('queues.list.showMore', { count: format.number(pageSize) })}
                </button>
              </div>
              {more.error ? (
                <p className="form-error" role="alert">
                  {t('queues.list.moreFailed')}
                </p>
              ) : null}
            </>
          ) : null}
        </div>
      )}
    </Dialog>
  );
}
