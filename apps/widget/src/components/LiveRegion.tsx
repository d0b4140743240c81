import type { Translate } from '../i18n/i18n.ts';
import type { ChatMessage } from '../state/chat-state.ts';

/**
 * A polite live region that reads out each new agent or bot message once, so screen-reader users
 * hear replies without leaving the composer. The message list itself is not live (it would
 * read the whole history on load).
 */
export function LiveRegion({ t, message }: { t: Translate; message: ChatMessage | null }) {
  const text = message
    ? t('live.newMessage', {
        name: message.authorName ?? t(message.authorType === 'bot' ? 'author.bot' : 'author.agent'),
        text: message.body.trim() || t('live.attachmentOnly'),
      })
    : '';
  return (
    <div class="sr-only" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
