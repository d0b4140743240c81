import { type FormEvent, useState } from 'react';
import { FormError } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { AutomationActionsEditor } from './ActionsEditor.tsx';
import { ConditionsEditor } from './ConditionsEditor.tsx';
import {
  type AutomationAction,
  type AutomationCondition,
  type TimeRule,
  type Trigger,
  actionTypes,
  statusList,
} from './types.ts';

type Props =
  | {
      kind: 'trigger';
      rule: Trigger | null;
      onSaved: (rule: Trigger) => void;
      onCancel: () => void;
    }
  | {
      kind: 'time_rule';
      rule: TimeRule | null;
      onSaved: (rule: TimeRule) => void;
      onCancel: () => void;
    };

/** Create or edit a trigger (events) or a time rule (status and hours): conditions, actions. */
export function RuleForm(props: Props) {
  const { t } = useI18n();
  const { rule } = props;
  const [name, setName] = useState(rule?.name ?? '');
  const [events, setEvents] = useState<Trigger['events']>(
    props.kind === 'trigger' ? (props.rule?.events ?? ['created']) : [],
  );
  const [status, setStatus] = useState<TimeRule['status']>(
    props.kind === 'time_rule' ? (props.rule?.status ?? 'pending') : 'pending',
  );
  const [hours, setHours] = useState(props.kind === 'time_rule' ? (props.rule?.hours ?? 72) : 72);
  const [match, setMatch] = useState<'all' | 'any'>(rule?.match ?? 'all');
  const [conditions, setConditions] = useState<AutomationCondition[]>(rule?.conditions ?? []);
  const [actions, setActions] = useState<AutomationAction[]>(rule?.actions ?? []);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const common = { name: name.trim(), match, conditions, actions };
    try {
      if (props.kind === 'trigger') {
        const body = { ...common, events };
        props.onSaved(
          props.rule
            ? await api.patch<Trigger>(`/triggers/${props.rule.id}`, body)
            : await api.post<Trigger>('/triggers', body),
        );
      } else {
        const body = { ...common, status, hours };
        props.onSaved(
          props.rule
            ? await api.patch<TimeRule>(`/time-rules/${props.rule.id}`, body)
            : await api.post<TimeRule>('/time-rules', body),
        );
      }
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
      {props.kind === 'trigger' ? (
        <fieldset className="automation-fieldset">
          <legend>{t('automations.trigger.when')}</legend>
          {(['created', 'updated'] as const).map((value) => (
            <label key={value}>
              <input
                type="checkbox"
                checked={events.includes(value)}
                onChange={(e) =>
                  setEvents(
                    e.target.checked ? [...events, value] : events.filter((x) => x !== value),
                  )
                }
              />{' '}
              {t(`automations.trigger.${value}`)}
            </label>
          ))}
        </fieldset>
      ) : (
        <fieldset className="automation-fieldset">
          <legend>{t('automations.timeRule.when')}</legend>
          <label>
            {t('automations.timeRule.status')}{' '}
            <select
              value={status}
              onChange={(e) => setStatus(e.target.value as TimeRule['status'])}
            >
              {statusList.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('automations.timeRule.hours')}{' '}
            <input
              type="number"
              min={0.25}
              max={8760}
              step="any"
              required
              value={hours}
              onChange={(e) => setHours(Number(e.target.value))}
            />
          </label>
          <p className="muted small">{t('automations.timeRule.once')}</p>
        </fieldset>
      )}
      <fieldset className="automation-fieldset">
        <legend>{t('automations.conditions')}</legend>
        <label>
          {t('automations.match')}{' '}
          <select value={match} onChange={(e) => setMatch(e.target.value as 'all' | 'any')}>
            <option value="all">{t('automations.match.all')}</option>
            <option value="any">{t('automations.match.any')}</option>
          </select>
        </label>
        <ConditionsEditor
          conditions={conditions}
          onChange={setConditions}
          withMessage={props.kind === 'trigger'}
        />
      </fieldset>
      <fieldset className="automation-fieldset">
        <legend>{t('automations.actions')}</legend>
        <AutomationActionsEditor actions={actions} onChange={setActions} types={actionTypes} />
      </fieldset>
      <FormError error={error} />
      <div className="automation-buttons">
        <button type="submit" className="button button-primary">
          {t('admin.save')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('automations.cancel')}
        </button>
      </div>
    </form>
  );
}
