import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import {
  type ActionType,
  type AutomationAction,
  newAction,
  priorityList,
  statusList,
} from './types.ts';

interface Props {
  actions: AutomationAction[];
  onChange: (actions: AutomationAction[]) => void;
  /** Which action types this editor offers (macros: no notify or webhook). */
  types: readonly ActionType[];
}

const tagText = (tags: string[]) => tags.join(', ');
const tagList = (text: string) =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The actions of a trigger, time rule or macro, in the order they run. */
export function AutomationActionsEditor({ actions, onChange, types }: Props) {
  const { t } = useI18n();
  const replace = (index: number, next: AutomationAction) =>
    onChange(actions.map((a, i) => (i === index ? next : a)));
  return (
    <div className="automation-list">
      <ul>
        {actions.map((action, index) => (
          <li key={index} className="automation-row">
            <select
              aria-label={t('automations.action.type', { n: index + 1 })}
              value={action.type}
              onChange={(e) => replace(index, newAction(e.target.value as ActionType))}
            >
              {types.map((type) => (
                <option key={type} value={type}>
                  {t(`automations.action.${type}` as MessageKey)}
                </option>
              ))}
            </select>
            <ActionValue action={action} index={index} onChange={(next) => replace(index, next)} />
            <button
              type="button"
              className="button small button-danger-ghost"
              aria-label={t('automations.action.remove', { n: index + 1 })}
              onClick={() => onChange(actions.filter((_, i) => i !== index))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button small"
        onClick={() => onChange([...actions, newAction(types[0]!)])}
      >
        {t('automations.action.add')}
      </button>
    </div>
  );
}

function ActionValue({
  action,
  index,
  onChange,
}: {
  action: AutomationAction;
  index: number;
  onChange: (next: AutomationAction) => void;
}) {
  const { t } = useI18n();
  const { directory } = useWorkspace();
  const label = t('automations.action.value', { n: index + 1 });
  switch (action.type) {
    case 'set_status':
      return (
        <select
          aria-label={label}
          value={action.status}
          onChange={(e) => onChange({ ...action, status: e.target.value as typeof action.status })}
        >
          {statusList.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      );
    case 'set_priority':
      return (
        <select
          aria-label={label}
          value={action.priority}
          onChange={(e) =>
            onChange({ ...action, priority: e.target.value as typeof action.priority })
          }
        >
          {priorityList.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      );
    case 'assign':
      return (
        <select
          aria-label={label}
          value={action.assigneeId ?? ''}
          onChange={(e) => onChange({ ...action, assigneeId: e.target.value || null })}
        >
          <option value="">{t('automations.unassign')}</option>
          {directory.agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      );
    case 'set_team':
      return (
        <select
          aria-label={label}
          value={action.teamId ?? ''}
          onChange={(e) => onChange({ ...action, teamId: e.target.value || null })}
        >
          <option value="">{t('automations.noTeam')}</option>
          {directory.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      );
    case 'add_tags':
    case 'remove_tags':
      return (
        <input
          aria-label={label}
          defaultValue={tagText(action.tags)}
          placeholder="vip, refund"
          required
          maxLength={500}
          onChange={(e) => onChange({ ...action, tags: tagList(e.target.value) })}
        />
      );
    case 'reply':
      return (
        <span className="automation-reply">
          <select
            aria-label={t('automations.action.visibility', { n: index + 1 })}
            value={action.visibility}
            onChange={(e) =>
              onChange({ ...action, visibility: e.target.value as typeof action.visibility })
            }
          >
            <option value="public">{t('automations.reply.public')}</option>
            <option value="internal">{t('automations.reply.internal')}</option>
          </select>
          <textarea
            aria-label={label}
            value={action.body}
            required
            rows={3}
            maxLength={10000}
            placeholder={t('automations.reply.placeholder')}
            onChange={(e) => onChange({ ...action, body: e.target.value })}
          />
        </span>
      );
    case 'notify':
      return (
        <input
          aria-label={label}
          value={action.text}
          required
          maxLength={500}
          onChange={(e) => onChange({ ...action, text: e.target.value })}
        />
      );
    case 'webhook':
      return (
        <input
          type="url"
          aria-label={label}
          value={action.url}
          required
          maxLength={2000}
          onChange={(e) => onChange({ ...action, url: e.target.value })}
        />
      );
  }
}
