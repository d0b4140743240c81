import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { SlaAction } from './types.ts';

/** Which actions run: notify, raise priority, add a tag, reassign to a team. */
export function ActionsEditor({
  actions,
  onChange,
  label,
  macros,
}: {
  actions: SlaAction[];
  onChange: (actions: SlaAction[]) => void;
  label: string;
  /** The workspace's macros (id and name) a breach or warning may run. */
  macros: { id: string; name: string }[];
}) {
  const { t } = useI18n();
  const { directory } = useWorkspace();
  const find = <K extends SlaAction['type']>(type: K) =>
    actions.find((a): a is Extract<SlaAction, { type: K }> => a.type === type);
  const set = (type: SlaAction['type'], action: SlaAction | null) =>
    onChange([...actions.filter((a) => a.type !== type), ...(action ? [action] : [])]);
  const tag = find('add_tag');
  const reassign = find('reassign');
  const macro = find('run_macro');
  return (
    <div role="group" aria-label={label}>
      <div className="sla-row">
        <label>
          <input
            type="checkbox"
            checked={Boolean(find('notify'))}
            onChange={(e) => set('notify', e.target.checked ? { type: 'notify' } : null)}
          />{' '}
          {t('sla.action.notify')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={Boolean(find('raise_priority'))}
            onChange={(e) =>
              set('raise_priority', e.target.checked ? { type: 'raise_priority' } : null)
            }
          />{' '}
          {t('sla.action.raise_priority')}
        </label>
      </div>
      <div className="sla-row">
        <label>
          {t('sla.action.add_tag')}{' '}
          <input
            value={tag?.tag ?? ''}
            maxLength={50}
            placeholder="sla-breached"
            onChange={(e) =>
              set(
                'add_tag',
                e.target.value.trim() ? { type: 'add_tag', tag: e.target.value } : null,
              )
            }
          />
        </label>
        <label>
          {t('sla.action.reassign')}{' '}
          <select
            value={reassign?.teamId ?? ''}
            onChange={(e) =>
              set('reassign', e.target.value ? { type: 'reassign', teamId: e.target.value } : null)
            }
          >
            <option value="">{t('sla.action.noReassign')}</option>
            {directory.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sla.action.run_macro')}{' '}
          <select
            value={macro?.macroId ?? ''}
            onChange={(e) =>
              set(
                'run_macro',
                e.target.value ? { type: 'run_macro', macroId: e.target.value } : null,
              )
            }
          >
            <option value="">{t('sla.action.noMacro')}</option>
            {macros.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
