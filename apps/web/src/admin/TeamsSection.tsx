import { useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { TeamDialog } from './TeamDialog.tsx';
import type { Team } from './types.ts';
import { useLoad } from './useLoad.ts';
import { EmptyState, LoadState, PageHeader } from './ui.tsx';

const shownAvatars = 6;

/** Teams route conversations to groups of agents; each has members. */
export function TeamsSection() {
  const { t, format } = useI18n();
  const toast = useToast();
  const { agentName, refreshDirectory } = useWorkspace();
  const teams = useLoad(() => api.get<{ items: Team[] }>('/teams').then((page) => page.items));
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);

  const addButton = (
    <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
      <Icon name="plus" />
      {t('admin.teams.new')}
    </button>
  );

  return (
    <section className="admin-page" aria-labelledby="admin-teams">
      <PageHeader
        id="admin-teams"
        title={t('admin.teams.title')}
        description={t('admin.teams.description')}
        actions={addButton}
      />
      {!teams.data ? (
        <LoadState error={teams.error} onRetry={teams.reload} />
      ) : teams.data.length === 0 ? (
        <EmptyState text={t('admin.teams.empty')} />
      ) : (
        <ul className="admin-cards">
          {teams.data.map((team) => {
            const names = team.memberIds.map((id) => agentName(id) ?? '?');
            return (
              <li key={team.id} className="admin-card admin-item">
                <div className="admin-item-main">
                  <h3 className="admin-item-title">{team.name}</h3>
                  {team.description ? (
                    <p className="muted admin-item-text">{team.description}</p>
                  ) : null}
                  <div className="admin-members">
                    <span className="admin-avatars" aria-hidden="true">
                      {names.slice(0, shownAvatars).map((name, index) => (
                        <Avatar key={`${name}-${index}`} name={name} size={22} />
                      ))}
                    </span>
                    <span className="muted small">
                      {names.length === 0
                        ? t('admin.teams.noMembers')
                        : t('admin.teams.memberCount', {
                            count: format.number(names.length),
                            names: names.slice(0, 3).join(', '),
                          })}
                    </span>
                  </div>
                </div>
                <div className="admin-row-actions">
                  <button
                    type="button"
                    className="button small"
                    onClick={() => setEditing(team)}
                    aria-label={t('admin.editName', { name: team.name })}
                  >
                    {t('admin.edit')}
                  </button>
                  <button
                    type="button"
                    className="button small button-danger-ghost"
                    onClick={() => setDeleting(team)}
                    aria-label={t('admin.deleteName', { name: team.name })}
                  >
                    {t('admin.delete')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {editing ? (
        <TeamDialog
          team={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            teams.setData((list) => {
              const rest = (list ?? []).filter((item) => item.id !== saved.id);
              return editing === 'new'
                ? [...rest, saved]
                : (list ?? []).map((item) => (item.id === saved.id ? saved : item));
            });
            refreshDirectory();
            toast.info(t('admin.saved'));
            setEditing(null);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('admin.teams.deleteTitle', { name: deleting.name })}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/teams/${deleting.id}`);
            teams.setData((list) => list?.filter((item) => item.id !== deleting.id) ?? null);
            refreshDirectory();
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('admin.teams.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
