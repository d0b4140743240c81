import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { Conversation, ConversationStatus, Message } from './conversations.ts';
import type { ErrorCode } from './errors.ts';
import { DeliveryStatus } from './email.ts';
import { PresenceStatus } from './routing.ts';
import { SlaMetric } from './sla-badge.ts';
import {
  type AgentPresenceFrame,
  type AgentReadFrame,
  AgentTypingFrame,
  AgentViewingFrame,
} from './widget.ts';

/**
 * The typed realtime event map. Each event carries a position that increases by one per
 * workspace, so a client that reconnects with its last position misses nothing.
 */
export const eventPayloads = {
  'conversation.created': z.object({ conversation: Conversation }),
  'conversation.updated': z.object({
    conversation: Conversation,
    changes: z.array(z.string()),
    /**
     * The fields inbox counts depend on, as they were before this change (equal to the new
     * ones when none of them changed), so a client can adjust its counts without a request
     * (`countChangeOf` in inbox-counts.ts). Events stored before this field existed lack it.
     */
    previous: z.object({
      status: ConversationStatus,
      assigneeId: Id.nullable(),
      teamId: Id.nullable(),
      mergedIntoId: Id.nullable(),
    }),
  }),
  'message.created': z.object({ message: Message }),
  /** An email reply moved on its way: queued, sending, sent, failed (with the reason), bounced. */
  'message.delivery': z.object({
    messageId: Id,
    conversationId: Id,
    status: DeliveryStatus,
    error: z.string().nullable(),
  }),
  /** An SLA clock reached its warning time or its target (a policy's notify action). */
  'sla.alert': z.object({
    conversationId: Id,
    number: z.number().int(),
    kind: z.enum(['warning', 'breach']),
    metric: SlaMetric,
    dueAt: Timestamp.nullable(),
    assigneeId: Id.nullable(),
    teamId: Id.nullable(),
  }),
  /** A trigger's or time rule's notify action: shown to the assignee (or everyone, unassigned). */
  'automation.notice': z.object({
    conversationId: Id,
    number: z.number().int(),
    text: z.string(),
    ruleName: z.string(),
    assigneeId: Id.nullable(),
    teamId: Id.nullable(),
  }),
  /** A procedure step was ticked or unticked on a conversation. */
  'procedure.changed': z.object({ conversationId: Id, procedureId: Id }),
  /** An agent set their status (online, away with a reason, offline): supervisors' live views. */
  'agent.status': z.object({
    userId: Id,
    status: PresenceStatus,
    awayReason: z.string().nullable(),
  }),
  'assignment.changed': z.object({
    conversationId: Id,
    assigneeId: Id.nullable(),
    previousAssigneeId: Id.nullable(),
    teamId: Id.nullable(),
  }),
} as const;

export type EventType = keyof typeof eventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;

export interface RealtimeEvent<T extends EventType = EventType> {
  position: number;
  type: T;
  workspaceId: string;
  conversationId: string | null;
  /** Internal-only events (notes) never reach customer-facing subscribers. */
  internal: boolean;
  payload: EventPayload<T>;
  createdAt: string;
}

/** What a realtime subscription follows: the whole workspace, or one conversation. */
export const RealtimeTopic = z.enum(['workspace', 'conversation']);
export type RealtimeTopic = z.infer<typeof RealtimeTopic>;

/**
 * Messages a client sends on the socket (`GET /api/v1/realtime`, text frames of JSON). Frames
 * are handled one at a time in the order sent, so replies come back in the same order.
 */
export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('subscribe'),
    topic: RealtimeTopic,
    /** The workspace (optional; only the caller's own) or the conversation (required). */
    id: Id.optional(),
    /** The last position the client saw; everything after it is replayed first. */
    since: z.number().int().min(0).optional(),
  }),
  z.strictObject({
    type: z.literal('unsubscribe'),
    topic: RealtimeTopic,
    id: Id.optional(),
  }),
  z.strictObject({ type: z.literal('ping') }),
  /** Presence signals (widget.ts): what this agent is writing, and which conversation is open. */
  AgentTypingFrame,
  AgentViewingFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** Messages the server sends on the socket. */
export type ServerFrame =
  /** First frame after a successful connect. `userId` is null for API tokens. */
  | { type: 'ready'; userId: string | null; workspaceId: string }
  /** `position` is the workspace's latest event position when the subscription started. */
  | { type: 'subscribed'; topic: RealtimeTopic; id: string; position: number }
  | { type: 'unsubscribed'; topic: RealtimeTopic; id: string }
  | { type: 'event'; event: RealtimeEvent }
  /** `topic` and `id` name the subscribe or unsubscribe frame that failed, if one did. */
  | {
      type: 'error';
      code: ErrorCode;
      message: string;
      field?: string;
      topic?: RealtimeTopic;
      id?: string;
    }
  | { type: 'pong' }
  | AgentPresenceFrame
  | AgentReadFrame;

/** WebSocket close codes the realtime gateway uses besides the standard ones (1001, 1009, …). */
export const realtimeCloseCodes = {
  /** No credentials, bad ones, or the session or token was revoked while connected. */
  unauthenticated: 4401,
  /** Authenticated, but not allowed to read conversations (an API token without the scope). */
  forbidden: 4403,
} as const;

export const RealtimeEventSchema = z.object({
  position: z.number().int(),
  type: z.enum(Object.keys(eventPayloads) as [EventType, ...EventType[]]),
  workspaceId: Id,
  conversationId: Id.nullable(),
  internal: z.boolean(),
  payload: z.unknown(),
  createdAt: Timestamp,
});
