import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { ConversationPane, type PaneRequest } from '../conversation/ConversationPane.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { commandForKey, isTypingTarget, moveCursor } from '../lib/keyboard.ts';
import { navigate, useLocation } from '../lib/router.tsx';
import type { Conversation, ConversationSort, ConversationStatus } from '../lib/types.ts';
import { useToast } from '../ui/Toaster.tsx';
import { ConversationList } from './ConversationList.tsx';
import { FilterBar, SortSelect } from './FilterBar.tsx';
import { useConversationList } from './useConversationList.ts';
import { type UserFilters, queryForView } from './views.ts';

interface Props {
  view: string;
  conversationId: string | null;
  onHelp: () => void;
}

function filtersFrom(query: URLSearchParams): UserFilters {
  const pick = (name: string) => query.get(name) ?? undefined;
  return {
    status: pick('status') as ConversationStatus | undefined,
    priority: pick('priority'),
    channel: pick('channel'),
    tag: pick('tag'),
    sort: pick('sort') as ConversationSort | undefined,
  };
}

/** The inbox: view list with filters, the open conversation, and keyboard control of both. */
export function InboxPage({ view, conversationId, onHelp }: Props) {
  const { t } = useI18n();
  const toast = useToast();
  const { directory, me } = useWorkspace();
  const location = useLocation();
  const search = location.query.toString();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(search)), [search]);
  const myTeamIds = me?.teamIds;
  const query = useMemo(
    () => queryForView(view, filters, myTeamIds ?? []),
    [view, filters, myTeamIds],
  );
  const list = useConversationList(query);
  const [cursor, dispatch] = useReducer(moveCursor, { ids: [], activeId: conversationId });
  const [request, setRequest] = useState<PaneRequest | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const suffix = search ? `?${search}` : '';

  useEffect(
    () => dispatch({ type: 'items', ids: list.items.map((item) => item.id) }),
    [list.items],
  );
  useEffect(() => {
    if (conversationId) dispatch({ type: 'select', id: conversationId });
  }, [conversationId]);

  const open = useCallback(
    (id: string) => navigate(`/app/inbox/${view}/${id}${suffix}`),
    [view, suffix],
  );

  const focusRow = (id: string | null) => {
    if (!id) return;
    listRef.current?.querySelector<HTMLElement>(`[data-id="${id}"]`)?.focus();
  };

  const solve = useCallback(
    async (id: string) => {
      try {
        await api.patch<Conversation>(`/conversations/${id}`, { status: 'solved' });
        toast.info(t('status.solved'));
      } catch (error) {
        toast.error(errorMessage(error, t));
      }
    },
    [t, toast],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const command = commandForKey(event, isTypingTarget(event.target));
      const target = conversationId ?? cursor.activeId;
      switch (command) {
        case 'next':
        case 'previous': {
          event.preventDefault();
          const next = moveCursor(cursor, { type: 'move', delta: command === 'next' ? 1 : -1 });
          dispatch({ type: 'select', id: next.activeId });
          focusRow(next.activeId);
          break;
        }
        case 'open':
          if (cursor.activeId && (event.target as Element | null)?.tagName !== 'BUTTON') {
            event.preventDefault();
            open(cursor.activeId);
            setRequest({ kind: 'focusThread', at: Date.now() });
          }
          break;
        case 'reply':
        case 'note':
          if (!target) break;
          event.preventDefault();
          if (target !== conversationId) open(target);
          setRequest({ kind: command, at: Date.now() });
          break;
        case 'solve':
          if (!target) break;
          event.preventDefault();
          void solve(target);
          break;
        case 'help':
        case 'search':
        case null:
          // The shell handles these.
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cursor, conversationId, open, solve]);

  const title = viewTitle(view, t, directory.teams);
  return (
    <div className={`inbox ${conversationId ? 'has-conversation' : ''}`}>
      <section className="list-column" aria-labelledby="list-title">
        <header className="list-header">
          <h1 id="list-title" className="truncate">
            {title}
          </h1>
          <SortSelect value={filters.sort ?? 'updated_desc'} />
          <button
            type="button"
            className="icon-button subtle"
            onClick={onHelp}
            aria-label={t('shell.shortcuts')}
          >
            ?
          </button>
        </header>
        <FilterBar view={view} filters={filters} />
        <ConversationList
          ref={listRef}
          list={list}
          activeId={cursor.activeId}
          openId={conversationId}
          hrefFor={(id) => `/app/inbox/${view}/${id}${suffix}`}
          onSelect={(id) => dispatch({ type: 'select', id })}
        />
      </section>
      {conversationId ? (
        <ConversationPane
          key={conversationId}
          conversationId={conversationId}
          request={request}
          onBackToList={() => focusRow(conversationId)}
          onClose={() => navigate(`/app/inbox/${view}${suffix}`)}
        />
      ) : (
        <div className="conversation-empty">
          <h2>{t('conversation.empty')}</h2>
          <p className="muted">{t('conversation.emptyHint')}</p>
        </div>
      )}
    </div>
  );
}

function viewTitle(
  view: string,
  t: ReturnType<typeof useI18n>['t'],
  teams: ReadonlyArray<{ id: string; name: string }>,
): string {
  if (view === 'mine') return t('views.mine');
  if (view === 'unassigned') return t('views.unassigned');
  if (view === 'all') return t('views.all');
  if (view === 'teams') return t('views.teams');
  if (view.startsWith('team-')) {
    const team = teams.find((item) => `team-${item.id}` === view);
    return team ? t('views.team', { name: team.name }) : t('views.teams');
  }
  if (view.startsWith('status-')) {
    const status = view.slice('status-'.length) as ConversationStatus;
    return t(`status.${status}`);
  }
  return t('shell.inbox');
}
