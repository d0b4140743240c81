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

  get(conversationId: string): Message[] {
    return this.threads.get(conversationId) ?? [];
  }

  has(conversationId: string): boolean {
    return this.threads.has(conversationId);
  }

  add(conversationId: string, messages: readonly Message[]) {
    const current = this.get(conversationId);
    const next = mergeMessages(current, messages);
    if (next === current && this.threads.has(conversationId)) return;
    this.threads.set(conversationId, next);
    this.listeners.forEach((listener) => listener(conversationId));
  }

  subscribe(listener: (conversationId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear() {
    this.threads.clear();
  }
}
