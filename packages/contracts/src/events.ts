import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { Conversation, Message } from './conversations.ts';

/**
 * The typed realtime event map. Each event carries a position that increases by one per
 * workspace, so a client that reconnects with its last position misses nothing.
 */
export const eventPayloads = {
  'conversation.created': z.object({ conversation: Conversation }),
  'conversation.updated': z.object({ conversation: Conversation, changes: z.array(z.string()) }),
  'message.created': z.object({ message: Message }),
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

/** Messages a client sends on the socket. */
export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('subscribe'),
    topic: z.enum(['workspace', 'conversation']),
    id: Id.optional(),
    /** The last position the client saw; everything after it is replayed first. */
    since: z.number().int().min(0).optional(),
  }),
  z.strictObject({
    type: z.literal('unsubscribe'),
    topic: z.enum(['workspace', 'conversation']),
    id: Id.optional(),
  }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** Messages the server sends on the socket. */
export type ServerFrame =
  | { type: 'ready'; userId: string; workspaceId: string }
  | { type: 'subscribed'; topic: string; id: string | null; position: number }
  | { type: 'event'; event: RealtimeEvent }
  | { type: 'error'; code: string; message: string }
  | { type: 'pong' };

export const RealtimeEventSchema = z.object({
  position: z.number().int(),
  type: z.enum(Object.keys(eventPayloads) as [EventType, ...EventType[]]),
  workspaceId: Id,
  conversationId: Id.nullable(),
  internal: z.boolean(),
  payload: z.unknown(),
  createdAt: Timestamp,
});
