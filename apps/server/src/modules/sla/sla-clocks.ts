import type { BusinessTimeline } from './business-calendar.ts';
import { type ConversationStatus, type SlaMetric, isResolved, runsIn } from './sla-metrics.ts';

/** What a conversation's clocks are computed from: nothing else, so they can be recomputed. */
export interface SlaFacts {
  createdAt: number;
  /** The status at creation first, then every change, oldest first. */
  statuses: { at: number; status: ConversationStatus }[];
  /** Every message, oldest first (the one the conversation was created with included). */
  messages: {
    at: number;
    author: 'customer' | 'agent' | 'bot' | 'system';
    visibility: 'public' | 'internal';
  }[];
}

export interface SlaTarget {
  metric: SlaMetric;
  targetMs: number;
  businessHours: boolean;
}

/** One run of a clock: first reply has one, next reply one per exchange. */
export interface ClockCycle {
  metric: SlaMetric;
  cycle: number;
  startedAt: number;
  /** When the stop event happened (fulfilled), else null. */
  stoppedAt: number | null;
  state: 'running' | 'paused' | 'fulfilled';
  targetMs: number;
  businessHours: boolean;
  /** Counted time so far (business time for business-hours targets). */
  elapsedMs: number;
  /** When a running clock reaches its target (in the past once breached); null otherwise. */
  dueAt: number | null;
  /** When the clock passed its target, if it did. */
  breachedAt: number | null;
}

/**
 * Time a multi-event metric counted under an earlier schedule, up to `at` (metrics.md §1: such
 * metrics "use the schedule in force at each status change and don't recompute earlier events").
 */
export interface CarriedTime {
  at: number;
  elapsedMs: number;
  breachedAt: number | null;
}
export type CarriedTimes = Partial<Record<SlaMetric, CarriedTime>>;

/** The status-based (multi-event) metrics: their earlier time is carried, not recomputed. */
export const multiEventMetrics: readonly SlaMetric[] = ['requester_wait_time', 'agent_work_time'];

/** Time arithmetic for one target: calendar time, or business time on a calendar's timeline. */
interface Measure {
  between(from: number, to: number): number;
  add(from: number, ms: number): number | null;
}

const calendarTime: Measure = { between: (a, b) => Math.max(0, b - a), add: (a, ms) => a + ms };

const isPublicAgentReply = (m: SlaFacts['messages'][number]) =>
  m.author === 'agent' && m.visibility === 'public';
const isPublicCustomerMessage = (m: SlaFacts['messages'][number]) =>
  m.author === 'customer' && m.visibility === 'public';

/** The conversation's status at an instant. */
function statusAt(facts: SlaFacts, at: number): ConversationStatus {
  let status = facts.statuses[0]!.status;
  for (const change of facts.statuses) if (change.at <= at) status = change.status;
  return status;
}

/** The first instant at or after `from` when the conversation is solved or closed, or null. */
function resolvedFrom(facts: SlaFacts, from: number): number | null {
  if (isResolved(statusAt(facts, from))) return from;
  return facts.statuses.find((s) => s.at > from && isResolved(s.status))?.at ?? null;
}

/** When the conversation last became solved or closed, if it is now. */
function latestResolution(facts: SlaFacts): number | null {
  const last = facts.statuses.at(-1)!;
  if (!isResolved(last.status)) return null;
  let at = last.at;
  for (let i = facts.statuses.length - 1; i >= 0 && isResolved(facts.statuses[i]!.status); i -= 1)
    at = facts.statuses[i]!.at;
  return at;
}

const earliest = (...values: (number | null | undefined)[]) => {
  const present = values.filter((v): v is number => typeof v === 'number');
  return present.length ? Math.min(...present) : null;
};

/**
 * First reply: creation → first public agent comment; when an agent created the conversation
 * with a public first comment, the second one (metrics.md §1). Bot and system messages never
 * count. Solving the conversation also stops it.
 */
export function firstReplyCycle(facts: SlaFacts): { start: number; stop: number | null } {
  const first = facts.messages[0];
  const replies = facts.messages.filter(isPublicAgentReply);
  const agentCreated = first !== undefined && isPublicAgentReply(first);
  const reply = agentCreated ? replies[1] : replies[0];
  return {
    start: facts.createdAt,
    stop: earliest(reply?.at, resolvedFrom(facts, facts.createdAt)),
  };
}

/**
 * Next reply: each oldest unanswered public customer message after the first reply → the next
 * public agent comment (or the solve). Resets per exchange.
 */
function nextReplyCycles(facts: SlaFacts): { start: number; stop: number | null }[] {
  const first = firstReplyCycle(facts);
  if (first.stop === null) return [];
  const cycles: { start: number; stop: number | null }[] = [];
  let open: number | null = null;
  for (const message of facts.messages) {
    if (message.at <= first.stop) continue;
    if (open !== null) {
      const solved = resolvedFrom(facts, open);
      if (solved !== null && solved <= message.at) {
        cycles.push({ start: open, stop: solved });
        open = null;
      }
    }
    if (isPublicCustomerMessage(message) && open === null) open = message.at;
    else if (isPublicAgentReply(message) && open !== null) {
      cycles.push({ start: open, stop: message.at });
      open = null;
    }
  }
  if (open !== null) cycles.push({ start: open, stop: resolvedFrom(facts, open) });
  return cycles;
}

/** Periodic and pausable update: from each public agent comment to the next (or the solve). */
function updateCycles(facts: SlaFacts): { start: number; stop: number | null }[] {
  const replies = facts.messages.filter(isPublicAgentReply);
  return replies
    .filter((reply) => !isResolved(statusAt(facts, reply.at)))
    .map((reply, i, open) => ({
      start: reply.at,
      stop: earliest(open[i + 1]?.at, resolvedFrom(facts, reply.at)),
    }));
}

/** Status-based metrics: one cycle from creation, fulfilled while solved or closed. */
function wholeLifeCycle(facts: SlaFacts): { start: number; stop: number | null } {
  return { start: facts.createdAt, stop: latestResolution(facts) };
}

/** The stretches of [start, end) in which the metric's clock runs. */
function runningSegments(
  facts: SlaFacts,
  metric: SlaMetric,
  start: number,
  end: number,
): [number, number][] {
  // Resolution counts every moment from creation to the latest solve, solved gaps included.
  if (metric === 'resolution_time') return end > start ? [[start, end]] : [];
  const counted = runsIn[metric];
  const segments: [number, number][] = [];
  facts.statuses.forEach((change, i) => {
    const from = Math.max(change.at, start);
    const to = Math.min(facts.statuses[i + 1]?.at ?? Infinity, end);
    if (to > from && counted.includes(change.status)) segments.push([from, to]);
  });
  return segments;
}

function cyclesOf(facts: SlaFacts, metric: SlaMetric) {
  switch (metric) {
    case 'first_reply_time':
      return [firstReplyCycle(facts)];
    case 'next_reply_time':
      return nextReplyCycles(facts);
    case 'periodic_update_time':
    case 'pausable_update_time':
      return updateCycles(facts);
    case 'resolution_time':
    case 'requester_wait_time':
    case 'agent_work_time':
      return [wholeLifeCycle(facts)];
  }
}

/** Counts a cycle's running time against its target: elapsed, when it crossed, when it is due. */
function measureCycle(
  facts: SlaFacts,
  target: SlaTarget,
  cycle: { start: number; stop: number | null },
  index: number,
  measure: Measure,
  now: number,
  carry?: CarriedTime,
): ClockCycle {
  const end = Math.min(cycle.stop ?? now, now);
  let elapsedMs = carry?.elapsedMs ?? 0;
  let remaining = Math.max(0, target.targetMs - elapsedMs);
  let breachedAt: number | null = carry?.breachedAt ?? (carry && remaining === 0 ? carry.at : null);
  // Carried time stands for everything before `carry.at`; only what follows is counted here.
  const countFrom = Math.max(cycle.start, carry?.at ?? cycle.start);
  for (const [from, to] of runningSegments(facts, target.metric, countFrom, end)) {
    const counted = measure.between(from, to);
    if (breachedAt === null && counted >= remaining) {
      breachedAt = measure.add(from, remaining) ?? to;
    }
    remaining -= Math.min(counted, remaining);
    elapsedMs += counted;
  }
  const stopped = cycle.stop !== null && cycle.stop <= now;
  const running =
    !stopped &&
    (target.metric === 'resolution_time' || runsIn[target.metric].includes(statusAt(facts, now)));
  return {
    metric: target.metric,
    cycle: index,
    startedAt: cycle.start,
    stoppedAt: stopped ? cycle.stop : null,
    state: stopped ? 'fulfilled' : running ? 'running' : 'paused',
    targetMs: target.targetMs,
    businessHours: target.businessHours,
    elapsedMs,
    dueAt: running ? (breachedAt ?? measure.add(now, remaining)) : null,
    breachedAt,
  };
}

/**
 * Every clock cycle of a conversation at `now`, for the given targets. Business-hours targets
 * count time on `timeline` (the calendar applied with the policy); without one they fall back
 * to calendar time.
 */
export function computeClocks(
  facts: SlaFacts,
  targets: SlaTarget[],
  timeline: BusinessTimeline | null,
  now: number,
  carried: CarriedTimes = {},
): ClockCycle[] {
  return targets.flatMap((target) => {
    const measure = target.businessHours && timeline ? timeline : calendarTime;
    const carry = multiEventMetrics.includes(target.metric) ? carried[target.metric] : undefined;
    return cyclesOf(facts, target.metric)
      .filter((cycle) => cycle.start <= now)
      .map((cycle, index) => measureCycle(facts, target, cycle, index, measure, now, carry));
  });
}

/** The clock a badge shows: a breached active one first, else the running one due soonest. */
export function badgeClock(cycles: ClockCycle[]): ClockCycle | null {
  const active = cycles.filter((c) => c.state !== 'fulfilled');
  const breached = active.filter((c) => c.breachedAt !== null);
  const pick = (list: ClockCycle[], key: (c: ClockCycle) => number) =>
    list.reduce<ClockCycle | null>((best, c) => (!best || key(c) < key(best) ? c : best), null);
  return (
    pick(breached, (c) => c.breachedAt!) ??
    pick(
      active.filter((c) => c.state === 'running'),
      (c) => c.dueAt ?? Infinity,
    ) ??
    pick(active, (c) => c.targetMs - c.elapsedMs)
  );
}
