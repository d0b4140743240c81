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
import type { TimeRule } from './types.ts';
import './automations.css';

/** Admin → Time rules: "in a status for N hours → act", once per stay in that status. */
export function TimeRulesSection() {
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useLoad(async () => (await api.get<{ items: TimeRule[] }>('/time-rules')).items);
  const [editing, setEditing] = useState<TimeRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TimeRule | null>(null);
  const rules = loaded.data;

  const saved = (rule: TimeRule) => {
    loaded.setData((list) =>
      list?.some((x) => x.id === rule.id)
        ? list.map((x) => (x.id === rule.id ? rule : x))
        : [...(list ?? []), rule],
    );
    setEditing(null);
    toast.info(t('admin.saved'));
  };
  const lead = (rule: TimeRule) =>
    t('automations.timeRule.lead', { status: t(`status.${rule.status}`), hours: rule.hours });

  return (
    <section className="admin-page" aria-labelledby="admin-time-rules">
      <PageHeader
        id="admin-time-rules"
        title={t('automations.timeRules.title')}
        description={t('automations.timeRules.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('automations.timeRules.new')}
          </button>
        }
      />
      {!rules ? (
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <>
          {editing === 'new' ? (
            <RuleForm
              kind="time_rule"
              rule={null}
              onSaved={saved}
              onCancel={() => setEditing(null)}
            />
          ) : null}
          {rules.length === 0 && editing !== 'new' ? (
            <EmptyState text={t('automations.timeRules.empty')} />
          ) : (
            <ul className="admin-cards">
              {rules.map((rule) =>
                editing !== 'new' && editing?.id === rule.id ? (
                  <li key={rule.id}>
                    <RuleForm
                      kind="time_rule"
                      rule={rule}
                      onSaved={saved}
                      onCancel={() => setEditing(null)}
                    />
                  </li>
                ) : (
                  <RuleCard
                    key={rule.id}
                    name={rule.name}
                    summary={ruleSummary(t, rule, lead(rule))}
                    enabled={{
                      value: rule.enabled,
                      onToggle: () =>
                        void api
                          .patch<TimeRule>(`/time-rules/${rule.id}`, { enabled: !rule.enabled })
                          .then(saved),
                    }}
                    onEdit={() => setEditing(rule)}
                    onDelete={() => setDeleting(rule)}
                  />
                ),
              )}
            </ul>
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
            await api.delete(`/time-rules/${deleting.id}`);
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
