import { useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { FormDialog } from './FormDialog.tsx';
import type { Team } from './types.ts';
import { Field } from './ui.tsx';

interface Props {
  team: Team | null;
  onClose: () => void;
  onSaved: (team: Team) => void;
}

/** Create or edit a team: name, description and members (active agents only). */
export function TeamDialog({ team, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { directory } = useWorkspace();
  const active = directory.agents.filter((agent) => agent.status === 'active');
  const activeIds = new Set(active.map((agent) => agent.id));
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [memberIds, setMemberIds] = useState<string[]>(
    (team?.memberIds ?? []).filter((id) => activeIds.has(id)),
  );
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = active.filter(
    (agent) =>
      !needle ||
      agent.name.toLowerCase().includes(needle) ||
      agent.email.toLowerCase().includes(needle),
  );

  const toggle = (id: string, on: boolean) =>
    setMemberIds((current) => (on ? [...current, id] : current.filter((item) => item !== id)));

  return (
    <FormDialog
      title={team ? t('admin.teams.editTitle') : t('admin.teams.newTitle')}
      submitLabel={team ? t('admin.save') : t('admin.teams.create')}
      onClose={onClose}
      localError={null}
      onSubmit={async () => {
        const body = { name: name.trim(), description: description.trim() || null, memberIds };
        const saved = team
          ? await api.patch<Team>(`/teams/${team.id}`, body)
          : await api.post<Team>('/teams', body);
        onSaved(saved);
      }}
    >
      <Field label={t('admin.teams.name')} name="name">
        {(control) => (
          <input
            {...control}
            value={name}
            maxLength={200}
            required
            data-autofocus
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <Field label={t('admin.teams.descriptionLabel')} name="description">
        {(control) => (
          <textarea
            {...control}
            value={description}
            rows={2}
            maxLength={2000}
            onChange={(event) => setDescription(event.target.value)}
          />
        )}
      </Field>
      <fieldset className="admin-checks">
        <legend>
          {t('admin.teams.members')} <span className="muted">({memberIds.length})</span>
        </legend>
        {active.length > 8 ? (
          <input
            type="search"
            className="admin-checks-filter"
            value={filter}
            aria-label={t('admin.agents.filter')}
            placeholder={t('admin.agents.filter')}
            onChange={(event) => setFilter(event.target.value)}
          />
        ) : null}
        <div className="admin-checks-list">
          {shown.map((agent) => (
            <label key={agent.id} className="admin-check">
              <input
                type="checkbox"
                checked={memberIds.includes(agent.id)}
                onChange={(event) => toggle(agent.id, event.target.checked)}
              />
              <Avatar name={agent.name} size={20} />
              <span className="truncate">{agent.name}</span>
              <span className="muted small truncate">{agent.email}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </FormDialog>
  );
}
