import { describe, expect, it } from 'vitest';
import { MessageStore, mergeMessages } from './message-store.ts';
import type { Message } from './types.ts';

const message = (id: string, createdAt: string, body = id): Message => ({
  id,
  conversationId: 'c1',
  authorType: 'customer',
  authorId: null,
  visibility: 'public',
  body,
  html: null,
  attachments: [],
  createdAt,
});

describe('mergeMessages', () => {
  const a = message('01-a', '2026-01-01T10:00:00.000Z');
  const b = message('01-b', '2026-01-01T10:01:00.000Z');
  const c = message('01-c', '2026-01-01T10:02:00.000Z');

  it('keeps each message once when a replay overlaps what was loaded', () => {
    const loaded = mergeMessages([], [a, b]);
    const replayed = mergeMessages(loaded, [b, c, c]);
    expect(replayed.map((m) => m.id)).toEqual(['01-a', '01-b', '01-c']);
  });

  it('orders by time whatever the arrival order', () => {
    expect(mergeMessages([c], [a, b]).map((m) => m.id)).toEqual(['01-a', '01-b', '01-c']);
  });

  it('breaks ties within one millisecond by id', () => {
    const x = message('01-x', a.createdAt);
    expect(mergeMessages([x], [a]).map((m) => m.id)).toEqual(['01-a', '01-x']);
  });

  it('returns the same array when nothing changed, so React skips a render', () => {
    const thread = mergeMessages([], [a, b]);
    expect(mergeMessages(thread, [a])).toBe(thread);
  });

  it('lets a newer copy of a message replace the old one', () => {
    const edited = { ...a, body: 'edited' };
    expect(mergeMessages([a, b], [edited])[0]!.body).toBe('edited');
  });
});

describe('MessageStore', () => {
  it('notifies listeners only on change', () => {
    const store = new MessageStore();
    const seen: string[] = [];
    store.subscribe((id) => seen.push(id));
    const a = message('01-a', '2026-01-01T10:00:00.000Z');
    store.add('c1', [a]);
    store.add('c1', [a]);
    expect(seen).toEqual(['c1']);
    expect(store.get('c1')).toHaveLength(1);
  });
});
