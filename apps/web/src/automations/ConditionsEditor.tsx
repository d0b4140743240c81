import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import {
  type AutomationCondition,
  type ConditionField,
  channelList,
  conditionFields,
  messageFields,
  newCondition,
  operatorsOf,
  priorityList,
  statusList,
  surveyRatingList,
} from './types.ts';

interface Props {
  conditions: AutomationCondition[];
  onChange: (conditions: AutomationCondition[]) => void;
  /** Time rules have no message to look at. */
  withMessage: boolean;
}

/** A list of conditions: field, operator and value per row; rows added and removed by button. */
export function ConditionsEditor({ conditions, onChange, withMessage }: Props) {
  const { t } = useI18n();
  const fields = conditionFields.filter((f) => withMessage || !messageFields.includes(f));
  const replace = (index: number, next: AutomationCondition) =>
    onChange(conditions.map((c, i) => (i === index ? next : c)));
  return (
    <div className="automation-list">
      {conditions.length === 0 ? (
        <p className="muted small">{t('automations.conditions.none')}</p>
      ) : null}
      <ul>
        {conditions.map((condition, index) => (
          <li key={index} className="automation-row">
            <select
              aria-label={t('automations.condition.field', { n: index + 1 })}
              value={condition.field}
              onChange={(e) => replace(index, newCondition(e.target.value as ConditionField))}
            >
              {fields.map((field) => (
                <option key={field} value={field}>
                  {t(`automations.field.${field}` as MessageKey)}
                </option>
              ))}
            </select>
            <select
              aria-label={t('automations.condition.op', { n: index + 1 })}
              value={condition.op}
              onChange={(e) =>
                replace(index, { ...condition, op: e.target.value } as AutomationCondition)
              }
            >
              {operatorsOf[condition.field].map((op) => (
                <option key={op} value={op}>
                  {t(`automations.op.${op}` as MessageKey)}
                </option>
              ))}
            </select>
            <ConditionValue
              condition={condition}
              index={index}
              onChange={(next) => replace(index, next)}
            />
            <button
              type="button"
              className="button small button-danger-ghost"
              aria-label={t('automations.condition.remove', { n: index + 1 })}
              onClick={() => onChange(conditions.filter((_, i) => i !== index))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button small"
        onClick={() => onChange([...conditions, newCondition('status')])}
      >
        {t('automations.condition.add')}
      </button>
    </div>
  );
}

function ConditionValue({
  condition,
  index,
  onChange,
}: {
  condition: AutomationCondition;
  index: number;
  onChange: (next: AutomationCondition) => void;
}) {
  const { t } = useI18n();
  const { directory } = useWorkspace();
  const label = t('automations.condition.value', { n: index + 1 });
  const options = (values: readonly { value: string; label: string }[]) =>
    values.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ));
  switch (condition.field) {
    case 'status':
      return (
        <select
          aria-label={label}
          value={condition.value}
          onChange={(e) =>
            onChange({ ...condition, value: e.target.value as typeof condition.value })
          }
        >
          {options(statusList.map((s) => ({ value: s, label: t(`status.${s}`) })))}
        </select>
      );
    case 'priority':
      return (
        <select
          aria-label={label}
          value={condition.value}
          onChange={(e) =>
            onChange({ ...condition, value: e.target.value as typeof condition.value })
          }
        >
          {options(priorityList.map((p) => ({ value: p, label: t(`priority.${p}`) })))}
        </select>
      );
    case 'channel':
      return (
        <select
          aria-label={label}
          value={condition.value}
          onChange={(e) =>
            onChange({ ...condition, value: e.target.value as typeof condition.value })
          }
        >
          {options(channelList.map((c) => ({ value: c, label: t(`channel.${c}`) })))}
        </select>
      );
    case 'assigneeId':
    case 'teamId': {
      const list =
        condition.field === 'assigneeId'
          ? directory.agents.map((a) => ({ value: a.id, label: a.name }))
          : directory.teams.map((team) => ({ value: team.id, label: team.name }));
      return (
        <select
          aria-label={label}
          value={condition.value ?? ''}
          onChange={(e) => onChange({ ...condition, value: e.target.value || null })}
        >
          <option value="">
            {condition.field === 'assigneeId' ? t('automations.nobody') : t('automations.noTeam')}
          </option>
          {options(list)}
        </select>
      );
    }
    case 'customer.tier':
      return (
        <select
          aria-label={label}
          value={condition.value}
          onChange={(e) =>
            onChange({ ...condition, value: e.target.value as typeof condition.value })
          }
        >
          {options(
            ['standard', 'vip'].map((x) => ({ value: x, label: t(`sla.tier.${x}` as MessageKey) })),
          )}
        </select>
      );
    case 'message.author':
      return (
        <select
          aria-label={label}
          value={condition.value}
          onChange={(e) =>
            onChange({ ...condition, value: e.target.value as typeof condition.value })
          }
        >
          {options([
            { value: 'customer', label: t('author.customer') },
            { value: 'agent', label: t('author.agent') },
          ])}
        </select>
      );
    case 'survey.rating':
      return (
        <select
          aria-label={label}
          value={condition.value}
          onChange={(e) =>
            onChange({ ...condition, value: e.target.value as typeof condition.value })
          }
        >
          {options(
            surveyRatingList.map((x) => ({
              value: x,
              label: t(`surveys.rating.${x}` as MessageKey),
            })),
          )}
        </select>
      );
    case 'customField':
      return (
        <>
          <select
            aria-label={t('automations.condition.key', { n: index + 1 })}
            value={condition.key}
            onChange={(e) => onChange({ ...condition, key: e.target.value })}
          >
            <option value="">—</option>
            {options(
              directory.fields
                .filter((f) => f.entity === 'conversation')
                .map((f) => ({ value: f.key, label: f.label })),
            )}
          </select>
          {condition.op === 'is_set' || condition.op === 'is_not_set' ? null : (
            <input
              aria-label={label}
              value={condition.value}
              maxLength={200}
              onChange={(e) => onChange({ ...condition, value: e.target.value })}
            />
          )}
        </>
      );
    case 'tag':
    case 'customer.email':
    case 'message.text':
      return (
        <input
          aria-label={label}
          value={condition.value}
          required
          maxLength={condition.field === 'tag' ? 64 : 500}
          onChange={(e) => onChange({ ...condition, value: e.target.value })}
        />
      );
    case 'time.hour':
      return (
        <>
          <input
            type="number"
            aria-label={t('automations.condition.from', { n: index + 1 })}
            min={0}
            max={23}
            value={condition.from}
            onChange={(e) => onChange({ ...condition, from: Number(e.target.value) })}
          />
          <span aria-hidden="true">–</span>
          <input
            type="number"
            aria-label={t('automations.condition.to', { n: index + 1 })}
            min={1}
            max={24}
            value={condition.to}
            onChange={(e) => onChange({ ...condition, to: Number(e.target.value) })}
          />
        </>
      );
    case 'time.weekday':
      return (
        <span role="group" aria-label={label}>
          {[1, 2, 3, 4, 5, 6, 7].map((day) => (
            <label key={day} className="automation-day">
              <input
                type="checkbox"
                checked={condition.value.includes(day)}
                onChange={(e) =>
                  onChange({
                    ...condition,
                    value: e.target.checked
                      ? [...condition.value, day].sort()
                      : condition.value.filter((d) => d !== day),
                  })
                }
              />
              {t(`automations.weekday.${day}` as MessageKey)}
            </label>
          ))}
        </span>
      );
  }
}
