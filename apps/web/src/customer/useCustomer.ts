import { useCallback, useEffect, useState } from 'react';
import { useRealtimeEvent } from '../app/realtime-hooks.ts';
import { api } from '../lib/api.ts';
import type { Conversation, Customer, CustomerNote, EventPayload, Page } from '../lib/types.ts';

export interface CustomerState {
  customer: Customer | null;
  notes: CustomerNote[];
  conversations: Conversation[];
  hasMoreConversations: boolean;
  error: unknown;
  addNote: (body: string) => Promise<void>;
  loadMoreConversations: () => void;
}

/** A customer's profile, notes and conversations on every channel, kept current live. */
export function useCustomer(customerId: string | null): CustomerState {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [notes, setNotes] = useState<CustomerNote[]>([]);
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setCustomer(null);
    setNotes([]);
    setConversations([]);
    if (!customerId) return;
    let cancelled = false;
    const base = `/customers/${customerId}`;
    Promise.all([
      api.get<Customer>(base),
      api.get<{ items: CustomerNote[] }>(`${base}/notes`),
      api.get<Page<Conversation>>(`${base}/conversations`, { limit: 20 }),
    ]).then(
      ([profile, noteList, page]) => {
        if (cancelled) return;
        setCustomer(profile);
        setNotes(noteList.items);
        setConversations(page.items);
        setCursor(page.nextCursor);
        setError(null);
      },
      (failure: unknown) => {
        if (!cancelled) setError(failure);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [customerId]);

  useRealtimeEvent((event) => {
    if (event.type !== 'conversation.created' && event.type !== 'conversation.updated') return;
    const { conversation } = event.payload as EventPayload<'conversation.updated'>;
    if (conversation.customer.id !== customerId) return;
    setConversations((current) => {
      const without = current.filter((item) => item.id !== conversation.id);
      return [conversation, ...without].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    });
  });

  const addNote = useCallback(
    async (body: string) => {
      if (!customerId) return;
      const note = await api.post<CustomerNote>(`/customers/${customerId}/notes`, { body });
      setNotes((current) => [note, ...current.filter((item) => item.id !== note.id)]);
    },
    [customerId],
  );

  const loadMoreConversations = useCallback(() => {
    if (!customerId || !cursor) return;
    api
      .get<Page<Conversation>>(`/customers/${customerId}/conversations`, { limit: 20, cursor })
      .then((page) => {
        setConversations((current) => [
          ...current,
          ...page.items.filter((item) => !current.some((existing) => existing.id === item.id)),
        ]);
        setCursor(page.nextCursor);
      }, setError);
  }, [customerId, cursor]);

  return {
    customer,
    notes,
    conversations,
    hasMoreConversations: cursor !== null,
    error,
    addNote,
    loadMoreConversations,
  };
}
