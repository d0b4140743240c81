import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type BusinessCalendar, BusinessTimeline } from './business-calendar.ts';
import { type SlaFacts, type SlaTarget, badgeClock, computeClocks } from './sla-clocks.ts';
import type { ConversationStatus, SlaMetric } from './sla-metrics.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 1, 0); // Monday 2026-12-07 09:00 in Shanghai
const m = (minutes: number) => T0 + minutes * MIN;

type Author = SlaFacts['messages'][number]['author'];
function facts(input: {
  messages: [number, Author, ('public' | 'internal')?][];
  statuses?: [number, ConversationStatus][];
  initial?: ConversationStatus;
}): SlaFacts {
  return {
    createdAt: T0,
    statuses: [
      { at: T0, status: input.initial ?? 'new' },
      ...(input.statuses ?? []).map(([t, status]) => ({ at: m(t), status })),
    ],
    messages: input.messages.map(([t, author, visibility]) => ({
      at: m(t),
      author,
      visibility: visibility ?? 'public',
    })),
  };
}
const target = (metric: SlaMetric, minutes: number, businessHours = false): SlaTarget => ({
  metric,
  targetMs: minutes * MIN,
  businessHours,
});
const clocks = (f: SlaFacts, t: SlaTarget, now: number, timeline: BusinessTimeline | null = null) =>
  computeClocks(f, [t], timeline, m(now));

describe('first reply time: created → first public agent comment (metrics.md §1, §2)', () => {
  it('stops at the first public agent comment', () => {
    const f = facts({
      messages: [
        [0, 'customer'],
        [30, 'agent'],
      ],
      statuses: [[30, 'open']],
    });
    const [c] = clocks(f, target('first_reply_time', 60), 90);
    expect(c).toMatchObject({
      state: 'fulfilled',
      elapsedMs: 30 * MIN,
      stoppedAt: m(30),
      breachedAt: null,
    });
  });
  it('ignores internal notes, bot and system messages', () => {
    const f = facts({
      messages: [
        [0, 'customer'],
        [5, 'agent', 'internal'],
        [10, 'bot'],
        [15, 'system'],
        [90, 'agent'],
      ],
    });
    const [c] = clocks(f, target('first_reply_time', 60), 100);
    expect(c).toMatchObject({ state: 'fulfilled', elapsedMs: 90 * MIN, breachedAt: m(60) });
  });
  it('is running with a due time while unanswered, and breached after it', () => {
    const f = facts({ messages: [[0, 'customer']] });
    expect(clocks(f, target('first_reply_time', 60), 20)[0]).toMatchObject({
      state: 'running',
      dueAt: m(60),
      breachedAt: null,
    });
    expect(clocks(f, target('first_reply_time', 60), 61)[0]).toMatchObject({
      state: 'running',
      dueAt: m(60),
      breachedAt: m(60),
    });
  });
  it('for an agent-created conversation with a public first comment, stops at the second', () => {
    const f = facts({
      initial: 'open',
      messages: [
        [0, 'agent'],
        [10, 'customer'],
        [40, 'agent'],
      ],
    });
    const [c] = clocks(f, target('first_reply_time', 60), 50);
    expect(c).toMatchObject({ state: 'fulfilled', stoppedAt: m(40), elapsedMs: 40 * MIN });
  });
  it('for an agent-created conversation with an internal first note, stops at the first public comment', () => {
    const f = facts({
      messages: [
        [0, 'agent', 'internal'],
        [25, 'agent'],
      ],
    });
    expect(clocks(f, target('first_reply_time', 60), 50)[0]).toMatchObject({ stoppedAt: m(25) });
  });
  it('does not pause on pending (runs in every status)', () => {
    const f = facts({ messages: [[0, 'customer']], statuses: [[10, 'pending']] });
    expect(clocks(f, target('first_reply_time', 60), 30)[0]).toMatchObject({
      state: 'running',
      elapsedMs: 30 * MIN,
    });
  });
});

describe('next reply time: oldest unanswered customer comment → next public agent comment', () => {
  const f = facts({
    messages: [
      [0, 'customer'],
      [10, 'agent'],
      [20, 'customer'],
      [25, 'customer'],
      [50, 'agent'],
      [60, 'customer'],
    ],
    statuses: [[10, 'open']],
  });
  it('measures each exchange from the oldest unanswered message and resets', () => {
    const cs = clocks(f, target('next_reply_time', 20), 70);
    expect(cs.map((c) => [c.cycle, c.state, c.startedAt, c.elapsedMs])).toEqual([
      [0, 'fulfilled', m(20), 30 * MIN],
      [1, 'running', m(60), 10 * MIN],
    ]);
    expect(cs[0]!.breachedAt).toBe(m(40));
    expect(cs[1]!.dueAt).toBe(m(80));
  });
  it('has no cycle before the first reply (first reply time covers it)', () => {
    expect(
      clocks(
        facts({
          messages: [
            [0, 'customer'],
            [5, 'customer'],
          ],
        }),
        target('next_reply_time', 20),
        30,
      ),
    ).toEqual([]);
  });
  it('stops when the conversation is solved', () => {
    const solved = facts({
      messages: [
        [0, 'customer'],
        [10, 'agent'],
        [20, 'customer'],
      ],
      statuses: [
        [10, 'open'],
        [30, 'solved'],
      ],
    });
    expect(clocks(solved, target('next_reply_time', 60), 90)[0]).toMatchObject({
      state: 'fulfilled',
      stoppedAt: m(30),
    });
  });
});

describe('periodic and pausable update time: between public agent comments', () => {
  const f = facts({
    messages: [
      [0, 'customer'],
      [10, 'agent'],
      [70, 'agent'],
    ],
    statuses: [
      [10, 'open'],
      [20, 'pending'],
      [50, 'open'],
    ],
  });
  it('periodic update runs in every status', () => {
    const cs = clocks(f, target('periodic_update_time', 45), 80);
    expect(cs.map((c) => [c.startedAt, c.stoppedAt, c.elapsedMs])).toEqual([
      [m(10), m(70), 60 * MIN],
      [m(70), null, 10 * MIN],
    ]);
    expect(cs[0]!.breachedAt).toBe(m(55));
  });
  it('pausable update pauses on pending', () => {
    const cs = clocks(f, target('pausable_update_time', 45), 80);
    expect(cs[0]).toMatchObject({ elapsedMs: 30 * MIN, breachedAt: null, state: 'fulfilled' });
  });
  it('pausable update shows paused (no due time) while pending, and resumes', () => {
    const pending = facts({
      messages: [
        [0, 'customer'],
        [10, 'agent'],
      ],
      statuses: [
        [10, 'pending'],
        [40, 'open'],
      ],
    });
    expect(clocks(pending, target('pausable_update_time', 30), 20)[0]).toMatchObject({
      state: 'paused',
      dueAt: null,
      elapsedMs: 0,
    });
    // Resumed at 40 with 30 min left: due at 70.
    expect(clocks(pending, target('pausable_update_time', 30), 45)[0]).toMatchObject({
      state: 'running',
      dueAt: m(70),
    });
  });
});

describe('status-based metrics (multi-event: new, open, pending, on-hold)', () => {
  const f = facts({
    messages: [
      [0, 'customer'],
      [10, 'agent'],
    ],
    statuses: [
      [10, 'open'],
      [30, 'pending'],
      [60, 'on_hold'],
      [80, 'open'],
      [100, 'solved'],
    ],
  });
  it('requester wait = New + Open + On-hold, pauses on Pending', () => {
    expect(clocks(f, target('requester_wait_time', 600), 120)[0]).toMatchObject({
      state: 'fulfilled',
      elapsedMs: 70 * MIN,
      stoppedAt: m(100),
    });
  });
  it('agent work time = New + Open only', () => {
    expect(clocks(f, target('agent_work_time', 600), 120)[0]).toMatchObject({
      elapsedMs: 50 * MIN,
    });
  });
  it('resolution = creation → solved in every status', () => {
    expect(clocks(f, target('resolution_time', 600), 120)[0]).toMatchObject({
      elapsedMs: 100 * MIN,
      state: 'fulfilled',
    });
  });
  it('resolution after a reopen runs to the latest solve (full resolution time)', () => {
    const reopened = facts({
      messages: [[0, 'customer']],
      statuses: [
        [30, 'solved'],
        [50, 'open'],
        [70, 'solved'],
      ],
    });
    expect(clocks(reopened, target('resolution_time', 600), 90)[0]).toMatchObject({
      elapsedMs: 70 * MIN,
      stoppedAt: m(70),
    });
    expect(clocks(reopened, target('resolution_time', 600), 60)[0]).toMatchObject({
      state: 'running',
      dueAt: m(600),
    });
  });
  it('a pause and resume moves the due time by the paused time', () => {
    const paused = facts({
      messages: [[0, 'customer']],
      statuses: [
        [10, 'pending'],
        [40, 'open'],
      ],
    });
    expect(clocks(paused, target('requester_wait_time', 60), 20)[0]).toMatchObject({
      state: 'paused',
      dueAt: null,
      elapsedMs: 10 * MIN,
    });
    expect(clocks(paused, target('requester_wait_time', 60), 45)[0]).toMatchObject({
      state: 'running',
      dueAt: m(90),
      elapsedMs: 15 * MIN,
    });
  });
});

describe('business-hours targets', () => {
  const SH = 'Asia/Shanghai';
  const cal: BusinessCalendar = {
    timezone: SH,
    intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    holidays: [],
  };
  const local = (ms: number | null) => DateTime.fromMillis(ms!, { zone: SH }).toFormat('ccc HH:mm');
  it('a conversation created outside business hours starts counting at the next opening', () => {
    // Created Saturday 20:00; 2 business hours → Monday 11:00.
    const sat = DateTime.fromISO('2026-12-05T20:00', { zone: SH }).toMillis();
    const f: SlaFacts = {
      createdAt: sat,
      statuses: [{ at: sat, status: 'new' }],
      messages: [{ at: sat, author: 'customer', visibility: 'public' }],
    };
    const [c] = computeClocks(
      f,
      [target('first_reply_time', 120, true)],
      new BusinessTimeline(cal),
      sat + 60 * MIN,
    );
    expect(local(c!.dueAt)).toBe('Mon 11:00');
    expect(c!.elapsedMs).toBe(0);
  });
  it('counts only open hours between creation and reply', () => {
    // Created Monday 16:00, answered Tuesday 10:00: 2 business hours, 18 calendar hours.
    const f = facts({
      messages: [
        [7 * 60, 'customer'],
        [25 * 60, 'agent'],
      ],
    });
    f.createdAt = m(7 * 60);
    f.statuses[0]!.at = m(7 * 60);
    const [business] = computeClocks(
      f,
      [target('first_reply_time', 180, true)],
      new BusinessTimeline(cal),
      m(26 * 60),
    );
    const [calendar] = computeClocks(f, [target('first_reply_time', 180)], null, m(26 * 60));
    expect(business).toMatchObject({ elapsedMs: 120 * MIN, breachedAt: null });
    expect(calendar).toMatchObject({ elapsedMs: 18 * 60 * MIN, breachedAt: m(10 * 60) });
  });
});

describe('the badge clock', () => {
  it('shows the running clock due soonest, and a breached one first', () => {
    const f = facts({ messages: [[0, 'customer']] });
    const cs = computeClocks(
      f,
      [target('resolution_time', 600), target('first_reply_time', 60)],
      null,
      m(10),
    );
    expect(badgeClock(cs)).toMatchObject({ metric: 'first_reply_time', dueAt: m(60) });
    const late = computeClocks(
      f,
      [target('resolution_time', 30), target('first_reply_time', 60)],
      null,
      m(40),
    );
    expect(badgeClock(late)).toMatchObject({ metric: 'resolution_time', breachedAt: m(30) });
  });
  it('is null when every clock is fulfilled', () => {
    const f = facts({
      messages: [
        [0, 'customer'],
        [5, 'agent'],
      ],
    });
    expect(badgeClock(computeClocks(f, [target('first_reply_time', 60)], null, m(10)))).toBeNull();
  });
});

describe('business-hours clocks across daylight saving and holidays', () => {
  const NY = 'America/New_York';
  const weekdays = (timezone: string, holidays: BusinessCalendar['holidays'] = []) =>
    new BusinessTimeline({
      timezone,
      intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
      holidays,
    });
  const createdAt = (zone: string, iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
  const opened = (at: number): SlaFacts => ({
    createdAt: at,
    statuses: [{ at, status: 'new' }],
    messages: [{ at, author: 'customer', visibility: 'public' }],
  });
  const dueOf = (facts: SlaFacts, timeline: BusinessTimeline, minutes: number, now: number) =>
    computeClocks(facts, [target('first_reply_time', minutes, true)], timeline, now)[0]!.dueAt!;

  it('spring-forward weekend: Friday 16:00 EST + 2 business hours = Monday 10:00 EDT', () => {
    const at = createdAt(NY, '2026-03-06T16:00');
    expect(new Date(dueOf(opened(at), weekdays(NY), 120, at)).toISOString()).toBe(
      '2026-03-09T14:00:00.000Z',
    );
  });
  it('fall-back weekend: Friday 16:00 EDT + 2 business hours = Monday 10:00 EST', () => {
    const at = createdAt(NY, '2026-10-30T16:00');
    expect(new Date(dueOf(opened(at), weekdays(NY), 120, at)).toISOString()).toBe(
      '2026-11-02T15:00:00.000Z',
    );
  });
  it('a yearly holiday moves the due time past it', () => {
    const SH = 'Asia/Shanghai';
    const christmas = {
      startDate: '2020-12-25',
      endDate: '2020-12-25',
      startMinute: null,
      endMinute: null,
      yearly: true,
    };
    const at = createdAt(SH, '2026-12-24T16:00');
    const due = dueOf(opened(at), weekdays(SH, [christmas]), 120, at);
    expect(DateTime.fromMillis(due, { zone: SH }).toFormat('yyyy-MM-dd HH:mm')).toBe(
      '2026-12-28 10:00',
    );
  });
  it('elapsed business time across the spring-forward night counts real open time only', () => {
    const at = createdAt(NY, '2026-03-06T16:00');
    const replied = createdAt(NY, '2026-03-09T10:00');
    const facts: SlaFacts = {
      ...opened(at),
      messages: [...opened(at).messages, { at: replied, author: 'agent', visibility: 'public' }],
    };
    const [cycle] = computeClocks(
      facts,
      [target('first_reply_time', 180, true)],
      weekdays(NY),
      replied + MIN,
    );
    expect(cycle).toMatchObject({ state: 'fulfilled', elapsedMs: 120 * MIN, breachedAt: null });
  });
});

describe('time carried from an earlier schedule (metrics.md §1, multi-event metrics)', () => {
  const f = facts({ messages: [[0, 'customer']], statuses: [[5, 'open']] });
  const carried = { requester_wait_time: { at: m(30), elapsedMs: 25 * MIN, breachedAt: null } };
  it('counts on from the carry instead of recomputing the time before it', () => {
    const [c] = computeClocks(f, [target('requester_wait_time', 60)], null, m(40), carried);
    expect(c).toMatchObject({ elapsedMs: 35 * MIN, dueAt: m(65), breachedAt: null });
  });
  it('keeps a breach that happened under the earlier schedule', () => {
    const late = { requester_wait_time: { at: m(30), elapsedMs: 70 * MIN, breachedAt: m(20) } };
    const [c] = computeClocks(f, [target('requester_wait_time', 60)], null, m(40), late);
    expect(c).toMatchObject({ elapsedMs: 80 * MIN, breachedAt: m(20), dueAt: m(20) });
  });
  it('single-event metrics ignore carried time (their schedule covers the whole duration)', () => {
    const carriedResolution = {
      resolution_time: { at: m(30), elapsedMs: 5 * MIN, breachedAt: null },
    };
    const [c] = computeClocks(f, [target('resolution_time', 60)], null, m(40), carriedResolution);
    expect(c).toMatchObject({ elapsedMs: 40 * MIN });
  });
});
