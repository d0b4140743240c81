import { useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { TagDialog } from './TagDialog.tsx';
import type { Tag } from './types.ts';
import { useLoad } from './useLoad.ts';
import { EmptyState, LoadState, PageHeader } from './ui.tsx';

/** Tags label conversations; renaming one renames it everywhere. */
export function TagsSection() {
  const { t, locale } = useI18n();
  const toast = useToast();
  const { refreshDirectory } = useWorkspace();
  const tags = useLoad(() => api.get<{ items: Tag[] }>('/tags').then((page) => page.items));
  const [editing, setEditing] = useState<Tag | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const sorted = [...(tags.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, locale));

  return (
    <section className="admin-page" aria-labelledby="admin-tags">
      <PageHeader
        id="admin-tags"
        title={t('admin.tags.title')}
        description={t('admin.tags.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('admin.tags.new')}
          </button>
        }
      />
      {!tags.data ? (
        <LoadState error={tags.error} onRetry={tags.reload} />
      ) : sorted.length === 0 ? (
        <EmptyState text={t('admin.tags.empty')} />
      ) : (
        <ul className="admin-card admin-list">
          {sorted.map((tag) => (
            <li key={tag.id} className="admin-list-row">
              <span className="tag-chip admin-tag-chip">
                {tag.color ? <span className="tag-dot" style={{ background: tag.color }} /> : null}
                {tag.name}
              </span>
              <span className="grow" />
              <button
                type="button"
                className="button small"
                onClick={() => setEditing(tag)}
                aria-label={t('admin.tags.renameName', { name: tag.name })}
              >
                {t('admin.tags.rename')}
              </button>
              <button
                type="button"
                className="button small button-danger-ghost"
                onClick={() => setDeleting(tag)}
                aria-label={t('admin.deleteName', { name: tag.name })}
              >
                {t('admin.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <TagDialog
          tag={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            tags.setData((list) => [...(list ?? []).filter((item) => item.id !== saved.id), saved]);
            refreshDirectory();
            toast.info(t('admin.saved'));
            setEditing(null);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('admin.tags.deleteTitle', { name: deleting.name })}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/tags/${deleting.id}`);
            tags.setData((list) => list?.filter((item) => item.id !== deleting.id) ?? null);
            refreshDirectory();
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('admin.tags.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
