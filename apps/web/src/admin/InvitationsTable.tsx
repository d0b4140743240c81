import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { useToast } from '../ui/Toaster.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { invitationState } from './rules.ts';
import type { Invitation } from './types.ts';
import type { Loaded } from './useLoad.ts';
import { LoadState } from './ui.tsx';

/** Invitations sent from here: pending ones can be revoked so their link stops working. */
export function InvitationsTable({ loaded }: { loaded: Loaded<Invitation[]> }) {
  const { t, format } = useI18n();
  const toast = useToast();
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const now = new Date();

  return (
    <div className="admin-subsection" aria-labelledby="admin-invitations">
      <h3 id="admin-invitations" className="admin-subtitle">
        {t('admin.invitations.title')}
      </h3>
      {!loaded.data ? (
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      ) : loaded.data.length === 0 ? (
        <p className="admin-empty-inline muted">{t('admin.invitations.empty')}</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.invite.email')}</th>
                <th scope="col">{t('admin.agents.role')}</th>
                <th scope="col">{t('admin.invitations.state')}</th>
                <th scope="col">{t('admin.invitations.sent')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.map((invitation) => {
                const state = invitationState(invitation, now);
                return (
                  <tr key={invitation.id} className={state === 'pending' ? '' : 'row-muted'}>
                    <td className="truncate">{invitation.email}</td>
                    <td className="nowrap">{t(`admin.role.${invitation.role}`)}</td>
                    <td className="nowrap">
                      <span className={`badge ${state === 'pending' ? 'badge-warn' : ''}`}>
                        {t(`admin.invitations.${state}`)}
                      </span>
                      {state === 'pending' ? (
                        <span className="muted small">
                          {' '}
                          {t('admin.invitations.expires', {
                            date: format.shortDate(invitation.expiresAt),
                          })}
                        </span>
                      ) : null}
                    </td>
                    <td className="nowrap" title={format.dateTime(invitation.createdAt)}>
                      {format.shortDate(invitation.createdAt)}
                    </td>
                    <td className="admin-row-actions">
                      {state !== 'accepted' ? (
                        <button
                          type="button"
                          className="button small button-danger-ghost"
                          aria-label={t('admin.invitations.revokeFor', { email: invitation.email })}
                          onClick={() => setRevoking(invitation)}
                        >
                          {t('admin.invitations.revoke')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {revoking ? (
        <ConfirmDialog
          title={t('admin.invitations.revokeTitle')}
          confirmLabel={t('admin.invitations.revoke')}
          danger
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await api.delete(`/invitations/${revoking.id}`);
            loaded.setData((list) => list?.filter((item) => item.id !== revoking.id) ?? null);
            toast.info(t('admin.invitations.revoked'));
            setRevoking(null);
          }}
        >
          <p>{t('admin.invitations.revokeBody', { email: revoking.email })}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
