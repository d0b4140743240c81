import { z } from 'zod';
import { Id, Name, Timestamp } from './common.ts';
import { Channel, Priority } from './conversations.ts';

/**
 * Presence, capacity, skills and routing.
 *
 * - `GET /api/v1/me/status` → MyStatus; `PUT /api/v1/me/status` SetMyStatusBody → MyStatus
 * - `GET|PATCH /api/v1/routing/settings` (admin): default capacity, away reasons, auto-away
 * - `GET|POST /api/v1/skills`, `DELETE /api/v1/skills/:id` (admin)
 * - `GET /api/v1/routing/agents`, `PUT /api/v1/routing/agents/:id` (admin): capacity, skills
 * - `GET /api/v1/routing/teams`, `PUT /api/v1/routing/teams/:id` (admin): strategy and settings
 * - `GET /api/v1/routing/queues` (supervisor): waiting, longest wait, agents per team
 * - `POST /api/v1/conversations/:id/accept`: the offered agent takes the conversation
 * - `GET /api/v1/me/offers` → MyOffers: what is offered to the caller now
 * - `GET /api/v1/widget/conversations/:id/queue` (visitor): position and estimated wait
 */
export const PresenceStatus = z.enum(['online', 'away', 'offline']);
export type PresenceStatus = z.infer<typeof PresenceStatus>;
export const RoutingStrategy = z.enum(['manual', 'round_robin', 'balanced', 'skills', 'sticky']);
export type RoutingStrategy = z.infer<typeof RoutingStrategy>;

const AwayReason = z.string().trim().min(1).max(60);
/** Open conversations an agent may hold per channel (0: never routed that channel). */
export const Capacity = z.partialRecord(Channel, z.number().int().min(0).max(100));
export type Capacity = z.infer<typeof Capacity>;
export const FullCapacity = z.record(Channel, z.number().int().min(0).max(100));

export const MyStatus = z.object({
  status: PresenceStatus,
  awayReason: z.string().nullable(),
  /** Connected now (a live workspace tab seen in the last two minutes). */
  connected: z.boolean(),
  awayReasons: z.array(z.string()),
  autoAwayMinutes: z.number().int(),
});
export type MyStatus = z.infer<typeof MyStatus>;
export const SetMyStatusBody = z.strictObject({
  status: PresenceStatus,
  /** One of the workspace's away reasons (only with `away`). */
  awayReason: AwayReason.nullable().optional(),
});

/** The team a new conversation of a channel joins when it has none. */
export const ChannelTeams = z.partialRecord(Channel, Id);
export const RoutingSettings = z.object({
  defaultCapacity: FullCapacity,
  channelTeams: ChannelTeams,
  awayReasons: z.array(z.string()),
  autoAwayMinutes: z.number().int(),
});
export type RoutingSettings = z.infer<typeof RoutingSettings>;
export const UpdateRoutingSettingsBody = z.strictObject({
  defaultCapacity: Capacity.optional(),
  channelTeams: ChannelTeams.optional(),
  awayReasons: z.array(AwayReason).max(20).optional(),
  autoAwayMinutes: z.number().int().min(0).max(480).optional(),
});

export const Skill = z.object({ id: Id, name: z.string() });
export type Skill = z.infer<typeof Skill>;
export const SkillList = z.object({ items: z.array(Skill) });
export const CreateSkillBody = z.strictObject({ name: Name.max(60) });

export const AgentSkill = z.object({ skillId: Id, level: z.number().int().min(1).max(10) });
export const AgentRouting = z.object({
  userId: Id,
  name: z.string(),
  status: PresenceStatus,
  awayReason: z.string().nullable(),
  connected: z.boolean(),
  /** The agent's own overrides; channels not listed use the workspace default. */
  capacity: Capacity,
  effectiveCapacity: FullCapacity,
  skills: z.array(AgentSkill),
});
export type AgentRouting = z.infer<typeof AgentRouting>;
export const AgentRoutingList = z.object({ items: z.array(AgentRouting) });
export const UpdateAgentRoutingBody = z.strictObject({
  capacity: Capacity.optional(),
  skills: z.array(AgentSkill).max(100).optional(),
});

export const SkillRequirement = z.object({
  skillId: Id,
  minLevel: z.number().int().min(1).max(10),
  optional: z.boolean(),
});
export const TeamRouting = z.object({
  teamId: Id,
  teamName: z.string(),
  strategy: RoutingStrategy,
  offerTimeoutSeconds: z.number().int().nullable(),
  overflowTeamId: Id.nullable(),
  overflowAfterSeconds: z.number().int().nullable(),
  requeueOnOffline: z.boolean(),
  requiredSkills: z.array(SkillRequirement),
  skillRelaxSeconds: z.number().int().nullable(),
});
export type TeamRouting = z.infer<typeof TeamRouting>;
export const TeamRoutingList = z.object({ items: z.array(TeamRouting) });
export const UpdateTeamRoutingBody = z.strictObject({
  strategy: RoutingStrategy.optional(),
  offerTimeoutSeconds: z.number().int().min(5).max(3600).nullable().optional(),
  overflowTeamId: Id.nullable().optional(),
  overflowAfterSeconds: z.number().int().min(10).max(86400).nullable().optional(),
  requeueOnOffline: z.boolean().optional(),
  requiredSkills: z.array(SkillRequirement).max(20).optional(),
  skillRelaxSeconds: z.number().int().min(0).max(86400).nullable().optional(),
});

export const QueueSummary = z.object({
  teamId: Id,
  teamName: z.string(),
  strategy: RoutingStrategy,
  waiting: z.number().int(),
  /** Conversations offered to an agent and not yet accepted. */
  offered: z.number().int(),
  longestWaitSeconds: z.number().int().nullable(),
  agentsOnline: z.number().int(),
  /** Online agents with room for at least one more conversation. */
  agentsAvailable: z.number().int(),
});
export type QueueSummary = z.infer<typeof QueueSummary>;
export const QueueSummaryList = z.object({ items: z.array(QueueSummary), at: Timestamp });

/** A team's waiting conversations in queue order (the supervisor's drill-down of `waiting`). */
export const QueuedConversationList = z.object({
  items: z.array(
    z.object({
      /** 1 = next. */
      position: z.number().int(),
      conversationId: Id,
      number: z.number().int(),
      subject: z.string().nullable(),
      channel: z.string(),
      priority: Priority,
      vip: z.boolean(),
      customerName: z.string().nullable(),
      queuedAt: Timestamp,
      slaDueAt: Timestamp.nullable(),
    }),
  ),
  /** Every waiting conversation of the team, listed or not. */
  total: z.number().int(),
});
export type QueuedConversationList = z.infer<typeof QueuedConversationList>;
export const QueuedConversationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** How many of the queue's head to skip: the next page starts at position offset + 1. */
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const QueuePosition = z.object({
  queued: z.boolean(),
  /** 1 = next. */
  position: z.number().int().nullable(),
  estimatedWaitMinutes: z.number().int().nullable(),
});
export type QueuePosition = z.infer<typeof QueuePosition>;

/** Conversations routing offered the caller and they have not accepted yet. */
export const MyOffers = z.object({
  items: z.array(z.object({ conversationId: Id, number: z.number().int(), expiresAt: Timestamp })),
});
export type MyOffers = z.infer<typeof MyOffers>;
