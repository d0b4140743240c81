import type { FactsRow, TimelineRow } from '../../repositories/analytics-facts.repository.ts';
import type { BusinessCalendar } from '../sla/business-calendar.ts';
import { timelineFor } from '../sla/sla.service.ts';
import {
  type AuthorKind,
  type ConversationTimeline,
  type Status,
  computeConversationFacts,
} from './conversation-facts.ts';

/**
 * A conversation's timeline from its rows: the status it was created in is the first change's
 * `from` (else its status now); a status the row has without a timeline entry (a merge closes
 * the merged conversation) counts from the row's last update, as for the SLA clocks.
 */
export function timelineOf(row: TimelineRow): ConversationTimeline {
  const statuses = row.statuses.map(([at, , to]) => ({ at, to: to as Status }));
  const last = statuses.at(-1)?.to ?? ((row.statuses[0]?.[1] ?? row.status) as Status);
  if (last !== row.status) statuses.push({ at: row.updated_at, to: row.status as Status });
  return {
    createdAt: row.created_at,
    initialStatus: (row.statuses[0]?.[1] ?? row.status) as Status,
    statuses,
    messages: row.messages.map(([at, author]) => ({ at, author: author as AuthorKind })),
    initialAssignee: row.assignees.length ? row.assignees[0]![1] : row.assignee_id,
    assignees: row.assignees.map(([at, , to]) => ({ at, to })),
  };
}

const date = (at: number | null) => (at === null ? null : new Date(at));

/** The conversation_facts row of one conversation, business time on its calendar. */
export function factsRowOf(row: TimelineRow, fallback: BusinessCalendar | null): FactsRow {
  const calendar = row.calendar ?? fallback;
  const timeline = timelineFor(
    calendar,
    row.calendar ? (row.calendar_key ?? undefined) : undefined,
  );
  const f = computeConversationFacts(timelineOf(row), timeline);
  return {
    conversation_id: row.id,
    workspace_id: row.workspace_id,
    channel: row.channel,
    team_id: row.team_id,
    assignee_id: row.assignee_id,
    priority: row.priority,
    tier: row.tier,
    language: row.language,
    tag_ids: row.tag_ids,
    status: row.status,
    merged: row.merged,
    created_at: new Date(row.created_at),
    created_by_agent: f.createdByAgent,
    first_reply_at: date(f.firstReplyAt),
    first_solved_at: date(f.firstSolvedAt),
    solved_at: date(f.solvedAt),
    reopens: f.reopens,
    agent_replies: f.agentReplies,
    customer_messages_after_first: f.customerMessagesAfterFirst,
    one_touch: f.oneTouch,
    fcr: f.fcr,
    first_reply_ms: f.firstReplyMs.calendar,
    first_reply_business_ms: f.firstReplyMs.business,
    next_reply_ms: f.nextReplyMs.map((d) => d.calendar),
    next_reply_business_ms: f.nextReplyMs.flatMap((d) => (d.business === null ? [] : [d.business])),
    first_resolution_ms: f.firstResolutionMs.calendar,
    first_resolution_business_ms: f.firstResolutionMs.business,
    full_resolution_ms: f.fullResolutionMs.calendar,
    full_resolution_business_ms: f.fullResolutionMs.business,
    requester_wait_ms: f.requesterWaitMs.calendar,
    requester_wait_business_ms: f.requesterWaitMs.business,
    agent_work_ms: f.agentWorkMs.calendar,
    agent_work_business_ms: f.agentWorkMs.business,
    handling_ms: f.handlingMs.calendar,
    handling_business_ms: f.handlingMs.business,
  };
}
