import { type FormEvent, useState } from 'react';
import { useLoad } from '../admin/useLoad.ts';
import { EmptyState, LoadState, PageHeader } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { api } from '../lib/api.ts';
import { useToast } from '../ui/Toaster.tsx';
import { AgentRoutingRow } from './AgentRoutingRow.tsx';
import { RoutingDefaults } from './RoutingDefaults.tsx';
import { TeamRoutingForm } from './TeamRoutingForm.tsx';
import type { AgentRouting, RoutingSettings, Skill, TeamRouting } from './types.ts';
import { channelList } from './types.ts';
import './routing.css';

interface Loaded {
  settings: RoutingSettings;
  skills: Skill[];
  teams: TeamRouting[];
  agents: AgentRouting[];
}

/** Admin → Routing: defaults, skills, each team's strategy, each agent's capacity and skills. */
export function RoutingSection() {
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useLoad<Loaded>(async () => {
    const [settings, skills, teams, agents] = await Promise.all([
      api.get<RoutingSettings>('/routing/settings'),
      api.get<{ items: Skill[] }>('/skills'),
      api.get<{ items: TeamRouting[] }>('/routing/teams'),
      api.get<{ items: AgentRouting[] }>('/routing/agents'),
    ]);
    return { settings, skills: skills.items, teams: teams.items, agents: agents.items };
  });
  const [skillName, setSkillName] = useState('');
  const data = loaded.data;
  const update = (patch: Partial<Loaded>) => loaded.setData((d) => (d ? { ...d, ...patch } : d));

  const addSkill = (event: FormEvent) => {
    event.preventDefault();
    if (!skillName.trim() || !data) return;
    api.post<Skill>('/skills', { name: skillName.trim() }).then(
      (skill) => {
        setSkillName('');
        update({ skills: [...data.skills, skill] });
      },
      (error: unknown) => toast.error(errorMessage(error, t)),
    );
  };
  const deleteSkill = (skill: Skill) =>
    api.delete(`/skills/${skill.id}`).then(
      () => loaded.reload(),
      (error: unknown) => toast.error(errorMessage(error, t)),
    );

  return (
    <section className="admin-page" aria-labelledby="admin-routing">
      <PageHeader
        id="admin-routing"
        title={t('routing.title')}
        description={t('routing.description')}
      />
      {!data ? (
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <>
          <RoutingDefaults
            settings={data.settings}
            teams={data.teams}
            onSaved={(settings) => update({ settings })}
          />
          <div className="admin-card admin-form">
            <h3>{t('routing.skills')}</h3>
            <p className="muted small">{t('routing.skillsHint')}</p>
            {data.skills.length === 0 ? <p className="muted">{t('routing.noSkills')}</p> : null}
            <ul className="routing-skill-chips" aria-label={t('routing.skills')}>
              {data.skills.map((skill) => (
                <li key={skill.id} className="tag-chip">
                  <span data-user-content>{skill.name}</span>
                  <button
                    type="button"
                    className="icon-button small"
                    aria-label={t('routing.deleteSkill', { name: skill.name })}
                    onClick={() => void deleteSkill(skill)}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <form className="routing-requirement" onSubmit={addSkill}>
              <input
                aria-label={t('routing.newSkill')}
                placeholder={t('routing.newSkill')}
                maxLength={60}
                value={skillName}
                onChange={(e) => setSkillName(e.target.value)}
              />
              <button type="submit" className="button small" disabled={!skillName.trim()}>
                {t('routing.addSkill')}
              </button>
            </form>
          </div>
          <h3>{t('routing.teams')}</h3>
          {data.teams.length === 0 ? <EmptyState text={t('routing.noTeams')} /> : null}
          {data.teams.map((team) => (
            <TeamRoutingForm
              key={`${team.teamId}-${data.skills.length}`}
              team={team}
              teams={data.teams}
              skills={data.skills}
              onSaved={(saved) =>
                update({
                  teams: data.teams.map((item) => (item.teamId === saved.teamId ? saved : item)),
                })
              }
            />
          ))}
          <h3>{t('routing.agents')}</h3>
          <div className="admin-table-wrap">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('routing.agent')}</th>
                  <th scope="col">{t('routing.status')}</th>
                  {channelList.slice(0, 3).map((channel) => (
                    <th key={channel} scope="col">
                      {t(`routing.channel.${channel}`)}
                    </th>
                  ))}
                  <th scope="col">{t('routing.agentSkills')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.agents.map((agent) => (
                  <AgentRoutingRow
                    key={`${agent.userId}-${data.skills.length}`}
                    agent={agent}
                    skills={data.skills}
                    defaults={data.settings.defaultCapacity}
                    onSaved={(saved) =>
                      update({
                        agents: data.agents.map((a) => (a.userId === saved.userId ? saved : a)),
                      })
                    }
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
