import { useCallback, useEffect, useRef, useState } from 'react';
import { useRealtimeEvent, useResync } from '../app/realtime-hooks.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { api } from '../lib/api.ts';
import type { Conversation, EventPayload, Page } from '../lib/types.ts';
import { type ListQuery, applyConversation } from './views.ts';

/** The latest message of a conversation seen live, for the list's preview line. */
export interface Snippet {
  body: string;
  internal: boolean;
}

export interface ConversationList {
  items: Conversation[];
  snippets: ReadonlyMap<string, Snippet>;
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

const pageSize = 30;

/**
 * One inbox list: the first page for the query, more on demand, and live changes applied as
 * events arrive (conversations enter, move and leave the view). After a reconnect it reloads
 * what was on screen, so nothing is stale.
 */
export function useConversationList(query: ListQuery | null): ConversationList {
  const { session } = useWorkspace();
  const [items, setItems] = useState<Conversation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [snippets, setSnippets] = useState<ReadonlyMap<string, Snippet>>(new Map());
  const key = JSON.stringify(query);
  const generation = useRef(0);
  const state = useRef({ items, cursor });
  state.current = { items, cursor };

  const fetchPage = useCallback(
    async (after: string | null, limit: number) => {
      if (!query) return { items: [], nextCursor: null };
      const { myTeamIds: _local, ...params } = query;
      return api.get<Page<Conversation>>('/conversations', {
        ...params,
        limit,
        cursor: after ?? undefined,
      });
    },
    [key],
  );

  const reload = useCallback(
    (keepCount = false) => {
      const run = ++generation.current;
      const limit = keepCount
        ? Math.min(100, Math.max(pageSize, state.current.items.length))
        : pageSize;
      setLoading(true);
      fetchPage(null, limit).then(
        (page) => {
          if (run !== generation.current) return;
          setItems(page.items);
          setCursor(page.nextCursor);
          setError(null);
          setLoading(false);
        },
        (failure: unknown) => {
          if (run !== generation.current) return;
          setError(failure);
          setLoading(false);
        },
      );
    },
    [fetchPage],
  );

  useEffect(() => {
    setItems([]);
    setCursor(null);
    reload();
  }, [reload]);

  useResync(() => reload(true));

  const loadMore = useCallback(() => {
    const after = state.current.cursor;
    if (!after) return;
    const run = generation.current;
    fetchPage(after, pageSize).then((page) => {
      if (run !== generation.current) return;
      setItems((current) => {
        const seen = new Set(current.map((item) => item.id));
        return [...current, ...page.items.filter((item) => !seen.has(item.id))];
      });
      setCursor(page.nextCursor);
    }, setError);
  }, [fetchPage]);

  useRealtimeEvent((event) => {
    if (!query) return;
    const hasMore = state.current.cursor !== null;
    const apply = (conversation: Conversation) =>
      setItems((current) =>
        applyConversation(current, conversation, query, session.user.id, hasMore),
      );
    if (event.type === 'conversation.created' || event.type === 'conversation.updated') {
      apply((event.payload as EventPayload<'conversation.created'>).conversation);
    } else if (event.type === 'message.created') {
      const { message } = event.payload as EventPayload<'message.created'>;
      const existing = state.current.items.find((item) => item.id === message.conversationId);
      setSnippets((current) =>
        new Map(current).set(message.conversationId, {
          body: message.body,
          internal: message.visibility === 'internal',
        }),
      );
      if (existing) {
        const isPublic = message.visibility === 'public';
        apply({
          ...existing,
          updatedAt:
            message.createdAt > existing.updatedAt ? message.createdAt : existing.updatedAt,
          lastMessageAt: isPublic ? message.createdAt : existing.lastMessageAt,
        });
      }
    }
  });

  return {
    items,
    snippets,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore,
    reload: () => reload(true),
  };
}
