import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { Channel, ConversationStatus, Priority } from './conversations.ts';
import { CustomerTier } from './customers.ts';

/** Time buckets of a report's series, in the workspace's time zone. */
export const AnalyticsGroupBy = z.enum(['hour', 'day', 'week', 'month']);
export type AnalyticsGroupBy = z.infer<typeof AnalyticsGroupBy>;

/** Durations in calendar time, or in business hours (the SLA policy's calendar, else the workspace's first). */
export const AnalyticsBasis = z.enum(['calendar', 'business']);
export type AnalyticsBasis = z.infer<typeof AnalyticsBasis>;

/** An id, or `none` for "no team" / "unassigned". */
const IdOrNone = z.union([Id, z.literal('none')]);

/**
 * Date range and slices every report takes (the analytics reports, and the survey and bot
 * reports of their modules, so one filter bar applies to every tab).
 */
export const reportFilters = {
  from: Timestamp,
  to: Timestamp,
  channel: Channel.optional(),
  teamId: IdOrNone.optional(),
  agentId: IdOrNone.optional(),
  priority: Priority.optional(),
  tagId: Id.optional(),
  tier: CustomerTier.optional(),
  /** The customer's language (locale), e.g. zh-CN; `none` for customers without one. */
  language: z.string().trim().min(1).max(35).optional(),
};

const filters = reportFilters;

export const AnalyticsQuery = z.strictObject({
  ...filters,
  groupBy: AnalyticsGroupBy.default('day'),
  basis: AnalyticsBasis.default('calendar'),
});
export type AnalyticsQuery = z.input<typeof AnalyticsQuery>;

/** Dimensions a breakdown groups by. */
export const AnalyticsDimension = z.enum([
  'agent',
  'team',
  'channel',
  'priority',
  'tier',
  'language',
  'tag',
]);
export type AnalyticsDimension = z.infer<typeof AnalyticsDimension>;

export const AnalyticsBreakdownQuery = z.strictObject({
  ...filters,
  by: AnalyticsDimension,
  basis: AnalyticsBasis.default('calendar'),
});

/** Duration metrics (metrics.md §1, §2, §5), in the requested basis. */
export const DurationMetric = z.enum([
  'first_reply',
  'next_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'agent_work',
  'handling',
]);
export type DurationMetric = z.infer<typeof DurationMetric>;

/** Mean, median and 90th percentile in whole milliseconds (null with no value). */
export const DurationStats = z.object({
  count: z.number().int(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});
export type DurationStats = z.infer<typeof DurationStats>;

export const AnalyticsDurations = z.object(
  Object.fromEntries(DurationMetric.options.map((m) => [m, DurationStats])) as Record<
    DurationMetric,
    typeof DurationStats
  >,
);
export type AnalyticsDurations = z.infer<typeof AnalyticsDurations>;

/** Counts over the range (metrics.md §5; created and solved as Freshservice defines them). */
export const AnalyticsCounts = z.object({
  /** Conversations created in the range. */
  created: z.number().int(),
  /** Conversations solved or closed now whose latest solve falls in the range. */
  solved: z.number().int(),
  /** Conversations created in the range that were reopened at least once. */
  reopened: z.number().int(),
  /** Solved ones with fewer than two agent replies (Zendesk Explore one-touch). */
  oneTouch: z.number().int(),
  /** Solved ones with no customer message after the first contact (Freshservice FCR). */
  fcr: z.number().int(),
  /** SLA clock cycles that ended in the range, and those that met their target. */
  slaTotal: z.number().int(),
  slaAchieved: z.number().int(),
});
export type AnalyticsCounts = z.infer<typeof AnalyticsCounts>;

export const AnalyticsSeriesPoint = z.object({
  /** The bucket in the workspace's time zone (hour, day, week from Monday, or month). */
  label: z.string(),
  start: Timestamp,
  end: Timestamp,
  created: z.number().int(),
  solved: z.number().int(),
  firstReplyMedianMs: z.number().nullable(),
  fullResolutionMedianMs: z.number().nullable(),
});
export type AnalyticsSeriesPoint = z.infer<typeof AnalyticsSeriesPoint>;

export const AnalyticsOverview = z.object({
  from: Timestamp,
  to: Timestamp,
  timezone: z.string(),
  groupBy: AnalyticsGroupBy,
  basis: AnalyticsBasis,
  counts: AnalyticsCounts,
  /** Unsolved, unmerged conversations now, whatever their creation date (Freshservice). */
  backlog: z.number().int(),
  durations: AnalyticsDurations,
  series: z.array(AnalyticsSeriesPoint),
});
export type AnalyticsOverview = z.infer<typeof AnalyticsOverview>;

export const AnalyticsBreakdownRow = z.object({
  /** Agent, team or tag id, channel, priority, tier or language; null = none. */
  key: z.string().nullable(),
  /** A name for ids (agent, team, tag), else the key. */
  label: z.string().nullable(),
  counts: AnalyticsCounts,
  backlog: z.number().int(),
  durations: AnalyticsDurations,
});
export type AnalyticsBreakdownRow = z.infer<typeof AnalyticsBreakdownRow>;

export const AnalyticsBreakdown = z.object({
  by: AnalyticsDimension,
  basis: AnalyticsBasis,
  rows: z.array(AnalyticsBreakdownRow),
});
export type AnalyticsBreakdown = z.infer<typeof AnalyticsBreakdown>;

export const AnalyticsSla = z.object({
  byMetric: z.array(
    z.object({
      metric: z.string(),
      total: z.number().int(),
      achieved: z.number().int(),
      breached: z.number().int(),
    }),
  ),
});
export type AnalyticsSla = z.infer<typeof AnalyticsSla>;

/** The numbers a drill-down lists the conversations behind. */
export const DrillMetric = z.enum([
  'created',
  'solved',
  'reopened',
  'one_touch',
  'fcr',
  'backlog',
  'sla_breached',
  // Survey responses first given in the range (agent and team: at the time of the rating).
  'csat_rated',
  'csat_good',
  'csat_bad',
  'nps_responses',
  'nps_promoter',
  'nps_passive',
  'nps_detractor',
  'ces_responses',
  'ces_agree',
  'ces_neutral',
  'ces_disagree',
  // Answer bot sessions started in the range, by outcome (resolved: confirmed or assumed).
  'bot_involved',
  'bot_resolved',
  'bot_confirmed',
  'bot_assumed',
  'bot_handed_over',
  'bot_unanswered',
  'bot_pending',
  // The conversations behind a duration's count, in the basis asked for: created in the range
  // with a first reply, or with at least one next-reply exchange; solved in the range with
  // that duration measured (business time: null without a calendar).
  ...DurationMetric.options,
]);
export type DrillMetric = z.infer<typeof DrillMetric>;

export const AnalyticsConversationsQuery = z.strictObject({
  ...filters,
  metric: DrillMetric,
  /** The duration metrics: which durations count (business: those a calendar measured). */
  basis: AnalyticsBasis.default('calendar'),
  /** sla_breached: only cycles of this SLA metric (e.g. first_reply_time). */
  slaMetric: z.string().trim().min(1).max(40).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AnalyticsConversation = z.object({
  id: Id,
  number: z.number().int(),
  subject: z.string().nullable(),
  status: ConversationStatus,
  channel: Channel,
  priority: Priority,
  createdAt: Timestamp,
  solvedAt: Timestamp.nullable(),
  /** In the basis asked for (business: null without a calendar). */
  firstReplyMs: z.number().nullable(),
  fullResolutionMs: z.number().nullable(),
});
export type AnalyticsConversation = z.infer<typeof AnalyticsConversation>;

export const AnalyticsConversationPage = z.object({
  items: z.array(AnalyticsConversation),
  nextCursor: z.string().nullable(),
});
export type AnalyticsConversationPage = z.infer<typeof AnalyticsConversationPage>;

/** The supervisor's live view. */
export const AnalyticsLive = z.object({
  at: Timestamp,
  queues: z.array(
    z.object({
      teamId: Id.nullable(),
      teamName: z.string().nullable(),
      waiting: z.number().int(),
      longestWaitSince: Timestamp.nullable(),
    }),
  ),
  /** Agents by status (online, away, disconnected: online without a tab open, offline). */
  agents: z.array(
    z.object({
      status: z.string(),
      count: z.number().int(),
      /** Who they are, by name, with their unsolved conversations (new, open, pending). */
      members: z.array(
        z.object({
          userId: Id,
          name: z.string(),
          awayReason: z.string().nullable(),
          unsolved: z.number().int(),
        }),
      ),
    }),
  ),
  aboutToBreach: z.array(
    z.object({
      conversationId: Id,
      number: z.number().int(),
      subject: z.string().nullable(),
      dueAt: Timestamp,
      breached: z.boolean(),
      assigneeName: z.string().nullable(),
    }),
  ),
});
export type AnalyticsLive = z.infer<typeof AnalyticsLive>;
