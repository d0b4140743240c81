import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { api } from '../lib/api.ts';
import { formatAddress, formatAddresses } from '../lib/email.ts';
import type { Message, MessageEmail, MessageEmailDetail } from '../lib/types.ts';
import { Icon } from '../ui/Icon.tsx';

/** From → to, and who was on copy: one compact line above an email message. */
export function EmailHeader({ email }: { email: MessageEmail }) {
  const { t } = useI18n();
  return (
    <p className="email-header">
      <span className="visually-hidden">{t('email.from')} </span>
      <span className="email-address" data-user-content title={formatAddress(email.from)}>
        {formatAddress(email.from)}
      </span>
      {email.to.length > 0 ? (
        <>
          <span className="email-arrow" aria-hidden="true">
            →
          </span>
          <span className="visually-hidden">{t('email.to')} </span>
          <span className="email-address" data-user-content>
            {formatAddresses(email.to)}
          </span>
        </>
      ) : null}
      {email.cc.length > 0 ? (
        <>
          <span className="email-label">{t('email.cc')}</span>
          <span className="email-address" data-user-content>
            {formatAddresses(email.cc)}
          </span>
        </>
      ) : null}
    </p>
  );
}

/** Where an outbound reply is: queued, sending, sent (with the time), failed, bounced. */
export function DeliveryBadge({ email }: { email: MessageEmail }) {
  const { t, format } = useI18n();
  const status = email.deliveryStatus;
  if (email.direction !== 'outbound' || !status) return null;
  const label =
    status === 'sent' && email.sentAt
      ? t('email.delivery.sentAt', { time: format.shortDate(email.sentAt) })
      : t(`email.delivery.${status}`);
  const reason = email.deliveryError
    ? t('email.delivery.reason', { error: email.deliveryError })
    : undefined;
  const problem = status === 'failed' || status === 'bounced';
  return (
    <span className="email-delivery" data-delivery={status} role="status">
      <span
        className={`badge delivery-${status}`}
        title={status === 'sent' && email.sentAt ? format.dateTime(email.sentAt) : reason}
      >
        {status === 'sent' ? <Icon name="check" size={11} /> : null}
        {problem ? <Icon name="alert" size={11} /> : null}
        {label}
      </span>
      {problem && email.deliveryError ? (
        <span className="delivery-reason">
          {t('email.delivery.reason', { error: '' })}
          <span data-user-content>{email.deliveryError}</span>
        </span>
      ) : null}
    </span>
  );
}

/** What Kefu noticed about a mail, each in plain words. */
export function EmailFlags({ email }: { email: MessageEmail }) {
  const { t } = useI18n();
  if (email.flags.length === 0) return null;
  return (
    <ul className="email-flags">
      {email.flags.map((flag) => (
        <li key={flag} className={`email-flag email-flag-${flag}`} data-flag={flag}>
          <Icon name="alert" size={12} />
          {t(`email.flag.${flag}`)}
        </li>
      ))}
    </ul>
  );
}

/** The quoted history split off an incoming mail, loaded on demand and shown as plain text. */
export function QuotedText({ message }: { message: Message }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<MessageEmailDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const regionId = `quoted-${message.id}`;

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (!next || detail || loading) return;
    setLoading(true);
    setError(null);
    api
      .get<MessageEmailDetail>(
        `/conversations/${message.conversationId}/messages/${message.id}/email`,
      )
      .then(
        (value) => {
          setDetail(value);
          setLoading(false);
        },
        (failure: unknown) => {
          setError(failure);
          setLoading(false);
        },
      );
  };

  return (
    <div className="email-quoted">
      <button
        type="button"
        className="link-button email-quoted-toggle"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={toggle}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        {open ? t('email.hideQuoted') : t('email.showQuoted')}
      </button>
      {open ? (
        <div id={regionId} role="region" aria-label={t('email.quoted')}>
          {loading ? (
            <p className="muted small">{t('app.loading')}</p>
          ) : error ? (
            <p className="form-error" role="alert">
              {errorMessage(error, t)}
            </p>
          ) : detail?.quotedText ? (
            <pre className="email-quoted-text" data-user-content>
              {detail.quotedText}
            </pre>
          ) : (
            <p className="muted small">{t('email.noQuoted')}</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
