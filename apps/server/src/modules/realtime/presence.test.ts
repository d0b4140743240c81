import { describe, expect, it } from 'vitest';
import type { Signal } from './event-bus.ts';
import { PresenceTracker } from './presence.ts';

const base = { workspaceId: 'w', conversationId: 'c' };
const agentTyping = (typing: boolean, visibility: 'public' | 'internal' = 'public'): Signal => ({
  ...base,
  kind: 'typing',
  from: { type: 'agent', userId: 'a1', name: 'Ann' },
  typing,
  visibility,
});

describe('PresenceTracker', () => {
  it('tracks viewers and typing, and tells agents and the visitor apart', () => {
    let now = 0;
    const tracker = new PresenceTracker(() => now, { typingMs: 100, viewingMs: 1000 });
    expect(
      tracker.apply({ ...base, kind: 'viewing', userId: 'a1', name: 'Ann', viewing: true }),
    ).toMatchObject({ agents: true, visitor: false });
    // A note being written changes what agents see, not what the visitor sees.
    expect(tracker.apply(agentTyping(true, 'internal'))).toMatchObject({
      agents: true,
      visitor: false,
    });
    expect(tracker.publicTypist('c')).toBeNull();
    expect(tracker.apply(agentTyping(true))).toMatchObject({ visitor: true });
    expect(tracker.publicTypist('c')).toBe('Ann');
    // A refresh changes nothing anyone sees.
    expect(tracker.apply(agentTyping(true))).toBeNull();
    now = 150;
    expect(tracker.expire()).toEqual([
      { workspaceId: 'w', conversationId: 'c', agents: true, visitor: true },
    ]);
    expect(tracker.snapshot('c')).toEqual({
      agents: [{ userId: 'a1', name: 'Ann', viewing: true, typing: null }],
      visitorTyping: false,
    });
    now = 2000;
    tracker.expire();
    expect(tracker.size).toBe(0);
  });
});
