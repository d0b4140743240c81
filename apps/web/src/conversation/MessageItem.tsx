import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { safeHref, splitLinks } from '../lib/safe-text.ts';
import type { Message } from '../lib/types.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { Icon } from '../ui/Icon.tsx';
import { DeliveryBadge, EmailFlags, EmailHeader, QuotedText } from './EmailParts.tsx';
import { EmailOriginal } from './EmailOriginal.tsx';

/**
 * One message. The body is rendered as text (React escapes it); http(s) URLs become links.
 * The server's sanitized `html` is deliberately not rendered: `body` carries the same text,
 * and not rendering HTML removes a whole class of injection risks.
 */
export function MessageItem({ message, customerName }: { message: Message; customerName: string }) {
  const { t, format } = useI18n();
  const { agentName, session } = useWorkspace();
  const isNote = message.visibility === 'internal';
  if (message.authorType === 'system')
    return (
      <li className="message message-system">
        <span>{message.body}</span>
        <time dateTime={message.createdAt}>{format.shortDate(message.createdAt)}</time>
      </li>
    );
  const author =
    message.authorType === 'customer'
      ? customerName
      : message.authorType === 'bot'
        ? t('author.bot')
        : message.authorId === session.user.id
          ? t('author.you')
          : (agentName(message.authorId) ?? t('author.agent'));
  const avatarName =
    message.authorType === 'agent' ? (agentName(message.authorId) ?? author) : author;
  const side = message.authorType === 'customer' ? 'incoming' : 'outgoing';
  const email = message.email ?? null;
  return (
    <li
      className={`message message-${message.authorType} message-${side} ${isNote ? 'message-note' : ''} ${email ? 'message-email' : ''}`}
      data-message-id={message.id}
    >
      <Avatar name={avatarName} size={28} kind={message.authorType} />
      <div className="message-content">
        <div className="message-meta">
          <span className="message-author">{author}</span>
          {message.authorType === 'bot' ? (
            <span className="tag-chip small">{t('author.bot')}</span>
          ) : null}
          {isNote ? (
            <span className="note-label">
              <Icon name="note" size={12} />
              {t('message.internalNote')}
            </span>
          ) : null}
          <time dateTime={message.createdAt} title={format.dateTime(message.createdAt)}>
            {format.shortDate(message.createdAt)}
          </time>
          {email ? <DeliveryBadge email={email} /> : null}
        </div>
        {email ? <EmailHeader email={email} /> : null}
        {email ? <EmailFlags email={email} /> : null}
        <div className="message-bubble">
          {message.body ? (
            <p className="message-body">
              {splitLinks(message.body).map((part, index) =>
                part.kind === 'link' ? (
                  <a
                    key={index}
                    href={part.href}
                    target="_blank"
                    rel="noopener noreferrer nofollow"
                  >
                    {part.text}
                  </a>
                ) : (
                  <span key={index}>{part.text}</span>
                ),
              )}
            </p>
          ) : null}
          {message.attachments.length > 0 ? (
            <ul className="attachments" aria-label={t('message.attachments')}>
              {message.attachments.map((attachment) => {
                const href = safeHref(attachment.url);
                const size = format.fileSize(attachment.size);
                return (
                  <li key={attachment.id}>
                    <Icon name="paperclip" size={13} />
                    {href ? (
                      <a
                        href={href}
                        download={attachment.filename}
                        aria-label={t('message.download', { name: attachment.filename, size })}
                      >
                        {attachment.filename}
                      </a>
                    ) : (
                      <span>{attachment.filename}</span>
                    )}
                    <span className="muted">{size}</span>
                  </li>
                );
              })}
            </ul>
          ) : null}
          {email?.hasQuotedText || email?.direction === 'inbound' ? (
            <div className="email-actions">
              {email.hasQuotedText ? <QuotedText message={message} /> : null}
              {email.direction === 'inbound' ? <EmailOriginal message={message} /> : null}
            </div>
          ) : null}
        </div>
      </div>
    </li>
  );
}
