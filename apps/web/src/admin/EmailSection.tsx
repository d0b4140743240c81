import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { InboundMailList } from './InboundMailList.tsx';
import { MailChannelDialog } from './MailChannelDialog.tsx';
import type { MailChannel } from './types.ts';
import { useLoad } from './useLoad.ts';
import { EmptyState, LoadState, PageHeader } from './ui.tsx';

/**
 * Mailboxes (support addresses), how mail reaches Kefu, and the mail that arrived, with the
 * quarantine first: what Kefu could not turn into a conversation waits for an admin here.
 */
export function EmailSection() {
  const { t, format } = useI18n();
  const toast = useToast();
  const channels = useLoad(() =>
    api.get<{ items: MailChannel[] }>('/mail-channels').then((page) => page.items),
  );
  const [editing, setEditing] = useState<MailChannel | 'new' | null>(null);
  const [deleting, setDeleting] = useState<MailChannel | null>(null);
  const list = channels.data ?? [];

  return (
    <section className="admin-page admin-page-wide" aria-labelledby="admin-email">
      <PageHeader
        id="admin-email"
        title={t('admin.email.title')}
        description={t('admin.email.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('admin.email.new')}
          </button>
        }
      />
      <aside className="mail-help" aria-labelledby="mail-help-title">
        <Icon name="mail" />
        <div>
          <h3 id="mail-help-title">{t('admin.email.howTitle')}</h3>
          <p>{t('admin.email.howBody')}</p>
        </div>
      </aside>
      {!channels.data ? (
        <LoadState error={channels.error} onRetry={channels.reload} />
      ) : list.length === 0 ? (
        <EmptyState text={t('admin.email.empty')} />
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table mail-channels">
            <thead>
              <tr>
                <th scope="col">{t('admin.email.col.mailbox')}</th>
                <th scope="col">{t('admin.email.col.outgoing')}</th>
                <th scope="col">{t('admin.email.col.imap')}</th>
                <th scope="col">{t('admin.email.col.counters')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.inbound.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((channel) => (
                <tr key={channel.id} className="mail-channel-row">
                  <td>
                    <div className="mail-channel-name">
                      <strong data-user-content>{channel.name}</strong>
                      {!channel.enabled ? (
                        <span className="badge">{t('admin.email.disabled')}</span>
                      ) : null}
                      {channel.autoAcknowledge ? (
                        <span className="badge badge-soft">{t('admin.email.autoAckOn')}</span>
                      ) : null}
                    </div>
                    <div className="muted code" data-user-content>
                      {channel.address}
                    </div>
                    {channel.fromName ? (
                      <div className="muted small" data-user-content>
                        {channel.fromName}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {channel.smtpServer ? (
                      <code className="mail-server" data-user-content>
                        {channel.smtpServer}
                      </code>
                    ) : (
                      <span className="muted">{t('admin.email.defaultSmtp')}</span>
                    )}
                  </td>
                  <td>
                    {channel.imap ? (
                      <div className="mail-imap-status">
                        <code data-user-content>
                          {channel.imap.user}@{channel.imap.host}:{channel.imap.port}
                        </code>
                        <span className="muted small">
                          {channel.imap.lastPolledAt
                            ? t('admin.email.imapLastPoll', {
                                time: format.dateTime(channel.imap.lastPolledAt),
                              })
                            : t('admin.email.imapNever')}
                        </span>
                        {channel.imap.lastError ? (
                          <span className="mail-error small">
                            {t('admin.email.imapError', { error: channel.imap.lastError })}
                          </span>
                        ) : null}
                      </div>
                    ) : (
                      <span className="muted">{t('admin.email.imapOff')}</span>
                    )}
                  </td>
                  <td>
                    <div className="mail-counters">
                      {channel.needsAttention > 0 ? (
                        <span className="badge badge-warning">
                          {t('admin.email.needsAttention', {
                            count: format.number(channel.needsAttention),
                          })}
                        </span>
                      ) : null}
                      {channel.oversizeRejected > 0 ? (
                        <span className="badge badge-danger">
                          {t('admin.email.oversize', {
                            count: format.number(channel.oversizeRejected),
                          })}
                        </span>
                      ) : null}
                      {channel.needsAttention === 0 && channel.oversizeRejected === 0 ? (
                        <span className="muted">{t('admin.email.nothingWaiting')}</span>
                      ) : null}
                    </div>
                  </td>
                  <td className="admin-row-actions">
                    <button
                      type="button"
                      className="button small"
                      onClick={() => setEditing(channel)}
                      aria-label={t('admin.email.editName', { name: channel.address })}
                    >
                      {t('admin.email.edit')}
                    </button>
                    <button
                      type="button"
                      className="button small button-danger-ghost"
                      onClick={() => setDeleting(channel)}
                      aria-label={t('admin.deleteName', { name: channel.address })}
                    >
                      {t('admin.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <InboundMailList channels={list} onChanged={channels.reload} />
      {editing ? (
        <MailChannelDialog
          channel={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            channels.setData((items) => {
              const rest = (items ?? []).filter((item) => item.id !== saved.id);
              return editing === 'new'
                ? [...rest, saved]
                : (items ?? []).map((item) => (item.id === saved.id ? saved : item));
            });
            toast.info(t('admin.saved'));
            setEditing(null);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('admin.email.deleteTitle', { name: deleting.address })}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/mail-channels/${deleting.id}`);
            channels.setData((items) => items?.filter((item) => item.id !== deleting.id) ?? null);
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('admin.email.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
