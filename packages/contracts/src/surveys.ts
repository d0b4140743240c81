import { z } from 'zod';
import { AnalyticsGroupBy, reportFilters } from './analytics.ts';
import { Id, Locale, PageQuery, Timestamp, pageOf } from './common.ts';

/** CSAT (after a solve), NPS (0–10) and CES (1–7 agree/disagree); metrics.md §4. */
export const SurveyKind = z.enum(['csat', 'nps', 'ces']);
export type SurveyKind = z.infer<typeof SurveyKind>;
/** How a survey reached the customer. */
export const SurveyDelivery = z.enum(['widget', 'email', 'api']);
export type SurveyDelivery = z.infer<typeof SurveyDelivery>;
/** Conversation channels Kefu surveys by itself: chats in the widget, email by mail. */
export const SurveyChannel = z.enum(['chat', 'email']);

/** The bucket of a score: CSAT good/bad, NPS promoter/passive/detractor, CES agree/neutral/disagree. */
export const SurveyRating = z.enum([
  'good',
  'bad',
  'promoter',
  'passive',
  'detractor',
  'agree',
  'neutral',
  'disagree',
]);
export type SurveyRating = z.infer<typeof SurveyRating>;

const Label = z.string().trim().min(1).max(100);
/** A reason a customer may give with a CSAT rating, in both languages. */
export const SurveyReason = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9][a-z0-9_-]*$/),
  en: Label,
  zh: Label,
});
export type SurveyReason = z.infer<typeof SurveyReason>;

/** Which surveys a workspace sends, when, and for how long they accept answers. */
export const SurveySettings = z.object({
  csatEnabled: z.boolean(),
  /** 2 (bad/good), 3 or 5 points. */
  csatScale: z.union([z.literal(2), z.literal(3), z.literal(5)]),
  csatReasons: z.array(SurveyReason),
  /** Whether the customer may add a comment. */
  csatComment: z.boolean(),
  npsEnabled: z.boolean(),
  /** transactional: after every solve; periodic: at most once per customer per interval. */
  npsMode: z.enum(['transactional', 'periodic']),
  npsIntervalDays: z.number().int(),
  cesEnabled: z.boolean(),
  /** Conversation channels surveyed after a solve (others: through the API). */
  channels: z.array(SurveyChannel),
  /** Minutes between the solve and the survey. */
  delayMinutes: z.number().int(),
  /** Days a survey accepts answers (and changes) after it was sent; never after Closed. */
  windowDays: z.number().int(),
});
export type SurveySettings = z.infer<typeof SurveySettings>;

export const UpdateSurveySettingsBody = z.strictObject({
  csatEnabled: z.boolean(),
  csatScale: z.union([z.literal(2), z.literal(3), z.literal(5)]),
  csatReasons: z
    .array(SurveyReason)
    .max(12)
    .refine((list) => new Set(list.map((r) => r.id)).size === list.length, {
      message: 'Each reason needs its own id',
    }),
  csatComment: z.boolean(),
  npsEnabled: z.boolean(),
  npsMode: z.enum(['transactional', 'periodic']),
  npsIntervalDays: z.number().int().min(1).max(3650),
  cesEnabled: z.boolean(),
  channels: z.array(SurveyChannel).max(2),
  delayMinutes: z.number().int().min(0).max(43_200),
  windowDays: z.number().int().min(1).max(365),
});

/** A customer's answer. `agentId`/`teamId`: the conversation's at the time of the rating. */
export const SurveyAnswer = z.object({
  score: z.number().int(),
  rating: SurveyRating,
  reasons: z.array(z.string()),
  /** The picked reasons with their text (a reason removed since keeps its id as text). */
  reasonLabels: z.array(SurveyReason),
  comment: z.string().nullable(),
  agentId: Id.nullable(),
  teamId: Id.nullable(),
  answeredAt: Timestamp,
  updatedAt: Timestamp,
});

/** One survey put to a customer about a conversation, with its answer once given. */
export const SurveyRequest = z.object({
  id: Id,
  kind: SurveyKind,
  conversationId: Id,
  customerId: Id,
  channel: SurveyDelivery,
  /** The conversation's assignee and team when the survey was sent. */
  agentId: Id.nullable(),
  teamId: Id.nullable(),
  /** Points on the scale: 2, 3 or 5 (CSAT), 11 (NPS 0–10), 7 (CES 1–7). */
  scale: z.number().int(),
  locale: Locale,
  status: z.enum(['pending', 'sent', 'answered', 'failed']),
  sentAt: Timestamp.nullable(),
  expiresAt: Timestamp,
  createdAt: Timestamp,
  response: SurveyAnswer.nullable(),
});
export type SurveyRequest = z.infer<typeof SurveyRequest>;
export const SurveyRequestList = z.object({ items: z.array(SurveyRequest) });

/** A survey for another channel (an API client delivers it). */
export const CreateSurveyRequestBody = z.strictObject({
  conversationId: Id,
  kind: SurveyKind,
  /** The customer's language; by default theirs, else the workspace's. */
  locale: Locale.optional(),
});
/** The new request and its signed one-click links, one per score, to put in a message. */
export const CreatedSurveyRequest = SurveyRequest.extend({
  links: z.array(z.object({ score: z.number().int(), url: z.string() })),
});

export const SubmitSurveyResponseBody = z.strictObject({
  score: z.number().int().min(0).max(10),
  /** Ids of the workspace's CSAT reasons. */
  reasons: z.array(z.string().max(40)).max(12).optional(),
  comment: z.string().trim().max(2000).optional(),
});

/** A survey as the widget shows it to the visitor. */
export const VisitorSurvey = z.object({
  id: Id,
  kind: SurveyKind,
  scale: z.number().int(),
  /** The workspace's name, for the CES statement. */
  workspaceName: z.string(),
  reasons: z.array(SurveyReason),
  commentEnabled: z.boolean(),
  /** Whether it still accepts answers (inside the window, conversation not closed). */
  open: z.boolean(),
  expiresAt: Timestamp,
  response: z
    .object({
      score: z.number().int(),
      reasons: z.array(z.string()),
      comment: z.string().nullable(),
    })
    .nullable(),
});
export type VisitorSurvey = z.infer<typeof VisitorSurvey>;
export const VisitorSurveyList = z.object({ items: z.array(VisitorSurvey) });

/** A range of answers, by the time each was first given. */
export const SurveyRangeQuery = z.strictObject({ from: Timestamp, to: Timestamp });

export const SurveyResponsesQuery = z.strictObject({
  from: Timestamp,
  to: Timestamp,
  kind: SurveyKind.optional(),
  ...PageQuery,
});

/** One response in a list or report, with its attribution. */
export const SurveyResponseItem = z.object({
  requestId: Id,
  kind: SurveyKind,
  conversationId: Id,
  conversationNumber: z.number().int(),
  customerId: Id,
  channel: SurveyDelivery,
  agentId: Id.nullable(),
  teamId: Id.nullable(),
  score: z.number().int(),
  scale: z.number().int(),
  rating: SurveyRating,
  reasons: z.array(z.string()),
  comment: z.string().nullable(),
  locale: z.string(),
  answeredAt: Timestamp,
  updatedAt: Timestamp,
});
export type SurveyResponseItem = z.infer<typeof SurveyResponseItem>;
export const SurveyResponsePage = pageOf(SurveyResponseItem);

/** The scores of a set of responses (metrics.md §4); null percentages when nothing counted. */
export const SurveyScores = z.object({
  csat: z.object({ good: z.number(), bad: z.number(), percent: z.number().nullable() }),
  nps: z.object({
    responses: z.number(),
    promoters: z.number(),
    passives: z.number(),
    detractors: z.number(),
    score: z.number().nullable(),
  }),
  ces: z.object({
    responses: z.number(),
    mean: z.number().nullable(),
    agreePercent: z.number().nullable(),
    /** Responses per score 1–7 (index 0 is score 1). */
    distribution: z.array(z.number()),
  }),
});
export type SurveyScores = z.infer<typeof SurveyScores>;

/** The report's range, the slices of every report, and the series' buckets. */
export const SurveyReportQuery = z.strictObject({
  ...reportFilters,
  groupBy: AnalyticsGroupBy.default('day'),
});

export const SurveyReport = z.object({
  from: Timestamp,
  to: Timestamp,
  timezone: z.string(),
  groupBy: AnalyticsGroupBy,
  overall: SurveyScores,
  /** The scores per bucket of the first answer, in the workspace's time zone. */
  series: z.array(SurveyScores.extend({ label: z.string(), start: Timestamp, end: Timestamp })),
  byAgent: z.array(SurveyScores.extend({ agentId: Id.nullable() })),
  byTeam: z.array(SurveyScores.extend({ teamId: Id.nullable() })),
  /** The latest responses with a comment (up to 50), verbatim. */
  comments: z.array(SurveyResponseItem),
});
export type SurveyReport = z.infer<typeof SurveyReport>;
