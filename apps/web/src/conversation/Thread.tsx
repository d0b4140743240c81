import { type Ref, useEffect, useLayoutEffect, useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Message } from '../lib/types.ts';
import { Spinner } from '../ui/Spinner.tsx';
import { MessageItem } from './MessageItem.tsx';

/** A change on the timeline, already put into words. */
export interface ThreadNote {
  id: string;
  createdAt: string;
  text: string;
}

type Entry = { kind: 'message'; message: Message } | { kind: 'change'; note: ThreadNote };

/** Messages and changes in one time order (changes after messages of the same instant). */
function interleave(thread: Message[], changes: ThreadNote[]): Entry[] {
  const entries: Entry[] = thread.map((message) => ({ kind: 'message', message }));
  for (const note of changes) entries.push({ kind: 'change', note });
  const at = (entry: Entry) =>
    entry.kind === 'message' ? entry.message.createdAt : entry.note.createdAt;
  return entries.sort((a, b) =>
    at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : a.kind === 'message' ? -1 : 1,
  );
}

interface Props {
  ref?: Ref<HTMLDivElement>;
  thread: Message[];
  changes: ThreadNote[];
  loading: boolean;
  customerName: string;
}

/** The messages, oldest first, with a day line between days; sticks to the bottom as they arrive. */
export function Thread({ ref, thread, changes, loading, customerName }: Props) {
  const { t, format } = useI18n();
  const scroller = useRef<HTMLDivElement | null>(null);
  const nearBottom = useRef(true);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && nearBottom.current) element.scrollTop = element.scrollHeight;
  }, [thread, changes]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      nearBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 120;
    };
    element.addEventListener('scroll', onScroll);
    return () => element.removeEventListener('scroll', onScroll);
  }, []);

  const setRef = (element: HTMLDivElement | null) => {
    scroller.current = element;
    if (typeof ref === 'function') ref(element);
    else if (ref) ref.current = element;
  };

  let lastDay = '';
  return (
    <div
      className="thread"
      ref={setRef}
      tabIndex={0}
      aria-label={t('conversation.thread')}
      role="region"
    >
      {loading && thread.length === 0 ? <Spinner label={t('conversation.loading')} /> : null}
      <ol className="messages">
        {interleave(thread, changes).map((entry) => {
          const createdAt =
            entry.kind === 'message' ? entry.message.createdAt : entry.note.createdAt;
          const dayKey = format.dayKey(createdAt);
          const separator = dayKey !== lastDay;
          lastDay = dayKey;
          return [
            separator ? (
              <li key={`day-${dayKey}`} className="day-separator">
                <span>{format.day(createdAt)}</span>
              </li>
            ) : null,
            entry.kind === 'message' ? (
              <MessageItem
                key={entry.message.id}
                message={entry.message}
                customerName={customerName}
              />
            ) : (
              <li key={entry.note.id} className="message message-change">
                <span>{entry.note.text}</span>
                <time dateTime={createdAt} title={format.dateTime(createdAt)}>
                  {format.shortDate(createdAt)}
                </time>
              </li>
            ),
          ];
        })}
      </ol>
    </div>
  );
}
