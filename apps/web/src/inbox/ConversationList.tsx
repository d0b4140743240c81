import type { Ref } from 'react';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Spinner } from '../ui/Spinner.tsx';
import { ConversationRow } from './ConversationRow.tsx';
import type { ConversationList as ListState } from './useConversationList.ts';

interface Props {
  ref?: Ref<HTMLUListElement>;
  list: ListState;
  activeId: string | null;
  openId: string | null;
  hrefFor: (id: string) => string;
  onSelect: (id: string) => void;
}

/** The conversations of a view; the active row takes focus as j/k move (roving tabindex). */
export function ConversationList({ ref, list, activeId, openId, hrefFor, onSelect }: Props) {
  const { t } = useI18n();
  if (list.loading && list.items.length === 0)
    return (
      <div className="list-status">
        <Spinner label={t('list.loading')} />
      </div>
    );
  if (list.error && list.items.length === 0)
    return (
      <div className="list-status" role="alert">
        <p>{errorMessage(list.error, t)}</p>
        <button type="button" className="button" onClick={list.reload}>
          {t('app.retry')}
        </button>
      </div>
    );
  if (list.items.length === 0)
    return (
      <div className="list-status">
        <p className="muted">{t('list.empty')}</p>
      </div>
    );
  const tabStop =
    activeId && list.items.some((item) => item.id === activeId) ? activeId : list.items[0]!.id;
  return (
    <div className="list-scroll">
      <ul className="conversation-list" ref={ref} aria-label={t('list.label')}>
        {list.items.map((conversation) => (
          <ConversationRow
            key={conversation.id}
            conversation={conversation}
            snippet={list.snippets.get(conversation.id)}
            href={hrefFor(conversation.id)}
            isActive={conversation.id === activeId}
            isOpen={conversation.id === openId}
            tabIndex={conversation.id === tabStop ? 0 : -1}
            onFocus={() => onSelect(conversation.id)}
          />
        ))}
      </ul>
      {list.hasMore ? (
        <button type="button" className="button button-ghost load-more" onClick={list.loadMore}>
          {t('list.loadMore')}
        </button>
      ) : null}
    </div>
  );
}
