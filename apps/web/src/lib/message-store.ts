import { type Delivery, applyDelivery } from './email.ts';
import type { Message } from './types.ts';

/** Thread order: by creation time, then by id (UUIDv7, so creation order within a millisecond). */
export function compareMessages(a: Message, b: Message): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Merges messages into a thread, keeping each id once (the incoming copy wins) and the thread
 * in order. Live events, replays after a reconnect and page loads can all overlap; this makes
 * the result the same whatever order they arrive in. Returns `current` itself when nothing
 * changed, so React can skip a render.
 */
export function mergeMessages(
  current: readonly Message[],
  incoming: readonly Message[],
): Message[] {
  if (incoming.length === 0) return current as Message[];
  const byId = new Map(current.map((message) => [message.id, message]));
  let changed = false;
  for (const message of incoming) {
    const existing = byId.get(message.id);
    if (existing && JSON.stringify(existing) === JSON.stringify(message)) continue;
    byId.set(message.id, message);
    changed = true;
  }
  if (!changed) return current as Message[];
  return [...byId.values()].sort(compareMessages);
}

/** Per-conversation threads with de-duplication; a tiny store components subscribe to. */
export class MessageStore {
  private threads = new Map<string, Message[]>();
  private listeners = new Set<(conversationId: string) => void>();
  /**
   * The latest delivery state of email replies, from `message.delivery` events. Events arrive
   * in order, so the latest one is at least as new as any copy of the message a request
   * returns (a POST answer can land after the event that already says "sent").
   */
  private deliveries = new Map<string, Delivery>();

  get(conversationId: string): Message[] {
    return this.threads.get(conversationId) ?? [];
  }

  has(conversationId: string): boolean {
    return this.threads.has(conversationId);
  }

  add(conversationId: string, messages: readonly Message[]) {
    const current = this.get(conversationId);
    const next = mergeMessages(
      current,
      messages.map((message) => this.withDelivery(message)),
    );
    if (next === current && this.threads.has(conversationId)) return;
    this.threads.set(conversationId, next);
    this.listeners.forEach((listener) => listener(conversationId));
  }

  /** A reply's delivery moved on: update it in its thread and remember it for later copies. */
  setDelivery(conversationId: string, messageId: string, delivery: Delivery) {
    this.deliveries.set(messageId, delivery);
    const current = this.threads.get(conversationId);
    if (!current) return;
    const index = current.findIndex((message) => message.id === messageId);
    if (index === -1) return;
    const updated = applyDelivery(current[index]!, delivery);
    if (updated === current[index]) return;
    const next = [...current];
    next[index] = updated;
    this.threads.set(conversationId, next);
    this.listeners.forEach((listener) => listener(conversationId));
  }

  private withDelivery(message: Message): Message {
    const delivery = this.deliveries.get(message.id);
    return delivery ? applyDelivery(message, delivery) : message;
  }

  subscribe(listener: (conversationId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear() {
    this.threads.clear();
    this.deliveries.clear();
  }
}
