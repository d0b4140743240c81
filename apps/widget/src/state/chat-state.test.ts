import { describe, expect, it } from 'vitest';
import {
  chatReducer,
  initialChatState,
  isAgentTyping,
  lastSeenVisitorMessageId,
  type ChatMessage,
  type ChatState,
} from './chat-state.ts';

const message = (
  id: string,
  createdAt: string,
  authorType: ChatMessage['authorType'] = 'agent',
): ChatMessage => ({
  id,
  authorType,
  authorName: authorType === 'agent' ? '小王' : null,
  body: `body ${id}`,
  attachments: [],
  createdAt,
});
const at = (second: number) => `2026-11-23T10:00:${String(second).padStart(2, '0')}.000Z`;
const run = (...actions: Parameters<typeof chatReducer>[1][]) =>
  actions.reduce<ChatState>(chatReducer, initialChatState);

describe('chatReducer', () => {
  it('keeps each message once and in time order, whichever way it arrives', () => {
    const state = run(
      { type: 'messages', messages: [message('b', at(2)), message('a', at(1))], fromHistory: true },
      // Socket replay overlapping the history, and a late arrival from before.
      { type: 'messages', messages: [message('b', at(2)), message('c', at(3))] },
      { type: 'messages', messages: [message('a', at(1)), message('c', at(3))] },
    );
    expect(state.messages.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('replaces a pending message by the delivered one, even if the socket delivered it first', () => {
    const pending = { ...message('local-1', at(5), 'customer'), delivery: 'sending' as const };
    const delivered = message('m-9', at(4), 'customer');
    const state = run(
      { type: 'pending', message: pending },
      { type: 'messages', messages: [delivered] },
      { type: 'delivered', localId: 'local-1', message: delivered },
    );
    expect(state.messages).toEqual([delivered]);
  });

  it('counts unread agent messages only while closed, and not history', () => {
    const closed = run(
      { type: 'messages', messages: [message('old', at(1))], fromHistory: true },
      { type: 'messages', messages: [message('new', at(2)), message('mine', at(3), 'customer')] },
      { type: 'messages', messages: [message('new', at(2))] },
    );
    expect(closed.unread).toBe(1);
    expect(closed.announce?.id).toBe('new');
    expect(chatReducer(closed, { type: 'open', isOpen: true }).unread).toBe(0);
  });

  it('shows "Seen" under the last visitor message the agent has read', () => {
    const state = run(
      {
        type: 'messages',
        messages: [message('v1', at(1), 'customer'), message('v2', at(3), 'customer')],
      },
      { type: 'agentRead', at: at(2) },
    );
    expect(lastSeenVisitorMessageId(state)).toBe('v1');
    const later = chatReducer(state, { type: 'agentRead', at: at(4) });
    expect(lastSeenVisitorMessageId(later)).toBe('v2');
    // An older read receipt never moves the marker back.
    expect(chatReducer(later, { type: 'agentRead', at: at(1) }).agentReadAt).toBe(at(4));
  });

  it('lets typing lapse on its own and stops it when the agent answers', () => {
    const typing = run({ type: 'agentTyping', name: '小王', isTyping: true, now: 1000 });
    expect(isAgentTyping(typing, 2000)).toBe(true);
    expect(isAgentTyping(typing, 8000)).toBe(false);
    const answered = chatReducer(typing, { type: 'messages', messages: [message('a', at(1))] });
    expect(answered.agentTyping).toBeNull();
  });
});
