import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { Translate } from '../i18n/i18n.ts';
import type { ChatMessage } from '../state/chat-state.ts';
import { AttachmentView } from './AttachmentView.tsx';
import { MessageText } from './MessageText.tsx';

export interface MessageListProps {
  t: Translate;
  locale: string;
  messages: ChatMessage[];
  greeting: string;
  seenId: string | null;
  typingName: string | null;
  isTyping: boolean;
  hasEarlier: boolean;
  loadingHistory: boolean;
  onLoadEarlier: () => void;
  onRetry: (localId: string) => void;
}

function authorLabel(t: Translate, message: ChatMessage): string {
  switch (message.authorType) {
    case 'customer':
      return t('author.you');
    case 'agent':
      return message.authorName ?? t('author.agent');
    case 'bot':
      return message.authorName ?? t('author.bot');
    case 'system':
      return t('author.system');
  }
}

function timeText(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

function MessageItem(props: {
  message: ChatMessage;
  showAuthor: boolean;
  isSeen: boolean;
  t: Translate;
  locale: string;
  onRetry: (localId: string) => void;
}) {
  const { message, t } = props;
  const author = authorLabel(t, message);
  return (
    <li class={`message message--${message.authorType}`}>
      {/* Screen readers always hear who wrote it; sighted users see it when the author changes. */}
      <span class={props.showAuthor ? 'message__author' : 'sr-only'}>{author}</span>
      {message.body.trim() !== '' && (
        <div class="message__bubble">
          <MessageText text={message.body} />
        </div>
      )}
      {message.attachments.map((attachment) => (
        <AttachmentView key={attachment.id} attachment={attachment} t={t} />
      ))}
      <div class="message__meta">
        <time dateTime={message.createdAt}>{timeText(message.createdAt, props.locale)}</time>
        {message.delivery === 'sending' && <span>{t('message.sending')}</span>}
        {message.delivery === 'failed' && (
          <span class="message__failed">
            {t('message.failed')}{' '}
            <button type="button" class="link-button" onClick={() => props.onRetry(message.id)}>
              {t('message.retry')}
            </button>
          </span>
        )}
        {props.isSeen && <span class="message__seen">{t('message.seen')}</span>}
      </div>
    </li>
  );
}

/** The conversation: greeting, history, live messages, typing indicator. */
export function MessageList(props: MessageListProps) {
  const { t, messages } = props;
  const scroller = useRef<HTMLElement>(null);
  const stickToBottom = useRef(true);

  // Follow new messages only if the visitor has not scrolled up to read older ones.
  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
  };
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, props.isTyping]);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (stickToBottom.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    // Focusable so keyboard users can scroll the history; labelled, so it is a named region.
    <section
      class="messages"
      ref={scroller}
      onScroll={onScroll}
      tabIndex={0}
      aria-label={t('messages.label')}
    >
      {props.hasEarlier && (
        <button type="button" class="link-button messages__earlier" onClick={props.onLoadEarlier}>
          {t('messages.loadEarlier')}
        </button>
      )}
      <ol class="messages__list">
        <li class="message message--agent message--greeting">
          <span class="sr-only">{t('author.agent')}</span>
          <div class="message__bubble">
            <MessageText text={props.greeting} />
          </div>
        </li>
        {messages.map((message, index) => (
          <MessageItem
            key={message.id}
            message={message}
            showAuthor={
              message.authorType !== 'customer' &&
              (index === 0 ||
                messages[index - 1]?.authorType !== message.authorType ||
                messages[index - 1]?.authorName !== message.authorName)
            }
            isSeen={message.id === props.seenId}
            t={t}
            locale={props.locale}
            onRetry={props.onRetry}
          />
        ))}
      </ol>
      {props.loadingHistory && messages.length === 0 && (
        <p class="messages__note">{t('messages.loadingHistory')}</p>
      )}
      {props.isTyping && (
        <p class="typing">
          <span class="typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {t('typing.agent', { name: props.typingName ?? t('author.agent') })}
        </p>
      )}
    </section>
  );
}
