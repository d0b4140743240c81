import { useState } from 'react';
import { LoadState } from '../admin/ui.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import {
  type AnalyticsConversationPage,
  type DrillRequest,
  formatDuration,
  queryOf,
} from './report-query.ts';

/** The conversations behind a number, with links to each; more pages on demand. */
export function DrillDown({ request, onClose }: { request: DrillRequest; onClose: () => void }) {
  const { t, format } = useI18n();
  const [more, setMore] = useState<AnalyticsConversationPage['items']>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const first = useLoad(() =>
    api
      .get<AnalyticsConversationPage>(
        '/analytics/conversations',
        queryOf(request.filters, { ...request.extra, metric: request.metric, limit: '50' }),
      )
      .then((page) => {
        setCursor(page.nextCursor);
        return page;
      }),
  );
  const loadMore = async () => {
    if (!cursor) return;
    const page = await api.get<AnalyticsConversationPage>(
      '/analytics/conversations',
      queryOf(request.filters, { ...request.extra, metric: request.metric, limit: '50', cursor }),
    );
    setMore((items) => [...items, ...page.items]);
    setCursor(page.nextCursor);
  };
  const items = [...(first.data?.items ?? []), ...more];

  return (
    <Dialog title={request.title} onClose={onClose} className="dialog-wide">
      {!first.data ? (
        <LoadState error={first.error} onRetry={first.reload} />
      ) : items.length === 0 ? (
        <p className="admin-empty">{t('reports.drill.empty')}</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" data-testid="drill-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('reports.drill.subject')}</th>
                <th scope="col">{t('reports.drill.status')}</th>
                <th scope="col">{t('reports.drill.created')}</th>
                <th scope="col">{t('reports.drill.solved')}</th>
                <th scope="col" className="number">
                  {t('reports.metric.first_reply')}
                </th>
                <th scope="col" className="number">
                  {t('reports.metric.full_resolution')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/app/inbox/all/${c.id}`}>#{c.number}</Link>
                  </td>
                  <td data-user-content>
                    <Link to={`/app/inbox/all/${c.id}`}>
                      {c.subject ?? t('reports.drill.noSubject')}
                    </Link>
                  </td>
                  <td>{t(`status.${c.status}`)}</td>
                  <td>{format.dateTime(c.createdAt)}</td>
                  <td>{c.solvedAt ? format.dateTime(c.solvedAt) : '—'}</td>
                  <td className="number">{formatDuration(c.firstReplyMs, t)}</td>
                  <td className="number">{formatDuration(c.fullResolutionMs, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor ? (
            <button type="button" className="button" onClick={() => void loadMore()}>
              {t('reports.drill.more')}
            </button>
          ) : null}
        </div>
      )}
    </Dialog>
  );
}
