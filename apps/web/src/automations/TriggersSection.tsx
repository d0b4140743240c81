import { useState } from 'react';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { EmptyState, LoadState, PageHeader } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { RuleCard } from './RuleCard.tsx';
import { RuleForm } from './RuleForm.tsx';
import { ruleSummary } from './summary.ts';
import type { Trigger } from './types.ts';
import './automations.css';

/** Admin → Triggers: ordered rules that act when a conversation is created or changes. */
export function TriggersSection() {
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useLoad(async () => (await api.get<{ items: Trigger[] }>('/triggers')).items);
  const [editing, setEditing] = useState<Trigger | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Trigger | null>(null);
  const triggers = loaded.data;

  const saved = (trigger: Trigger) => {
    loaded.setData((list) =>
      list?.some((x) => x.id === trigger.id)
        ? list.map((x) => (x.id === trigger.id ? trigger : x))
        : [...(list ?? []), trigger],
    );
    setEditing(null);
    toast.info(t('admin.saved'));
  };
  const move = async (index: number, by: -1 | 1) => {
    if (!triggers) return;
    const ids = triggers.map((x) => x.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    loaded.setData((await api.put<{ items: Trigger[] }>('/triggers/order', { ids })).items);
  };
  const lead = (trigger: Trigger) =>
    trigger.events.map((e) => t(`automations.trigger.${e}`)).join(' / ');

  return (
    <section className="admin-page" aria-labelledby="admin-triggers">
      <PageHeader
        id="admin-triggers"
        title={t('automations.triggers.title')}
        description={t('automations.triggers.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('automations.triggers.new')}
          </button>
        }
      />
      {!triggers ? (
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <>
          {editing === 'new' ? (
            <RuleForm
              kind="trigger"
              rule={null}
              onSaved={saved}
              onCancel={() => setEditing(null)}
            />
          ) : null}
          {triggers.length === 0 && editing !== 'new' ? (
            <EmptyState text={t('automations.triggers.empty')} />
          ) : (
            <ol className="admin-cards">
              {triggers.map((trigger, index) =>
                editing !== 'new' && editing?.id === trigger.id ? (
                  <li key={trigger.id}>
                    <RuleForm
                      kind="trigger"
                      rule={trigger}
                      onSaved={saved}
                      onCancel={() => setEditing(null)}
                    />
                  </li>
                ) : (
                  <RuleCard
                    key={trigger.id}
                    name={trigger.name}
                    summary={ruleSummary(t, trigger, lead(trigger))}
                    order={{ index, count: triggers.length, onMove: (by) => void move(index, by) }}
                    enabled={{
                      value: trigger.enabled,
                      onToggle: () =>
                        void api
                          .patch<Trigger>(`/triggers/${trigger.id}`, { enabled: !trigger.enabled })
                          .then(saved),
                    }}
                    onEdit={() => setEditing(trigger)}
                    onDelete={() => setDeleting(trigger)}
                  />
                ),
              )}
            </ol>
          )}
        </>
      )}
      {deleting ? (
        <ConfirmDialog
          title={t('automations.deleteTitle', { name: deleting.name })}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/triggers/${deleting.id}`);
            loaded.setData((list) => list?.filter((x) => x.id !== deleting.id) ?? null);
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('automations.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
