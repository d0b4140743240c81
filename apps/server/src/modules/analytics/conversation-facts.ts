/**
 * One conversation's report facts, computed from its timeline only (pure: no IO, no clock), so
 * the stored rows (`conversation_facts`) can always be recomputed and compared. Definitions
 * follow metrics.md:
 *
 * - First reply time (§1, Zendesk): creation → first public agent comment; when an agent created
 *   the conversation with a public first comment, the second one. Bot and system messages never
 *   count.
 * - Next reply time (§2 `next_reply_time`, as a report): each oldest unanswered public customer
 *   message after the first reply → the next public agent comment (exchanges an agent answered).
 * - First resolution (§1): creation → the first time the status became solved (or closed).
 * - Full resolution (§1): creation → the latest solve; null unless solved or closed now.
 * - Requester wait (§1): time in new + open + on hold; agent work (§2): time in new + open;
 *   both up to the latest solve, null until solved ("null until both events have occurred").
 * - Handling time (§5, Intercom's conversation handling time): time the conversation was new or
 *   open with an agent assigned, counted once solved.
 * - Reopens (§5): solved → a status that is not solved or closed.
 * - One-touch (§5, Zendesk Explore): fewer than 2 agent replies and solved or closed now (zero
 *   replies included). An agent's creating comment is the conversation's start, not a reply.
 * - FCR (§5, Freshservice variant): solved or closed now with zero public customer messages
 *   after the initial contact, up to the solve.
 */
import type { BusinessTimeline } from '../sla/business-calendar.ts';

export type Status = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
export type AuthorKind = 'customer' | 'agent' | 'bot' | 'system';

export interface ConversationTimeline {
  createdAt: number;
  /** The status the conversation was created in. */
  initialStatus: Status;
  /** Every status change, oldest first. */
  statuses: { at: number; to: Status }[];
  /** Every public message, oldest first (the one it was created with included). */
  messages: { at: number; author: AuthorKind }[];
  /** The assignee at creation, then every change, oldest first (null = unassigned). */
  initialAssignee: string | null;
  assignees: { at: number; to: string | null }[];
}

export interface ConversationFacts {
  createdByAgent: boolean;
  firstReplyAt: number | null;
  firstSolvedAt: number | null;
  solvedAt: number | null;
  reopens: number;
  agentReplies: number;
  customerMessagesAfterFirst: number;
  oneTouch: boolean;
  fcr: boolean;
  firstReplyMs: Duration;
  nextReplyMs: { calendar: number; business: number | null }[];
  firstResolutionMs: Duration;
  fullResolutionMs: Duration;
  requesterWaitMs: Duration;
  agentWorkMs: Duration;
  handlingMs: Duration;
}

/** A duration in calendar and business time; null until both its events happened. */
export interface Duration {
  calendar: number | null;
  business: number | null;
}

const isResolved = (status: Status) => status === 'solved' || status === 'closed';
const none: Duration = { calendar: null, business: null };

function span(timeline: BusinessTimeline | null, from: number, to: number | null): Duration {
  if (to === null) return none;
  return { calendar: to - from, business: timeline ? timeline.between(from, to) : null };
}

/** The status from creation on, as [from, to) runs ending at `end`. */
function statusRuns(t: ConversationTimeline, end: number) {
  const points = [{ at: t.createdAt, to: t.initialStatus }, ...t.statuses];
  return points
    .map((p, i) => ({ from: p.at, to: Math.min(points[i + 1]?.at ?? end, end), status: p.to }))
    .filter((run) => run.to > run.from);
}

/** Sums the parts of [createdAt, end) that satisfy `counts`, in calendar and business time. */
function sumWhere(
  t: ConversationTimeline,
  timeline: BusinessTimeline | null,
  end: number | null,
  counts: (status: Status, at: number) => boolean,
): Duration {
  if (end === null) return none;
  const cuts = [t.createdAt, ...t.statuses.map((s) => s.at), ...t.assignees.map((a) => a.at), end]
    .filter((at) => at >= t.createdAt && at <= end)
    .sort((a, b) => a - b);
  let calendar = 0;
  let business = 0;
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    if (to <= from || !counts(statusAt(t, from), from)) continue;
    calendar += to - from;
    business += timeline ? timeline.between(from, to) : 0;
  }
  return { calendar, business: timeline ? business : null };
}

function statusAt(t: ConversationTimeline, at: number): Status {
  let status = t.initialStatus;
  for (const change of t.statuses) if (change.at <= at) status = change.to;
  return status;
}

function assigneeAt(t: ConversationTimeline, at: number): string | null {
  let assignee = t.initialAssignee;
  for (const change of t.assignees) if (change.at <= at) assignee = change.to;
  return assignee;
}

/** When the current resolved run began (the latest solve), if the conversation is resolved. */
function latestSolve(t: ConversationTimeline): number | null {
  const runs = statusRuns(t, Infinity);
  if (!isResolved(runs.at(-1)?.status ?? t.initialStatus)) return null;
  let at = runs.at(-1)!.from;
  for (let i = runs.length - 1; i >= 0 && isResolved(runs[i]!.status); i -= 1) at = runs[i]!.from;
  return at;
}

function replyFacts(t: ConversationTimeline, timeline: BusinessTimeline | null) {
  const first = t.messages[0];
  const createdByAgent = first?.author === 'agent';
  const agentMessages = t.messages.filter((m) => m.author === 'agent');
  const replies = createdByAgent ? agentMessages.slice(1) : agentMessages;
  const firstReplyAt = replies[0]?.at ?? null;
  const nextReplyMs: ConversationFacts['nextReplyMs'] = [];
  if (firstReplyAt !== null) {
    let waiting: number | null = null;
    for (const message of t.messages) {
      if (message.at <= firstReplyAt) continue;
      if (message.author === 'customer' && waiting === null) waiting = message.at;
      else if (message.author === 'agent' && waiting !== null) {
        const d = span(timeline, waiting, message.at);
        nextReplyMs.push({ calendar: d.calendar!, business: d.business });
        waiting = null;
      }
    }
  }
  return {
    createdByAgent,
    firstReplyAt,
    agentReplies: replies.length,
    firstReplyMs: span(timeline, t.createdAt, firstReplyAt),
    nextReplyMs,
  };
}

/** Computes a conversation's facts from its timeline; business time on `timeline` if given. */
export function computeConversationFacts(
  t: ConversationTimeline,
  timeline: BusinessTimeline | null,
): ConversationFacts {
  const replies = replyFacts(t, timeline);
  const firstSolvedAt = isResolved(t.initialStatus)
    ? t.createdAt
    : (t.statuses.find((s) => isResolved(s.to))?.at ?? null);
  const solvedAt = latestSolve(t);
  let reopens = 0;
  let previous = t.initialStatus;
  for (const change of t.statuses) {
    if (previous === 'solved' && !isResolved(change.to)) reopens += 1;
    previous = change.to;
  }
  const firstCustomer = t.messages[0]?.author === 'customer' ? 1 : 0;
  const customerMessagesAfterFirst = Math.max(
    0,
    t.messages.filter((m) => m.author === 'customer' && (solvedAt === null || m.at <= solvedAt))
      .length - firstCustomer,
  );
  const resolved = solvedAt !== null;
  return {
    createdByAgent: replies.createdByAgent,
    firstReplyAt: replies.firstReplyAt,
    firstSolvedAt,
    solvedAt,
    reopens,
    agentReplies: replies.agentReplies,
    customerMessagesAfterFirst,
    oneTouch: resolved && replies.agentReplies < 2,
    fcr: resolved && customerMessagesAfterFirst === 0,
    firstReplyMs: replies.firstReplyMs,
    nextReplyMs: replies.nextReplyMs,
    firstResolutionMs: span(timeline, t.createdAt, firstSolvedAt),
    fullResolutionMs: span(timeline, t.createdAt, solvedAt),
    requesterWaitMs: sumWhere(t, timeline, solvedAt, (s) => ['new', 'open', 'on_hold'].includes(s)),
    agentWorkMs: sumWhere(t, timeline, solvedAt, (s) => s === 'new' || s === 'open'),
    handlingMs: sumWhere(
      t,
      timeline,
      solvedAt,
      (s, at) => (s === 'new' || s === 'open') && assigneeAt(t, at) !== null,
    ),
  };
}
