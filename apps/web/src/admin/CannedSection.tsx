import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { api } from '../lib/api.ts';
import type { CannedResponse } from '../lib/contracts-runtime.ts';
import type { Page } from '../lib/types.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { CannedDialog } from './CannedDialog.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { EmptyState, LoadState, PageHeader } from './ui.tsx';

const pageSize = 50;

/** Reply templates agents insert with `/shortcut`; searchable, a page at a time. */
export function CannedSection() {
  const { t } = useI18n();
  const toast = useToast();
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<CannedResponse[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      api
        .get<Page<CannedResponse>>('/canned-responses', {
          q: query.trim() || undefined,
          limit: pageSize,
        })
        .then(
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
    }, 180);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query, version]);

  const loadMore = () => {
    if (!cursor) return;
    setLoadingMore(true);
    api
      .get<Page<CannedResponse>>('/canned-responses', {
        q: query.trim() || undefined,
        limit: pageSize,
        cursor,
      })
      .then(
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

  return (
    <section className="admin-page" aria-labelledby="admin-canned">
      <PageHeader
        id="admin-canned"
        title={t('admin.canned.title')}
        description={t('admin.canned.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('admin.canned.new')}
          </button>
        }
      />
      <div className="admin-toolbar">
        <label className="admin-search">
          <Icon name="search" />
          <span className="visually-hidden">{t('admin.canned.search')}</span>
          <input
            type="search"
            value={query}
            placeholder={t('admin.canned.search')}
            onChange={(event) => setQuery(event.target.value)}
          />
        </label>
      </div>
      {!items ? (
        <LoadState error={error} onRetry={() => setVersion((value) => value + 1)} />
      ) : items.length === 0 ? (
        <EmptyState text={query.trim() ? t('admin.canned.noMatch') : t('admin.canned.empty')} />
      ) : (
        <ul className="admin-cards">
          {items.map((item) => (
            <li key={item.id} className="admin-card admin-item">
              <div className="admin-item-main">
                <h3 className="admin-item-title">
                  <code className="shortcut">/{item.shortcut}</code> {item.title}
                </h3>
                <p className="admin-item-text admin-clamp">{item.body}</p>
              </div>
              {item.canEdit ? (
                <div className="admin-row-actions">
                  <button
                    type="button"
                    className="button small"
                    onClick={() => setEditing(item)}
                    aria-label={t('admin.editName', { name: `/${item.shortcut}` })}
                  >
                    {t('admin.edit')}
                  </button>
                  <button
                    type="button"
                    className="button small button-danger-ghost"
                    onClick={() => setDeleting(item)}
                    aria-label={t('admin.deleteName', { name: `/${item.shortcut}` })}
                  >
                    {t('admin.delete')}
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {cursor && items?.length ? (
        <div className="admin-more">
          <button type="button" className="button" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t('app.loading') : t('admin.loadMore')}
          </button>
        </div>
      ) : null}
      {editing ? (
        <CannedDialog
          canned={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setItems((list) =>
              editing === 'new'
                ? [saved, ...(list ?? [])]
                : (list ?? []).map((item) => (item.id === saved.id ? saved : item)),
            );
            toast.info(t('admin.saved'));
            setEditing(null);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('admin.canned.deleteTitle', { name: `/${deleting.shortcut}` })}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/canned-responses/${deleting.id}`);
            setItems((list) => list?.filter((item) => item.id !== deleting.id) ?? null);
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('admin.canned.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
