import { z } from 'zod';
import { Id, Locale, Timestamp } from './common.ts';
import { AnalyticsGroupBy, reportFilters } from './analytics.ts';

/** What the bot knows of a session's end (docs/ARCHITECTURE.md, Answer bot; metrics.md §6). */
export const BotOutcome = z.enum(['pending', 'confirmed', 'assumed', 'handed_over', 'unanswered']);
export type BotOutcome = z.infer<typeof BotOutcome>;

/** An OpenAI-compatible endpoint for generated answers; the key is write-only. */
export const BotLlmSettings = z.object({
  baseUrl: z.string(),
  model: z.string(),
  hasApiKey: z.boolean(),
  timeoutMs: z.number().int(),
});

export const AnswerBotSettings = z.object({
  enabled: z.boolean(),
  /** Answers need a retrieval confidence of at least this (0..1). */
  threshold: z.number(),
  /** A session answered and not confirmed counts as resolved when the customer stays away this long. */
  windowHours: z.number().int(),
  /** Null: no generated answers, and nothing leaves the server. */
  llm: BotLlmSettings.nullable(),
});
export type AnswerBotSettings = z.infer<typeof AnswerBotSettings>;

const HttpUrl = z
  .url()
  .max(500)
  .refine((url) => /^https?:\/\//i.test(url), 'Give an http:// or https:// URL');

export const UpdateAnswerBotSettingsBody = z.strictObject({
  enabled: z.boolean().optional(),
  threshold: z.number().min(0).max(1).optional(),
  windowHours: z.number().int().min(1).max(720).optional(),
  llm: z
    .strictObject({
      baseUrl: HttpUrl,
      model: z.string().trim().min(1).max(200),
      /** Omit to keep the stored key; null to remove it. */
      apiKey: z.string().trim().min(1).max(500).nullable().optional(),
      timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
    })
    .nullable()
    .optional(),
});

/** Whether the widget should offer the bot (and in which languages it has articles). */
export const WidgetBotStatus = z.object({ enabled: z.boolean() });

export const BotQuestion = z.string().trim().min(1).max(1000);

export const BotSuggestionsQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  locale: Locale.optional(),
});

/** An article the widget can show or link to. */
export const BotArticle = z.object({
  id: Id,
  title: z.string(),
  /** The article on the help center (absolute path on Kefu's origin). */
  url: z.string().nullable(),
});

export const BotSuggestions = z.object({
  items: z.array(BotArticle.extend({ passage: z.string() })),
});

export const BotAskBody = z.strictObject({
  question: BotQuestion,
  /** The bot conversation to continue; omitted for the first question. */
  conversationId: Id.optional(),
  locale: Locale.optional(),
});

/** One answer (or honest decline) of the bot. */
export const BotTurn = z.object({
  id: Id,
  conversationId: Id,
  question: z.string(),
  answered: z.boolean(),
  confidence: z.number(),
  /** The quoted passage or the generated answer; null when the bot declined. */
  answer: z.string().nullable(),
  generated: z.boolean(),
  article: BotArticle.nullable(),
  /** Articles cited by a generated answer (the main article first). */
  citations: z.array(BotArticle),
  helpful: z.boolean().nullable(),
  createdAt: Timestamp,
});
export type BotTurn = z.infer<typeof BotTurn>;

export const BotFeedbackBody = z.strictObject({ helpful: z.boolean() });

export const BotSession = z.object({
  conversationId: Id,
  outcome: BotOutcome,
});

/** The report's range, the slices of every report, and the series' buckets. */
export const BotReportQuery = z.strictObject({
  ...reportFilters,
  groupBy: AnalyticsGroupBy.default('day'),
});

/** Counts of one bucket of the series (sessions by start, conversations by creation). */
export const BotSeriesPoint = z.object({
  label: z.string(),
  start: Timestamp,
  end: Timestamp,
  newConversations: z.number().int(),
  involved: z.number().int(),
  confirmed: z.number().int(),
  assumed: z.number().int(),
  automationRate: z.number().nullable(),
});
export type BotSeriesPoint = z.infer<typeof BotSeriesPoint>;

/** Counts and rates of metrics.md §6 over bot sessions started in [from, to). */
export const BotReport = z.object({
  from: Timestamp,
  to: Timestamp,
  timezone: z.string(),
  groupBy: AnalyticsGroupBy,
  newConversations: z.number().int(),
  involved: z.number().int(),
  confirmed: z.number().int(),
  assumed: z.number().int(),
  handedOver: z.number().int(),
  unanswered: z.number().int(),
  pending: z.number().int(),
  /** involved / new conversations. */
  involvementRate: z.number().nullable(),
  /** (confirmed + assumed) / involved, and each part on its own. */
  resolutionRate: z.number().nullable(),
  confirmedResolutionRate: z.number().nullable(),
  assumedResolutionRate: z.number().nullable(),
  /** involvement × resolution = resolved by the bot / new conversations. */
  automationRate: z.number().nullable(),
  series: z.array(BotSeriesPoint),
});
export type BotReport = z.infer<typeof BotReport>;

export const KnowledgeGapQuery = z.strictObject({
  from: Timestamp,
  to: Timestamp,
  locale: Locale.optional(),
});

/** Similar questions the bot could not answer, with a link that opens the article editor. */
export const KnowledgeGap = z.object({
  question: z.string(),
  count: z.number().int(),
  examples: z.array(z.string()),
  locale: z.string().nullable(),
  lastAskedAt: Timestamp,
  /** Opens the knowledge area with a new article prefilled with the question. */
  writeArticleUrl: z.string(),
});
export const KnowledgeGaps = z.object({ items: z.array(KnowledgeGap) });
