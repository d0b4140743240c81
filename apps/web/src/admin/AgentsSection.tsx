import { useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { api } from '../lib/api.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { InvitationsTable } from './InvitationsTable.tsx';
import { InviteDialog } from './InviteDialog.tsx';
import { RoleCell } from './RoleCell.tsx';
import { canManageMember, roleChoices } from './rules.ts';
import type { Agent, Invitation, Role } from './types.ts';
import { useLoad } from './useLoad.ts';
import { LoadState, PageHeader } from './ui.tsx';

/** Up to three team names, then how many more. */
function teamsText(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} +${names.length - 3}` : shown;
}

/** Online (available and connected), away, or offline: what visitors are told. */
function Availability({ agent }: { agent: Agent }) {
  const { t } = useI18n();
  const state = agent.online ? 'online' : agent.availability === 'away' ? 'away' : 'offline';
  return (
    <span className={`availability availability-${state}`}>
      <span className="availability-dot" aria-hidden="true" />
      {t(`admin.availability.${state}`)}
    </span>
  );
}

/** Members with role, status and availability; invitations below. */
export function AgentsSection() {
  const { t, format } = useI18n();
  const toast = useToast();
  const { session, directory, refreshDirectory } = useWorkspace();
  const agents = useLoad(() => api.get<{ items: Agent[] }>('/agents').then((page) => page.items));
  const invitations = useLoad(() =>
    api.get<{ items: Invitation[] }>('/invitations').then((page) => page.items),
  );
  const [inviting, setInviting] = useState(false);
  const [deactivating, setDeactivating] = useState<Agent | null>(null);
  const [filter, setFilter] = useState('');
  const teamName = (id: string) => directory.teams.find((team) => team.id === id)?.name ?? '';

  const update = async (agent: Agent, body: { role?: Role; status?: Agent['status'] }) => {
    const saved = await api.patch<Agent>(`/agents/${agent.id}`, body);
    agents.setData((list) => list?.map((item) => (item.id === saved.id ? saved : item)) ?? null);
    refreshDirectory();
    return saved;
  };

  const changeRole = (agent: Agent, role: Role) =>
    update(agent, { role }).then(
      (saved) =>
        toast.info(
          t('admin.agents.roleChanged', { name: saved.name, role: t(`admin.role.${role}`) }),
        ),
      (error: unknown) => {
        toast.error(errorMessage(error, t));
        throw error;
      },
    );

  const needle = filter.trim().toLowerCase();
  const list = (agents.data ?? []).filter(
    (agent) =>
      !needle ||
      agent.name.toLowerCase().includes(needle) ||
      agent.email.toLowerCase().includes(needle),
  );

  return (
    <section className="admin-page" aria-labelledby="admin-agents">
      <PageHeader
        id="admin-agents"
        title={t('admin.agents.title')}
        description={t('admin.agents.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setInviting(true)}>
            <Icon name="plus" />
            {t('admin.agents.invite')}
          </button>
        }
      />
      {!agents.data ? (
        <LoadState error={agents.error} onRetry={agents.reload} />
      ) : (
        <>
          <div className="admin-toolbar">
            <label className="admin-search">
              <Icon name="search" />
              <span className="visually-hidden">{t('admin.agents.filter')}</span>
              <input
                type="search"
                value={filter}
                placeholder={t('admin.agents.filter')}
                onChange={(event) => setFilter(event.target.value)}
              />
            </label>
            <span className="muted">
              {t('admin.agents.count', { count: format.number(agents.data.length) })}
            </span>
          </div>
          <div className="admin-table-wrap">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.agents.member')}</th>
                  <th scope="col">{t('admin.agents.role')}</th>
                  <th scope="col">{t('admin.agents.status')}</th>
                  <th scope="col">{t('admin.agents.availability')}</th>
                  <th scope="col">{t('admin.agents.teams')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((agent) => {
                  const isSelf = agent.id === session.user.id;
                  const choices = roleChoices(session.role, agent.role, isSelf);
                  const manageable = canManageMember(session.role, agent.role, isSelf);
                  const active = agent.status === 'active';
                  return (
                    <tr key={agent.id} className={active ? '' : 'row-muted'}>
                      <td>
                        <div className="admin-person">
                          <Avatar name={agent.name} size={28} />
                          <div className="admin-person-text">
                            <span className="admin-person-name">
                              <span className="truncate">{agent.name}</span>
                              {isSelf ? (
                                <span className="muted">{t('admin.agents.you')}</span>
                              ) : null}
                            </span>
                            <span className="muted small truncate">{agent.email}</span>
                          </div>
                        </div>
                      </td>
                      <td>
                        <RoleCell
                          agent={agent}
                          choices={choices}
                          onChange={(role) => changeRole(agent, role)}
                        />
                      </td>
                      <td>
                        <span className={`badge ${active ? 'badge-ok' : ''}`}>
                          {t(`admin.agentStatus.${agent.status}`)}
                        </span>
                      </td>
                      <td>{active ? <Availability agent={agent} /> : null}</td>
                      <td className="admin-teams-cell">
                        {teamsText(agent.teamIds.map(teamName).filter(Boolean)) || (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="admin-row-actions">
                        {manageable && active ? (
                          <button
                            type="button"
                            className="button small button-danger-ghost"
                            onClick={() => setDeactivating(agent)}
                            aria-label={t('admin.agents.deactivateName', { name: agent.name })}
                          >
                            {t('admin.agents.deactivate')}
                          </button>
                        ) : manageable ? (
                          <button
                            type="button"
                            className="button small"
                            aria-label={t('admin.agents.reactivateName', { name: agent.name })}
                            onClick={() => {
                              update(agent, { status: 'active' }).then(
                                (saved) =>
                                  toast.info(t('admin.agents.reactivated', { name: saved.name })),
                                (error: unknown) => toast.error(errorMessage(error, t)),
                              );
                            }}
                          >
                            {t('admin.agents.reactivate')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {list.length === 0 ? <p className="admin-empty">{t('admin.agents.noMatch')}</p> : null}
          </div>
        </>
      )}

      <InvitationsTable loaded={invitations} />

      {inviting ? (
        <InviteDialog
          onClose={() => setInviting(false)}
          onInvited={({ token: _token, acceptUrl: _url, ...invitation }) =>
            invitations.setData((list) => [invitation, ...(list ?? [])])
          }
        />
      ) : null}
      {deactivating ? (
        <ConfirmDialog
          title={t('admin.agents.deactivateTitle', { name: deactivating.name })}
          confirmLabel={t('admin.agents.deactivate')}
          danger
          onClose={() => setDeactivating(null)}
          onConfirm={async () => {
            await update(deactivating, { status: 'deactivated' });
            toast.info(t('admin.agents.deactivated', { name: deactivating.name }));
            setDeactivating(null);
          }}
        >
          <p>{t('admin.agents.deactivateBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
