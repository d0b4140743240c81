import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { EmptyState, FormError, LoadState, PageHeader } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { AutomationActionsEditor } from './ActionsEditor.tsx';
import { RuleCard } from './RuleCard.tsx';
import { actionsSummary } from './summary.ts';
import { type AutomationAction, type Macro, macroActionTypes } from './types.ts';
import './automations.css';

/** Admin → Macros: named sets of actions agents apply from the conversation view. */
export function MacrosSection() {
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useLoad(async () => (await api.get<{ items: Macro[] }>('/macros')).items);
  const [editing, setEditing] = useState<Macro | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Macro | null>(null);
  const macros = loaded.data;

  const saved = (macro: Macro) => {
    loaded.setData((list) =>
      list?.some((x) => x.id === macro.id)
        ? list.map((x) => (x.id === macro.id ? macro : x))
        : [...(list ?? []), macro],
    );
    setEditing(null);
    toast.info(t('admin.saved'));
  };

  return (
    <section className="admin-page" aria-labelledby="admin-macros">
      <PageHeader
        id="admin-macros"
        title={t('macros.title')}
        description={t('macros.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('macros.new')}
          </button>
        }
      />
      {!macros ? (
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <>
          {editing === 'new' ? (
            <MacroForm macro={null} onSaved={saved} onCancel={() => setEditing(null)} />
          ) : null}
          {macros.length === 0 && editing !== 'new' ? (
            <EmptyState text={t('macros.empty')} />
          ) : (
            <ul className="admin-cards">
              {macros.map((macro) =>
                editing !== 'new' && editing?.id === macro.id ? (
                  <li key={macro.id}>
                    <MacroForm macro={macro} onSaved={saved} onCancel={() => setEditing(null)} />
                  </li>
                ) : (
                  <RuleCard
                    key={macro.id}
                    name={macro.name}
                    summary={actionsSummary(t, macro.actions)}
                    onEdit={() => setEditing(macro)}
                    onDelete={() => setDeleting(macro)}
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
            await api.delete(`/macros/${deleting.id}`);
            loaded.setData((list) => list?.filter((x) => x.id !== deleting.id) ?? null);
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('macros.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function MacroForm({
  macro,
  onSaved,
  onCancel,
}: {
  macro: Macro | null;
  onSaved: (macro: Macro) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(macro?.name ?? '');
  const [actions, setActions] = useState<AutomationAction[]>(macro?.actions ?? []);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const body = { name: name.trim(), actions };
    try {
      onSaved(
        macro
          ? await api.patch<Macro>(`/macros/${macro.id}`, body)
          : await api.post<Macro>('/macros', body),
      );
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="admin-card automation-form">
      <label className="automation-field">
        {t('automations.name')}
        <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <fieldset className="automation-fieldset">
        <legend>{t('automations.actions')}</legend>
        <p className="muted small">{t('macros.variables')}</p>
        <AutomationActionsEditor actions={actions} onChange={setActions} types={macroActionTypes} />
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
