import { useI18n } from '../i18n/I18nProvider.tsx';
import { Icon } from '../ui/Icon.tsx';
import type { PresenceState } from './usePresence.ts';

/**
 * Collision warning: who else has this conversation open, and who is writing. A colleague
 * writing a public reply is the loud case (two answers to one customer).
 */
export function PresenceBar({
  presence,
  customerName,
}: {
  presence: PresenceState;
  customerName: string;
}) {
  const { t, locale } = useI18n();
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  const replying = presence.others.filter((agent) => agent.typing === 'public');
  const noting = presence.others.filter((agent) => agent.typing === 'internal');
  const viewing = presence.others.filter((agent) => agent.typing === null && agent.viewing);
  if (replying.length + noting.length + viewing.length === 0 && !presence.visitorTyping)
    return null;
  return (
    <div className="presence" role="status" aria-live="polite">
      {replying.length > 0 ? (
        <span className="presence-collision">
          <Icon name="alert" />
          {t('presence.collision', { names: list.format(replying.map((agent) => agent.name)) })}
        </span>
      ) : null}
      {noting.length > 0 ? (
        <span className="presence-item">
          <Icon name="note" />
          {t('presence.typing', { names: list.format(noting.map((agent) => agent.name)) })}
        </span>
      ) : null}
      {viewing.length > 0 ? (
        <span className="presence-item">
          <Icon name="eye" />
          {t('presence.viewing', { names: list.format(viewing.map((agent) => agent.name)) })}
        </span>
      ) : null}
      {presence.visitorTyping ? (
        <span className="presence-item presence-customer">
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {t('presence.typing', { names: customerName })}
        </span>
      ) : null}
    </div>
  );
}
