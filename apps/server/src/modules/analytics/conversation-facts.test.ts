import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BusinessTimeline } from '../sla/business-calendar.ts';
import { type ConversationTimeline, computeConversationFacts } from './conversation-facts.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 2, 9, 0); // Monday 2 Nov 2026, 09:00 UTC

function timeline(partial: Partial<ConversationTimeline>): ConversationTimeline {
  return {
    createdAt: T0,
    initialStatus: 'new',
    statuses: [],
    messages: [{ at: T0, author: 'customer' }],
    initialAssignee: null,
    assignees: [],
    ...partial,
  };
}

describe('first reply time (metrics.md §1)', () => {
  it('stops at the first public agent comment; bot replies do not count', () => {
    const f = computeConversationFacts(
      timeline({
        messages: [
          { at: T0, author: 'customer' },
          { at: T0 + 2 * MIN, author: 'bot' },
          { at: T0 + 30 * MIN, author: 'agent' },
        ],
      }),
      null,
    );
    expect(f.firstReplyMs).toEqual({ calendar: 30 * MIN, business: null });
    expect(f.agentReplies).toBe(1);
  });

  it('when an agent created the ticket with a public comment, stops at the second one', () => {
    // Agent opens at 09:00, customer answers at 10:00, agent replies at 11:30: FRT = 2 h 30 min.
    const f = computeConversationFacts(
      timeline({
        messages: [
          { at: T0, author: 'agent' },
          { at: T0 + HOUR, author: 'customer' },
          { at: T0 + 150 * MIN, author: 'agent' },
        ],
      }),
      null,
    );
    expect(f.createdByAgent).toBe(true);
    expect(f.firstReplyMs.calendar).toBe(150 * MIN);
    expect(f.firstReplyAt).toBe(T0 + 150 * MIN);
    // The creating comment is not a reply.
    expect(f.agentReplies).toBe(1);
  });

  it('is null while no agent has replied', () => {
    const f = computeConversationFacts(timeline({}), null);
    expect(f.firstReplyMs).toEqual({ calendar: null, business: null });
    expect(f.nextReplyMs).toEqual([]);
  });
});

describe('one-touch and FCR (metrics.md §5)', () => {
  it('a conversation solved with zero replies is one-touch and first-contact resolved', () => {
    const f = computeConversationFacts(
      timeline({ statuses: [{ at: T0 + 10 * MIN, to: 'solved' }] }),
      null,
    );
    expect(f.agentReplies).toBe(0);
    expect(f.oneTouch).toBe(true);
    expect(f.fcr).toBe(true);
    expect(f.fullResolutionMs.calendar).toBe(10 * MIN);
    expect(f.firstReplyMs.calendar).toBeNull();
  });

  it('an unsolved conversation with zero replies is neither', () => {
    const f = computeConversationFacts(timeline({}), null);
    expect(f.oneTouch).toBe(false);
    expect(f.fcr).toBe(false);
    expect(f.fullResolutionMs.calendar).toBeNull();
  });

  it('two replies break one-touch; a customer follow-up breaks FCR (Freshservice)', () => {
    const f = computeConversationFacts(
      timeline({
        messages: [
          { at: T0, author: 'customer' },
          { at: T0 + 5 * MIN, author: 'agent' },
          { at: T0 + 20 * MIN, author: 'customer' },
          { at: T0 + 50 * MIN, author: 'agent' },
        ],
        statuses: [{ at: T0 + 60 * MIN, to: 'solved' }],
      }),
      null,
    );
    expect(f.agentReplies).toBe(2);
    expect(f.oneTouch).toBe(false);
    expect(f.customerMessagesAfterFirst).toBe(1);
    expect(f.fcr).toBe(false);
    // Next reply: customer at 09:20 → agent at 09:50.
    expect(f.nextReplyMs).toEqual([{ calendar: 30 * MIN, business: null }]);
  });
});

describe('a reopened ticket', () => {
  // new 09:00 → open 09:10 (assigned) → pending 10:00 → solved 11:00 → open 13:00 (customer
  // wrote again) → on hold 14:00 → solved 16:00. Agent replies at 09:30 and 13:30.
  const t = timeline({
    messages: [
      { at: T0, author: 'customer' },
      { at: T0 + 30 * MIN, author: 'agent' },
      { at: T0 + 4 * HOUR, author: 'customer' },
      { at: T0 + 4.5 * HOUR, author: 'agent' },
    ],
    statuses: [
      { at: T0 + 10 * MIN, to: 'open' },
      { at: T0 + HOUR, to: 'pending' },
      { at: T0 + 2 * HOUR, to: 'solved' },
      { at: T0 + 4 * HOUR, to: 'open' },
      { at: T0 + 5 * HOUR, to: 'on_hold' },
      { at: T0 + 7 * HOUR, to: 'solved' },
    ],
    assignees: [{ at: T0 + 10 * MIN, to: 'agent-1' }],
  });
  const f = computeConversationFacts(t, null);

  it('counts one reopen and separates first from full resolution', () => {
    expect(f.reopens).toBe(1);
    expect(f.firstResolutionMs.calendar).toBe(2 * HOUR);
    expect(f.fullResolutionMs.calendar).toBe(7 * HOUR);
    expect(f.solvedAt).toBe(T0 + 7 * HOUR);
  });

  it('sums the status-based durations up to the latest solve', () => {
    // Requester wait (new + open + on hold): 10 min + 50 min + 1 h + 2 h = 4 h.
    expect(f.requesterWaitMs.calendar).toBe(4 * HOUR);
    // Agent work (new + open): 10 + 50 min + 1 h = 2 h.
    expect(f.agentWorkMs.calendar).toBe(2 * HOUR);
    // Handling (new or open, assigned): 50 min + 1 h = 1 h 50 min.
    expect(f.handlingMs.calendar).toBe(110 * MIN);
  });

  it('is no longer one-touch after the reopen and a second reply', () => {
    expect(f.agentReplies).toBe(2);
    expect(f.oneTouch).toBe(false);
    expect(f.fcr).toBe(false);
  });

  it('a closed conversation is not reopened by a later status (closed cannot reopen)', () => {
    const closed = computeConversationFacts(
      timeline({ statuses: [{ at: T0 + HOUR, to: 'closed' }] }),
      null,
    );
    expect(closed.reopens).toBe(0);
    expect(closed.firstResolutionMs.calendar).toBe(HOUR);
  });
});

describe('business time across a weekend and a DST change', () => {
  const zone = 'Europe/Berlin';
  const local = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
  const weekdays = new BusinessTimeline({
    timezone: zone,
    intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    holidays: [],
  });
  const always = new BusinessTimeline({
    timezone: zone,
    intervals: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    holidays: [],
  });
  // Friday 27 March 2026 16:00 CET → Monday 30 March 10:00 CEST; clocks went forward on Sunday
  // 29 March at 02:00. Calendar: 66 wall-clock hours minus the skipped hour = 65 h. Business
  // (Mon–Fri 09:00–17:00): Friday 16:00–17:00 + Monday 09:00–10:00 = 2 h.
  const created = local('2026-03-27T16:00');
  const replied = local('2026-03-30T10:00');
  const solved = local('2026-03-30T12:00');
  const t = timeline({
    createdAt: created,
    initialStatus: 'open',
    messages: [
      { at: created, author: 'customer' },
      { at: replied, author: 'agent' },
    ],
    statuses: [{ at: solved, to: 'solved' }],
  });

  it('first reply: 65 h calendar, 2 h business', () => {
    const f = computeConversationFacts(t, weekdays);
    expect(f.firstReplyMs).toEqual({ calendar: 65 * HOUR, business: 2 * HOUR });
  });

  it('resolution and requester wait: 67 h calendar, 4 h business', () => {
    const f = computeConversationFacts(t, weekdays);
    expect(f.fullResolutionMs).toEqual({ calendar: 67 * HOUR, business: 4 * HOUR });
    expect(f.requesterWaitMs).toEqual({ calendar: 67 * HOUR, business: 4 * HOUR });
  });

  it('a 24/7 calendar counts the 23-hour Sunday as 23 hours', () => {
    const f = computeConversationFacts(t, always);
    expect(f.firstReplyMs.business).toBe(65 * HOUR);
  });
});
