import { useCallback, useEffect, useId, useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { type ParsedAddresses, formatAddress, parseAddressList } from '../lib/email.ts';
import { Link } from '../lib/router.tsx';
import type { EmailRecipients } from '../lib/types.ts';
import { Icon } from '../ui/Icon.tsx';

/** What the composer sends along with a reply by email, or why it cannot be sent yet. */
export interface RecipientsState {
  /** null while loading or when the defaults could not be read: the server then decides. */
  email: { to: string[]; cc: string[] } | null;
  problem: string | null;
}

export interface RecipientsDraft {
  defaults: EmailRecipients | null;
  to: string;
  cc: string;
  setTo: (value: string) => void;
  setCc: (value: string) => void;
  /** Read the defaults again (after a reply: whoever was on copy may have changed). */
  reset: () => void;
  parsedTo: ParsedAddresses;
  parsedCc: ParsedAddresses;
}

const listText = (addresses: EmailRecipients['to']) =>
  addresses.map((address) => address.address).join(', ');

/** The reply-all recipients of an email conversation, editable, as the composer's state. */
export function useEmailRecipients(conversationId: string, active: boolean): RecipientsDraft {
  const [defaults, setDefaults] = useState<EmailRecipients | null>(null);
  const [to, setTo] = useState('');
  const [cc, setCc] = useState('');
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!active) return;
    let current = true;
    api.get<EmailRecipients>(`/conversations/${conversationId}/email-recipients`).then(
      (value) => {
        if (!current) return;
        setDefaults(value);
        setTo(listText(value.to));
        setCc(listText(value.cc));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [conversationId, active, version]);

  const reset = useCallback(() => setVersion((value) => value + 1), []);
  return {
    defaults,
    to,
    cc,
    setTo,
    setCc,
    reset,
    parsedTo: parseAddressList(to),
    parsedCc: parseAddressList(cc),
  };
}

/** The recipients as the composer sends them, with the problem that blocks sending. */
export function recipientsState(
  draft: RecipientsDraft,
  t: ReturnType<typeof useI18n>['t'],
): RecipientsState {
  if (!draft.defaults || !draft.defaults.channelId) return { email: null, problem: null };
  const invalid = [...draft.parsedTo.invalid, ...draft.parsedCc.invalid];
  if (invalid.length) {
    return { email: null, problem: t('composer.emailInvalid', { items: invalid.join(', ') }) };
  }
  if (draft.parsedTo.addresses.length === 0)
    return { email: null, problem: t('composer.emailNeedsTo') };
  return { email: { to: draft.parsedTo.addresses, cc: draft.parsedCc.addresses }, problem: null };
}

/** To and Cc above the reply box of an email conversation; a warning when no mailbox sends. */
export function EmailRecipientsFields({
  draft,
  problem,
}: {
  draft: RecipientsDraft;
  problem: string | null;
}) {
  const { t } = useI18n();
  const { isAdmin } = useWorkspace();
  const id = useId();
  const defaults = draft.defaults;
  if (!defaults) {
    return <p className="composer-email muted small">{t('composer.emailLoading')}</p>;
  }
  if (!defaults.channelId) {
    return (
      <div className="composer-email composer-no-mailbox" role="note">
        <Icon name="alert" size={14} />
        <span>{t('composer.noMailbox')}</span>
        {isAdmin ? <Link to="/app/admin/email">{t('composer.setUpMailbox')}</Link> : null}
      </div>
    );
  }
  return (
    <div className="composer-email">
      {defaults.from ? (
        <p className="composer-email-from muted small">
          <span>
            {t('composer.emailFrom', { address: '' })}
            <span data-user-content>{formatAddress(defaults.from)}</span>
          </span>
          <span className="composer-email-subject">
            {t('composer.emailSubject', { subject: '' })}
            <span data-user-content>{defaults.subject}</span>
          </span>
        </p>
      ) : null}
      <div className="composer-email-row">
        <label htmlFor={`${id}-to`}>{t('composer.emailTo')}</label>
        <input
          id={`${id}-to`}
          value={draft.to}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={
            draft.parsedTo.invalid.length > 0 || draft.parsedTo.addresses.length === 0 || undefined
          }
          aria-describedby={`${id}-hint`}
          onChange={(event) => draft.setTo(event.target.value)}
        />
      </div>
      <div className="composer-email-row">
        <label htmlFor={`${id}-cc`}>{t('composer.emailCc')}</label>
        <input
          id={`${id}-cc`}
          value={draft.cc}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={draft.parsedCc.invalid.length > 0 || undefined}
          aria-describedby={`${id}-hint`}
          onChange={(event) => draft.setCc(event.target.value)}
        />
      </div>
      <p id={`${id}-hint`} className={problem ? 'composer-email-problem' : 'visually-hidden'}>
        {problem ?? t('composer.emailHint')}
      </p>
    </div>
  );
}
