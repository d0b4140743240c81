import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { EmptyState, FormError, LoadState, PageHeader } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { RuleCard } from './RuleCard.tsx';
import type { Procedure } from './types.ts';
import './automations.css';

/** Admin → Standard procedures: a checklist per request type (a tag). */
export function ProceduresSection() {
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useLoad(async () => (await api.get<{ items: Procedure[] }>('/procedures')).items);
  const [editing, setEditing] = useState<Procedure | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Procedure | null>(null);
  const procedures = loaded.data;

  const saved = (procedure: Procedure) => {
    loaded.setData((list) =>
      list?.some((x) => x.id === procedure.id)
        ? list.map((x) => (x.id === procedure.id ? procedure : x))
        : [...(list ?? []), procedure],
    );
    setEditing(null);
    toast.info(t('admin.saved'));
  };

  return (
    <section className="admin-page" aria-labelledby="admin-procedures">
      <PageHeader
        id="admin-procedures"
        title={t('procedures.title')}
        description={t('procedures.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('procedures.new')}
          </button>
        }
      />
      {!procedures ? (
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <>
          {editing === 'new' ? (
            <ProcedureForm procedure={null} onSaved={saved} onCancel={() => setEditing(null)} />
          ) : null}
          {procedures.length === 0 && editing !== 'new' ? (
            <EmptyState text={t('procedures.empty')} />
          ) : (
            <ul className="admin-cards">
              {procedures.map((procedure) =>
                editing !== 'new' && editing?.id === procedure.id ? (
                  <li key={procedure.id}>
                    <ProcedureForm
                      procedure={procedure}
                      onSaved={saved}
                      onCancel={() => setEditing(null)}
                    />
                  </li>
                ) : (
                  <RuleCard
                    key={procedure.id}
                    name={procedure.name}
                    summary={t('procedures.summary', {
                      tag: procedure.tag,
                      count: procedure.steps.length,
                    })}
                    onEdit={() => setEditing(procedure)}
                    onDelete={() => setDeleting(procedure)}
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
            await api.delete(`/procedures/${deleting.id}`);
            loaded.setData((list) => list?.filter((x) => x.id !== deleting.id) ?? null);
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('procedures.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

interface StepDraft {
  id?: string;
  title: string;
}

function ProcedureForm({
  procedure,
  onSaved,
  onCancel,
}: {
  procedure: Procedure | null;
  onSaved: (procedure: Procedure) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(procedure?.name ?? '');
  const [tag, setTag] = useState(procedure?.tag ?? '');
  const [steps, setSteps] = useState<StepDraft[]>(procedure?.steps ?? [{ title: '' }]);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const body = {
      name: name.trim(),
      tag: tag.trim(),
      steps: steps.filter((s) => s.title.trim()).map((s) => ({ ...s, title: s.title.trim() })),
    };
    try {
      onSaved(
        procedure
          ? await api.patch<Procedure>(`/procedures/${procedure.id}`, body)
          : await api.post<Procedure>('/procedures', body),
      );
    } catch (failure) {
      setError(failure);
    }
  };
  const move = (index: number, by: -1 | 1) =>
    setSteps((list) => {
      const next = [...list];
      const [step] = next.splice(index, 1);
      next.splice(index + by, 0, step!);
      return next;
    });
  return (
    <form onSubmit={(event) => void submit(event)} className="admin-card automation-form">
      <label className="automation-field">
        {t('automations.name')}
        <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="automation-field">
        {t('procedures.tag')}
        <input value={tag} required maxLength={64} onChange={(e) => setTag(e.target.value)} />
        <span className="muted small">{t('procedures.tagHint')}</span>
      </label>
      <fieldset className="automation-fieldset">
        <legend>{t('procedures.steps')}</legend>
        <ol className="automation-list procedure-steps-edit">
          {steps.map((step, index) => (
            <li key={step.id ?? `new-${index}`} className="automation-row">
              <input
                aria-label={t('procedures.stepTitle', { n: index + 1 })}
                value={step.title}
                maxLength={500}
                onChange={(e) =>
                  setSteps(steps.map((s, i) => (i === index ? { ...s, title: e.target.value } : s)))
                }
              />
              <button
                type="button"
                className="button small"
                disabled={index === 0}
                aria-label={t('procedures.stepUp', { n: index + 1 })}
                onClick={() => move(index, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="button small"
                disabled={index === steps.length - 1}
                aria-label={t('procedures.stepDown', { n: index + 1 })}
                onClick={() => move(index, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="button small button-danger-ghost"
                aria-label={t('procedures.stepRemove', { n: index + 1 })}
                onClick={() => setSteps(steps.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button small"
          onClick={() => setSteps([...steps, { title: '' }])}
        >
          {t('procedures.addStep')}
        </button>
      </fieldset>
      <FormError error={error} />
      <div className="automation-buttons">
        <button type="submit" className="button button-primary">
          {t('admin.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('automations.cancel')}
        </button>
      </div>
    </form>
  );
}
