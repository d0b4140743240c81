import { useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { FormDialog } from './FormDialog.tsx';
import { invitableRoles } from './rules.ts';
import type { CreatedInvitation, Role } from './types.ts';
import { CopyField, Field } from './ui.tsx';

interface Props {
  onClose: () => void;
  onInvited: (invitation: CreatedInvitation) => void;
}

/**
 * Invite by email with a role and teams. The server returns the link once: the dialog then
 * shows it with a copy button, since Kefu does not send the email itself.
 */
export function InviteDialog({ onClose, onInvited }: Props) {
  const { t, format } = useI18n();
  const { session, directory } = useWorkspace();
  const roles = invitableRoles(session.role);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  if (created) {
    return (
      <Dialog
        title={t('admin.invite.doneTitle')}
        onClose={onClose}
        footer={
          <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
            {t('admin.done')}
          </button>
        }
      >
        <p className="admin-notice">
          {t('admin.invite.doneBody', {
            email: created.email,
            date: format.dateTime(created.expiresAt),
          })}
        </p>
        <CopyField label={t('admin.invite.link')} value={created.acceptUrl} />
        <CopyField label={t('admin.invite.token')} value={created.token} />
      </Dialog>
    );
  }

  const toggleTeam = (id: string, on: boolean) =>
    setTeamIds((current) => (on ? [...current, id] : current.filter((team) => team !== id)));

  return (
    <FormDialog
      title={t('admin.invite.title')}
      submitLabel={t('admin.invite.submit')}
      onClose={onClose}
      localError={null}
      onSubmit={async () => {
        const invitation = await api.post<CreatedInvitation>('/invitations', {
          email: email.trim(),
          role,
          ...(teamIds.length ? { teamIds } : {}),
        });
        setCreated(invitation);
        onInvited(invitation);
      }}
    >
      <Field label={t('admin.invite.email')} name="email">
        {(control) => (
          <input
            {...control}
            type="email"
            autoComplete="off"
            value={email}
            maxLength={254}
            required
            data-autofocus
            placeholder="name@example.com"
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </Field>
      <Field label={t('admin.agents.role')} name="role" hint={t(`admin.roleHint.${role}`)}>
        {(control) => (
          <select
            {...control}
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
          >
            {roles.map((value) => (
              <option key={value} value={value}>
                {t(`admin.role.${value}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {directory.teams.length > 0 ? (
        <fieldset className="admin-checks">
          <legend>{t('admin.invite.teams')}</legend>
          {directory.teams.map((team) => (
            <label key={team.id} className="admin-check">
              <input
                type="checkbox"
                checked={teamIds.includes(team.id)}
                onChange={(event) => toggleTeam(team.id, event.target.checked)}
              />
              <span>{team.name}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </FormDialog>
  );
}
