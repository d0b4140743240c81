import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { api } from '../lib/api.ts';
import { useToast } from '../ui/Toaster.tsx';
import { type AgentRouting, type Skill, channelList } from './types.ts';

/** One agent: status, capacity overrides per channel (empty = default) and skill levels. */
export function AgentRoutingRow({
  agent,
  skills,
  defaults,
  onSaved,
}: {
  agent: AgentRouting;
  skills: Skill[];
  defaults: Record<string, number>;
  onSaved: (saved: AgentRouting) => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [capacity, setCapacity] = useState<Record<string, string>>(() =>
    Object.fromEntries(channelList.map((c) => [c, agent.capacity[c]?.toString() ?? ''])),
  );
  const [levels, setLevels] = useState<Record<string, number>>(() =>
    Object.fromEntries(agent.skills.map((s) => [s.skillId, s.level])),
  );
  const [busy, setBusy] = useState(false);

  const save = () => {
    setBusy(true);
    const overrides: Record<string, number> = {};
    for (const channel of channelList)
      if (capacity[channel]?.trim()) overrides[channel] = Number(capacity[channel]);
    api
      .put<AgentRouting>(`/routing/agents/${agent.userId}`, {
        capacity: overrides,
        skills: Object.entries(levels).map(([skillId, level]) => ({ skillId, level })),
      })
      .then(
        (saved) => {
          setBusy(false);
          toast.info(t('admin.saved'));
          onSaved(saved);
        },
        (error: unknown) => {
          setBusy(false);
          toast.error(errorMessage(error, t));
        },
      );
  };

  return (
    <tr>
      <td data-user-content>{agent.name}</td>
      <td>
        <span className="status-menu-inline">
          <span
            className={`status-dot status-dot-${agent.connected ? agent.status : 'offline'}`}
            aria-hidden="true"
          />{' '}
          {t(`presence.${agent.connected ? agent.status : 'offline'}`)}
        </span>
      </td>
      {channelList.slice(0, 3).map((channel) => (
        <td key={channel}>
          <input
            type="number"
            min={0}
            max={100}
            className="routing-capacity-input"
            aria-label={`${agent.name}: ${t(`routing.channel.${channel}`)}`}
            placeholder={t('routing.defaultValue', { value: String(defaults[channel] ?? '') })}
            value={capacity[channel] ?? ''}
            onChange={(e) => setCapacity((c) => ({ ...c, [channel]: e.target.value }))}
          />
        </td>
      ))}
      <td>
        <div className="routing-skill-chips">
          {skills.map((skill) => (
            <label key={skill.id} className="small">
              <span data-user-content>{skill.name}</span>{' '}
              <select
                aria-label={`${agent.name}: ${skill.name} ${t('routing.level')}`}
                value={levels[skill.id] ?? ''}
                onChange={(e) =>
                  setLevels((current) => {
                    const next = { ...current };
                    if (e.target.value) next[skill.id] = Number(e.target.value);
                    else delete next[skill.id];
                    return next;
                  })
                }
              >
                <option value="">{t('routing.noLevel')}</option>
                {Array.from({ length: 10 }, (_, i) => i + 1).map((level) => (
                  <option key={level} value={level}>
                    {level}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      </td>
      <td>
        <button type="button" className="button small" disabled={busy} onClick={save}>
          {busy ? t('admin.saving') : t('admin.save')}
        </button>
      </td>
    </tr>
  );
}
