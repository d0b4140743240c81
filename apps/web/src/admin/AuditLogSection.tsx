import { useEffect, useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { api } from '../lib/api.ts';
import type { Page } from '../lib/types.ts';
import { useToast } from '../ui/Toaster.tsx';
import type { AuditEntry } from './types.ts';
import { EmptyState, LoadState, PageHeader } from './ui.tsx';

const pageSize = 50;

/** The change data as one short line of text (it is never interpreted as markup). */
function summary(data: Record<string, unknown>): string {
  const text = JSON.stringify(data);
  if (!text || text === '{}') return '';
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/** Who changed what in the workspace's administration, newest first. */
export function AuditLogSection() {
  const { t, format } = useI18n();
  const toast = useToast();
  const { agentName } = useWorkspace();
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let current = true;
    api.get<Page<AuditEntry>>('/audit-log', { limit: pageSize }).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(null);
      },
      (failure: unknown) => {
        if (current) setError(failure);
      },
    );
    return () => {
      current = false;
    };
  }, [version]);

  const loadMore = () => {
    if (!cursor) return;
    setLoadingMore(true);
    api.get<Page<AuditEntry>>('/audit-log', { limit: pageSize, cursor }).then(
      (page) => {
        setItems((list) => [...(list ?? []), ...page.items]);
        setCursor(page.nextCursor);
        setLoadingMore(false);
      },
      (failure: unknown) => {
        setLoadingMore(false);
        toast.error(errorMessage(failure, t));
      },
    );
  };

  const actor = (entry: AuditEntry) =>
    entry.actorType === 'user'
      ? (agentName(entry.actorId) ?? t('admin.audit.unknownUser'))
      : t(`admin.audit.actor.${entry.actorType}`);

  return (
    <section className="admin-page" aria-labelledby="admin-audit">
      <PageHeader
        id="admin-audit"
        title={t('admin.audit.title')}
        description={t('admin.audit.description')}
      />
      {!items ? (
        <LoadState error={error} onRetry={() => setVersion((value) => value + 1)} />
      ) : items.length === 0 ? (
        <EmptyState text={t('admin.audit.empty')} />
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.when')}</th>
                <th scope="col">{t('admin.audit.who')}</th>
                <th scope="col">{t('admin.audit.action')}</th>
                <th scope="col">{t('admin.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap" title={format.dateTime(entry.createdAt)}>
                    {format.shortDate(entry.createdAt)}
                  </td>
                  <td>{actor(entry)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td className="admin-audit-data">
                    <code>{summary(entry.data)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && items?.length ? (
        <div className="admin-more">
          <button type="button" className="button" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t('app.loading') : t('admin.loadMore')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
