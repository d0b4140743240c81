import { useState } from 'react';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { EmptyState, LoadState, PageHeader } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { SlaPolicyForm } from './SlaPolicyForm.tsx';
import type { BusinessCalendar, SlaPolicy } from './types.ts';
import './sla.css';

interface Loaded {
  policies: SlaPolicy[];
  calendars: BusinessCalendar[];
  macros: { id: string; name: string }[];
}

/** Admin → SLA policies: ordered (first match applies), each with conditions, targets and actions. */
export function SlaPoliciesSection() {
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useLoad<Loaded>(async () => {
    const [policies, calendars, macros] = await Promise.all([
      api.get<{ items: SlaPolicy[] }>('/sla-policies'),
      api.get<{ items: BusinessCalendar[] }>('/business-calendars'),
      api.get<{ items: { id: string; name: string }[] }>('/macros'),
    ]);
    return { policies: policies.items, calendars: calendars.items, macros: macros.items };
  });

  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const [deleting, setDeleting] = useState<SlaPolicy | null>(null);
  const data = loaded.data;
  const setPolicies = (policies: SlaPolicy[]) =>
    loaded.setData((d) => (d ? { ...d, policies } : d));

  const move = async (index: number, by: -1 | 1) => {
    if (!data) return;
    const ids = data.policies.map((p) => p.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    setPolicies((await api.put<{ items: SlaPolicy[] }>('/sla-policies/order', { ids })).items);
  };

  const summary = (policy: SlaPolicy) => {
    const metrics = [
      ...new Set(policy.targets.map((x) => t(`sla.metric.${x.metric}` as MessageKey))),
    ];
    const calendar = data?.calendars.find((c) => c.id === policy.calendarId)?.name;
    return [
      metrics.length ? metrics.join(', ') : t('sla.policy.noTargets'),
      calendar ? t('sla.policy.onCalendar', { name: calendar }) : t('sla.policy.calendarTime'),
    ].join(' · ');
  };

  return (
    <section className="admin-page" aria-labelledby="admin-sla-policies">
      <PageHeader
        id="admin-sla-policies"
        title={t('sla.policies.title')}
        description={t('sla.policies.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('sla.policy.new')}
          </button>
        }
      />
      {!data ? (
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <>
          {editing === 'new' ? (
            <SlaPolicyForm
              policy={null}
              calendars={data.calendars}
              macros={data.macros}
              onCancel={() => setEditing(null)}
              onSaved={(saved) => {
                setPolicies([...data.policies, saved]);
                setEditing(null);
                toast.info(t('admin.saved'));
              }}
            />
          ) : null}
          {data.policies.length === 0 && editing !== 'new' ? (
            <EmptyState text={t('sla.policies.empty')} />
          ) : (
            <ol className="admin-cards">
              {data.policies.map((policy, index) =>
                editing !== 'new' && editing?.id === policy.id ? (
                  <li key={policy.id}>
                    <SlaPolicyForm
                      policy={policy}
                      calendars={data.calendars}
                      macros={data.macros}
                      onCancel={() => setEditing(null)}
                      onSaved={(saved) => {
                        setPolicies(data.policies.map((p) => (p.id === saved.id ? saved : p)));
                        setEditing(null);
                        toast.info(t('admin.saved'));
                      }}
                    />
                  </li>
                ) : (
                  <li key={policy.id} className="admin-card admin-item">
                    <div className="sla-order">
                      <button
                        type="button"
                        className="button small"
                        disabled={index === 0}
                        aria-label={t('sla.policy.moveUp', { name: policy.name })}
                        onClick={() => void move(index, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button small"
                        disabled={index === data.policies.length - 1}
                        aria-label={t('sla.policy.moveDown', { name: policy.name })}
                        onClick={() => void move(index, 1)}
                      >
                        ↓
                      </button>
                    </div>
                    <div className="admin-item-main">
                      <h3 className="admin-item-title">
                        {index + 1}. <span data-user-content>{policy.name}</span>{' '}
                        {policy.enabled ? null : (
                          <span className="sla-badge sla-paused">{t('sla.policy.disabled')}</span>
                        )}
                      </h3>
                      <p className="muted sla-policy-summary">{summary(policy)}</p>
                    </div>
                    <div className="admin-row-actions">
                      <button
                        type="button"
                        className="button small"
                        onClick={() =>
                          void api
                            .patch<SlaPolicy>(`/sla-policies/${policy.id}`, {
                              enabled: !policy.enabled,
                            })
                            .then((saved) =>
                              setPolicies(
                                data.policies.map((p) => (p.id === saved.id ? saved : p)),
                              ),
                            )
                        }
                      >
                        {policy.enabled ? t('sla.policy.disable') : t('sla.policy.enable')}
                      </button>
                      <button
                        type="button"
                        className="button small"
                        aria-label={t('admin.editName', { name: policy.name })}
                        onClick={() => setEditing(policy)}
                      >
                        {t('admin.edit')}
                      </button>
                      <button
                        type="button"
                        className="button small button-danger-ghost"
                        aria-label={t('admin.deleteName', { name: policy.name })}
                        onClick={() => setDeleting(policy)}
                      >
                        {t('admin.delete')}
                      </button>
                    </div>
                  </li>
                ),
              )}
            </ol>
          )}
        </>
      )}
      {deleting ? (
        <ConfirmDialog
          title={t('sla.policy.deleteTitle', { name: deleting.name })}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/sla-policies/${deleting.id}`);
            loaded.setData((d) =>
              d ? { ...d, policies: d.policies.filter((p) => p.id !== deleting.id) } : d,
            );
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('sla.policy.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
