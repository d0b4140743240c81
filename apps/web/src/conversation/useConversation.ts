import { useCallback, useEffect, useRef, useState } from 'react';
import { useRealtimeEvent, useResync } from '../app/realtime-hooks.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { api } from '../lib/api.ts';
import type { Conversation, EventPayload, Message, Page, TimelineEvent } from '../lib/types.ts';

/** One conversation, kept current from `conversation.updated` events. */
export function useConversation(id: string) {
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api.get<Conversation>(`/conversations/${id}`).then((value) => {
      setConversation(value);
      setError(null);
    }, setError);
  }, [id]);

  useEffect(() => {
    setConversation(null);
    load();
  }, [load]);
  useResync(load);
  useRealtimeEvent((event) => {
    if (event.conversationId !== id) return;
    if (event.type === 'conversation.updated' || event.type === 'conversation.created')
      setConversation((event.payload as EventPayload<'conversation.updated'>).conversation);
  });
  return { conversation, setConversation, error, reload: load };
}

const maxPages = 20;

/**
 * The thread of one conversation from the shared MessageStore. The store entry is created
 * before the first request, so messages arriving live during the load are kept, and the
 * store's de-duplication makes the overlap harmless.
 */
export function useThread(id: string) {
  const { messages } = useWorkspace();
  const [thread, setThread] = useState<Message[]>(() => messages.get(id));
  const [loading, setLoading] = useState(!messages.has(id));

  const load = useCallback(async () => {
    if (!messages.has(id)) messages.add(id, []);
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const result = await api.get<Page<Message>>(`/conversations/${id}/messages`, {
        limit: 100,
        cursor,
      });
      messages.add(id, result.items);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
  }, [id, messages]);

  useEffect(() => {
    setThread(messages.get(id));
    const off = messages.subscribe((changed) => {
      if (changed === id) setThread(messages.get(id));
    });
    setLoading(true);
    load().then(
      () => setLoading(false),
      () => setLoading(false),
    );
    return off;
  }, [id, messages, load]);

  useResync((reason) => {
    if (reason === 'reset') void load();
  });
  return { thread, loading };
}

/** The conversation's change history, read again (after a short pause) whenever it changes. */
export function useTimeline(id: string) {
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const timer = useRef<number | null>(null);
  const load = useCallback(() => {
    api.get<{ items: TimelineEvent[] }>(`/conversations/${id}/timeline`).then(
      (result) => setEvents(result.items),
      () => undefined,
    );
  }, [id]);
  useEffect(() => {
    setEvents([]);
    load();
    return () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [load]);
  useResync(load);
  useRealtimeEvent((event) => {
    if (event.conversationId !== id || event.type !== 'conversation.updated') return;
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(load, 250);
  });
  return events;
}
