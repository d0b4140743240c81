import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Agent, Role } from './types.ts';

interface Props {
  agent: Agent;
  choices: Role[];
  onChange: (role: Role) => Promise<unknown>;
}

/**
 * The member's role, changeable when `choices` allows. Picking a role only proposes it; the
 * change is applied with the button, so moving through the options with the arrow keys never
 * fires a string of requests.
 */
export function RoleCell({ agent, choices, onChange }: Props) {
  const { t } = useI18n();
  const [role, setRole] = useState<Role>(agent.role);
  const [busy, setBusy] = useState(false);
  useEffect(() => setRole(agent.role), [agent.role]);

  if (choices.length < 2 || agent.status !== 'active') {
    return <span className={`badge role-${agent.role}`}>{t(`admin.role.${agent.role}`)}</span>;
  }
  const changed = role !== agent.role;
  return (
    <span className="admin-role-cell">
      <select
        className="compact-select"
        value={role}
        disabled={busy}
        aria-label={t('admin.agents.roleOf', { name: agent.name })}
        onChange={(event) => setRole(event.target.value as Role)}
      >
        {choices.map((value) => (
          <option key={value} value={value}>
            {t(`admin.role.${value}`)}
          </option>
        ))}
      </select>
      {changed ? (
        <>
          <button
            type="button"
            className="button small button-primary"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              onChange(role).then(
                () => setBusy(false),
                () => {
                  setBusy(false);
                  setRole(agent.role);
                },
              );
            }}
          >
            {t('admin.agents.applyRole')}
          </button>
          <button
            type="button"
            className="button small button-ghost"
            disabled={busy}
            onClick={() => setRole(agent.role)}
          >
            {t('dialog.cancel')}
          </button>
        </>
      ) : null}
    </span>
  );
}
