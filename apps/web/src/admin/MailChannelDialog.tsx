import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { api } from '../lib/api.ts';
import { FormDialog } from './FormDialog.tsx';
import {
  type DraftField,
  type DraftProblem,
  type MailChannelDraft,
  draftOf,
  draftProblems,
  mailChannelBody,
} from './mail-channel-form.ts';
import type { MailChannel } from './types.ts';
import { Field } from './ui.tsx';

const problemText: Record<DraftProblem, MessageKey> = {
  address: 'admin.email.addressRule',
  smtpUrl: 'admin.email.smtpRule',
  imapIncomplete: 'admin.email.imapIncomplete',
  imapPort: 'admin.email.portRule',
  imapPassword: 'admin.email.imapPasswordRequired',
};

interface Props {
  channel: MailChannel | null;
  onClose: () => void;
  onSaved: (channel: MailChannel) => void;
}

/** Add a mailbox, or change one (its address stays: replies and threads depend on it). */
export function MailChannelDialog({ channel, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<MailChannelDraft>(() => draftOf(channel));
  const set = <K extends keyof MailChannelDraft>(key: K, value: MailChannelDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const problems = draftProblems(draft, channel);
  const problem = (field: DraftField) => {
    const code = problems[field];
    return code ? t(problemText[code]) : null;
  };

  return (
    <FormDialog
      title={channel ? t('admin.email.editTitle') : t('admin.email.newTitle')}
      submitLabel={channel ? t('admin.save') : t('admin.email.create')}
      className="mail-channel-dialog"
      onClose={onClose}
      blocked={Object.keys(problems).length > 0}
      onSubmit={async () => {
        const body = mailChannelBody(draft, channel);
        const saved = channel
          ? await api.patch<MailChannel>(`/mail-channels/${channel.id}`, body)
          : await api.post<MailChannel>('/mail-channels', body);
        onSaved(saved);
      }}
    >
      <div className="admin-form-row">
        <Field label={t('admin.email.name')} name="name" hint={t('admin.email.nameHint')}>
          {(control) => (
            <input
              {...control}
              value={draft.name}
              maxLength={200}
              required
              data-autofocus
              onChange={(event) => set('name', event.target.value)}
            />
          )}
        </Field>
        {channel ? (
          <div className="field">
            <span className="field-label">{t('admin.email.address')}</span>
            <p className="mail-address-fixed code" data-user-content>
              {channel.address}
            </p>
            <p className="field-hint">{t('admin.email.addressHint')}</p>
          </div>
        ) : (
          <Field
            label={t('admin.email.address')}
            name="address"
            hint={t('admin.email.addressHint')}
            error={problem('address')}
          >
            {(control) => (
              <input
                {...control}
                type="email"
                value={draft.address}
                maxLength={254}
                required
                autoComplete="off"
                spellCheck={false}
                placeholder="support@example.com"
                onChange={(event) => set('address', event.target.value)}
              />
            )}
          </Field>
        )}
      </div>
      <Field label={t('admin.email.fromName')} name="fromName" hint={t('admin.email.fromNameHint')}>
        {(control) => (
          <input
            {...control}
            value={draft.fromName}
            maxLength={200}
            onChange={(event) => set('fromName', event.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('admin.email.smtpUrl')}
        name="smtpUrl"
        hint={channel?.smtpServer ? t('admin.email.smtpUrlKeep') : t('admin.email.smtpUrlHint')}
        error={problem('smtpUrl')}
      >
        {(control) => (
          <input
            {...control}
            className="code"
            value={draft.smtpUrl}
            maxLength={500}
            autoComplete="off"
            spellCheck={false}
            placeholder="smtps://user:password@smtp.example.com:465"
            onChange={(event) => set('smtpUrl', event.target.value)}
          />
        )}
      </Field>
      <label className="admin-switch">
        <input
          type="checkbox"
          checked={draft.useImap}
          onChange={(event) => set('useImap', event.target.checked)}
        />
        <span>
          <strong>{t('admin.email.useImap')}</strong>
          <span className="muted small admin-check-note">{t('admin.email.useImapHint')}</span>
        </span>
      </label>
      {draft.useImap ? (
        <fieldset className="mail-imap">
          <legend className="visually-hidden">{t('admin.email.col.imap')}</legend>
          <div className="mail-imap-server">
            <Field label={t('admin.email.imapHost')} name="imap.host" error={problem('imapHost')}>
              {(control) => (
                <input
                  {...control}
                  value={draft.imapHost}
                  maxLength={253}
                  spellCheck={false}
                  placeholder="imap.example.com"
                  onChange={(event) => set('imapHost', event.target.value)}
                />
              )}
            </Field>
            <Field label={t('admin.email.imapPort')} name="imap.port" error={problem('imapPort')}>
              {(control) => (
                <input
                  {...control}
                  inputMode="numeric"
                  value={draft.imapPort}
                  maxLength={5}
                  onChange={(event) => set('imapPort', event.target.value)}
                />
              )}
            </Field>
            <label className="admin-check admin-check-inline">
              <input
                type="checkbox"
                checked={draft.imapSecure}
                onChange={(event) => set('imapSecure', event.target.checked)}
              />
              <span>{t('admin.email.imapSecure')}</span>
            </label>
          </div>
          <div className="admin-form-row">
            <Field label={t('admin.email.imapUser')} name="imap.user" error={problem('imapUser')}>
              {(control) => (
                <input
                  {...control}
                  value={draft.imapUser}
                  maxLength={320}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => set('imapUser', event.target.value)}
                />
              )}
            </Field>
            <Field
              label={t('admin.email.imapPassword')}
              name="imap.password"
              hint={channel?.imap ? t('admin.email.imapPasswordKeep') : undefined}
              error={problem('imapPassword')}
            >
              {(control) => (
                <input
                  {...control}
                  type="password"
                  value={draft.imapPassword}
                  maxLength={500}
                  autoComplete="new-password"
                  onChange={(event) => set('imapPassword', event.target.value)}
                />
              )}
            </Field>
          </div>
          <Field label={t('admin.email.imapMailbox')} name="imap.mailbox">
            {(control) => (
              <input
                {...control}
                value={draft.imapMailbox}
                maxLength={200}
                spellCheck={false}
                onChange={(event) => set('imapMailbox', event.target.value)}
              />
            )}
          </Field>
        </fieldset>
      ) : null}
      <label className="admin-check admin-check-top">
        <input
          type="checkbox"
          checked={draft.autoAcknowledge}
          onChange={(event) => set('autoAcknowledge', event.target.checked)}
        />
        <span>
          {t('admin.email.autoAcknowledge')}
          <span className="muted small admin-check-note">
            {t('admin.email.autoAcknowledgeHint')}
          </span>
        </span>
      </label>
      <label className="admin-check admin-check-top">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(event) => set('enabled', event.target.checked)}
        />
        <span>
          {t('admin.email.enabled')}
          <span className="muted small admin-check-note">{t('admin.email.enabledHint')}</span>
        </span>
      </label>
    </FormDialog>
  );
}
