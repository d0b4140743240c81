import type { RealtimeEvent } from '@kefu/contracts';
import { describe, expect, it } from 'vitest';
import { EventSequencer, type Subscription, matches, visibleTo, wanted } from './subscription.ts';

const workspaceId = '00000000-0000-7000-8000-00000000000a';
const other = '00000000-0000-7000-8000-00000000000b';
const conversationA = '00000000-0000-7000-8000-0000000000c1';
const conversationB = '00000000-0000-7000-8000-0000000000c2';

const event = (
  position: number,
  extra: Partial<Pick<RealtimeEvent, 'conversationId' | 'internal' | 'workspaceId'>> = {},
): RealtimeEvent => ({
  position,
  type: 'conversation.updated',
  workspaceId,
  conversationId: conversationA,
  internal: false,
  payload: {} as RealtimeEvent['payload'],
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const taken = (sequencer: EventSequencer) => sequencer.take().map((e) => e.position);

describe('EventSequencer', () => {
  it('hands out in-order events at once', () => {
    const sequencer = new EventSequencer(4);
    sequencer.receive(event(5));
    expect(taken(sequencer)).toEqual([5]);
    sequencer.receive(event(6));
    sequencer.receive(event(7));
    expect(taken(sequencer)).toEqual([6, 7]);
    expect(sequencer.position).toBe(7);
    expect(sequencer.gap()).toBeNull();
  });

  it('drops duplicates and anything at or below the position', () => {
    const sequencer = new EventSequencer(4);
    sequencer.receive(event(3));
    sequencer.receive(event(4));
    expect(taken(sequencer)).toEqual([]);
    sequencer.receive(event(6));
    sequencer.receive(event(6));
    sequencer.receive(event(5));
    sequencer.receive(event(5));
    expect(taken(sequencer)).toEqual([5, 6]);
    sequencer.receive(event(5));
    sequencer.receive(event(6));
    expect(taken(sequencer)).toEqual([]);
    expect(sequencer.pending).toBe(0);
  });

  it('holds early events until the missing ones arrive, then sorts them', () => {
    const sequencer = new EventSequencer(0);
    sequencer.receive(event(3));
    sequencer.receive(event(2));
    expect(taken(sequencer)).toEqual([]);
    expect(sequencer.gap()).toEqual({ after: 0, upTo: 1 });
    sequencer.receive(event(1));
    expect(sequencer.gap()).toBeNull();
    expect(taken(sequencer)).toEqual([1, 2, 3]);
  });

  it('reports each hole to read from the log, lowest first', () => {
    const sequencer = new EventSequencer(0);
    sequencer.expect(9);
    sequencer.receive(event(3));
    sequencer.receive(event(6));
    expect(sequencer.gap()).toEqual({ after: 0, upTo: 2 });
    sequencer.receive(event(1));
    expect(sequencer.gap()).toBeNull(); // 1 can go out first
    expect(taken(sequencer)).toEqual([1]);
    expect(sequencer.gap()).toEqual({ after: 1, upTo: 2 });
    sequencer.receive(event(2));
    expect(taken(sequencer)).toEqual([2, 3]);
    expect(sequencer.gap()).toEqual({ after: 3, upTo: 5 });
    for (const p of [4, 5]) sequencer.receive(event(p));
    expect(taken(sequencer)).toEqual([4, 5, 6]);
    expect(sequencer.gap()).toEqual({ after: 6, upTo: 9 });
  });

  it('knows about positions it has only been told of', () => {
    const sequencer = new EventSequencer(10);
    sequencer.expect(8);
    expect(sequencer.gap()).toBeNull();
    sequencer.expect(12);
    expect(sequencer.gap()).toEqual({ after: 10, upTo: 12 });
  });

  it('keeps the lowest events when the buffer is full and reads the rest back', () => {
    const sequencer = new EventSequencer(0, 3);
    for (const p of [10, 11, 12]) sequencer.receive(event(p));
    sequencer.receive(event(5)); // evicts 12
    sequencer.receive(event(13)); // above everything held: dropped
    expect(sequencer.pending).toBe(3);
    expect(sequencer.gap()).toEqual({ after: 0, upTo: 4 });
    const out: number[] = [];
    for (let guard = 0; guard < 20; guard++) {
      const gap = sequencer.gap();
      if (!gap) break;
      for (let p = gap.after + 1; p <= gap.upTo; p++) {
        sequencer.receive(event(p));
        out.push(...taken(sequencer));
      }
    }
    out.push(...taken(sequencer));
    expect(out).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it('skips positions the log no longer holds', () => {
    const sequencer = new EventSequencer(0);
    sequencer.receive(event(2));
    sequencer.receive(event(5));
    sequencer.skipTo(3);
    expect(sequencer.position).toBe(3);
    expect(sequencer.gap()).toEqual({ after: 3, upTo: 4 });
    sequencer.receive(event(4));
    expect(taken(sequencer)).toEqual([4, 5]);
  });

  it('turns any arrival order with duplicates into 1..n exactly once', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 40);
      const arrivals = Array.from({ length: n }, (_, i) => i + 1).filter(() => random() > 0.2);
      arrivals.push(...arrivals.filter(() => random() > 0.7)); // duplicates
      arrivals.sort(() => random() - 0.5);
      const sequencer = new EventSequencer(0, 1 + Math.floor(random() * 10));
      sequencer.expect(n); // the counter read at subscribe time
      const delivered: number[] = [];
      for (const p of arrivals) {
        sequencer.receive(event(p));
        delivered.push(...taken(sequencer));
        // Now and then, the gateway reads one page from the log.
        const gap = random() > 0.5 ? sequencer.gap() : null;
        if (gap) {
          for (let q = gap.after + 1; q <= Math.min(gap.upTo, gap.after + 3); q++)
            sequencer.receive(event(q));
          delivered.push(...taken(sequencer));
        }
      }
      // Reading every reported gap from the log must finish (a page at most n long each time).
      for (let reads = 0, gap = sequencer.gap(); gap; gap = sequencer.gap()) {
        expect(++reads).toBeLessThanOrEqual(n);
        for (let q = gap.after + 1; q <= gap.upTo; q++) sequencer.receive(event(q));
        delivered.push(...taken(sequencer));
      }
      expect(delivered).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
  });
});

describe('subscription matching', () => {
  const workspace: Subscription = { topic: 'workspace', id: workspaceId, from: 0 };
  const onA: Subscription = { topic: 'conversation', id: conversationA, from: 0 };

  it('gives a workspace subscription every event of its workspace only', () => {
    expect(matches(workspace, event(1, { conversationId: conversationB }))).toBe(true);
    expect(matches(workspace, event(1, { conversationId: null }))).toBe(true);
    expect(matches(workspace, event(1, { workspaceId: other }))).toBe(false);
  });

  it('gives a conversation subscription that conversation only', () => {
    expect(matches(onA, event(1))).toBe(true);
    expect(matches(onA, event(1, { conversationId: conversationB }))).toBe(false);
    expect(matches(onA, event(1, { conversationId: null }))).toBe(false);
  });

  it('skips what the subscription started after', () => {
    expect(matches({ ...onA, from: 5 }, event(5))).toBe(false);
    expect(matches({ ...onA, from: 5 }, event(6))).toBe(true);
  });

  it('never shows internal events to visitors, and shows them to agents', () => {
    const note = event(1, { internal: true });
    expect(visibleTo(note, 'agent')).toBe(true);
    expect(visibleTo(note, 'visitor')).toBe(false);
    expect(visibleTo(event(1), 'visitor')).toBe(true);
    expect(wanted([onA], note, 'visitor')).toBe(false);
    expect(wanted([onA], note, 'agent')).toBe(true);
    expect(wanted([onA], event(1, { conversationId: conversationB }), 'agent')).toBe(false);
    expect(wanted([onA, workspace], event(1, { conversationId: conversationB }), 'agent')).toBe(
      true,
    );
  });
});
