import { useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { CustomFieldDialog } from './CustomFieldDialog.tsx';
import type { CustomField } from './types.ts';
import { useLoad } from './useLoad.ts';
import { EmptyState, LoadState, PageHeader } from './ui.tsx';

type Entity = CustomField['entity'];
const entities: Entity[] = ['conversation', 'customer'];

/** Extra fields on conversations and on customers, in the order agents see them. */
export function CustomFieldsSection() {
  const { t } = useI18n();
  const toast = useToast();
  const { refreshDirectory } = useWorkspace();
  const fields = useLoad(() =>
    api.get<{ items: CustomField[] }>('/custom-fields').then((page) => page.items),
  );
  const [entity, setEntity] = useState<Entity>('conversation');
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const shown = (fields.data ?? [])
    .filter((field) => field.entity === entity)
    .sort((a, b) => a.position - b.position || a.label.localeCompare(b.label));
  const nextPosition = shown.length ? Math.max(...shown.map((field) => field.position)) + 1 : 0;

  const saved = (field: CustomField) => {
    fields.setData((list) => [...(list ?? []).filter((item) => item.id !== field.id), field]);
    refreshDirectory();
    toast.info(t('admin.saved'));
    setEditing(null);
  };

  return (
    <section className="admin-page" aria-labelledby="admin-fields">
      <PageHeader
        id="admin-fields"
        title={t('admin.fields.title')}
        description={t('admin.fields.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('admin.fields.new')}
          </button>
        }
      />
      <div className="admin-tabs" role="group" aria-label={t('admin.fields.entity')}>
        {entities.map((value) => (
          <button
            key={value}
            type="button"
            className={`admin-tab ${entity === value ? 'active' : ''}`}
            aria-pressed={entity === value}
            onClick={() => setEntity(value)}
          >
            {t(`admin.fields.entity.${value}`)}
          </button>
        ))}
      </div>
      {!fields.data ? (
        <LoadState error={fields.error} onRetry={fields.reload} />
      ) : shown.length === 0 ? (
        <EmptyState text={t('admin.fields.empty')} />
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.fields.label')}</th>
                <th scope="col">{t('admin.fields.key')}</th>
                <th scope="col">{t('admin.fields.type')}</th>
                <th scope="col">{t('admin.fields.options')}</th>
                <th scope="col">{t('admin.fields.required')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((field) => (
                <tr key={field.id}>
                  <td>{field.label}</td>
                  <td>
                    <code>{field.key}</code>
                  </td>
                  <td>{t(`admin.fieldType.${field.type}`)}</td>
                  <td className="admin-options-cell">
                    {field.options.length ? (
                      field.options.join(', ')
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>{field.required ? t('props.yes') : t('props.no')}</td>
                  <td className="admin-row-actions">
                    <button
                      type="button"
                      className="button small"
                      onClick={() => setEditing(field)}
                      aria-label={t('admin.editName', { name: field.label })}
                    >
                      {t('admin.edit')}
                    </button>
                    <button
                      type="button"
                      className="button small button-danger-ghost"
                      onClick={() => setDeleting(field)}
                      aria-label={t('admin.deleteName', { name: field.label })}
                    >
                      {t('admin.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? (
        <CustomFieldDialog
          field={editing === 'new' ? null : editing}
          entity={editing === 'new' ? entity : editing.entity}
          nextPosition={nextPosition}
          onClose={() => setEditing(null)}
          onSaved={saved}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('admin.fields.deleteTitle', { name: deleting.label })}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/custom-fields/${deleting.id}`);
            fields.setData((list) => list?.filter((item) => item.id !== deleting.id) ?? null);
            refreshDirectory();
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('admin.fields.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
