import { z } from 'zod';
import { Id } from './common.ts';
import { KbVisibility } from './knowledge.ts';

/** A knowledge-base article suggested to the agent for the conversation's latest question. */
export const AssistArticle = z.object({
  articleId: Id,
  locale: z.string(),
  title: z.string(),
  /** The best-matching passage, as plain text. */
  passage: z.string(),
  visibility: KbVisibility,
  /** The article on the public help center (absolute); null for internal or restricted ones. */
  url: z.string().nullable(),
  score: z.number(),
  confidence: z.number(),
});
export type AssistArticle = z.infer<typeof AssistArticle>;

/**
 * A reply suggested to the agent: a canned response (`source: canned`, `id` the canned response,
 * its placeholders unfilled) or the agent's public answer to a similar question in an earlier
 * solved conversation (`source: conversation`, `id` that conversation).
 */
export const AssistReply = z.object({
  source: z.enum(['canned', 'conversation']),
  id: Id,
  /** The canned response's title, or the earlier customer question the reply answered. */
  title: z.string(),
  body: z.string(),
  /** The earlier conversation's number (`source: conversation`), else null. */
  conversationNumber: z.number().int().nullable(),
  score: z.number(),
  confidence: z.number(),
});
export type AssistReply = z.infer<typeof AssistReply>;

/** `GET /conversations/:id/assist`: suggestions for the conversation's latest customer messages. */
export const ConversationAssist = z.object({
  /** The language the suggestions are in: the customer's, else the one their messages are in. */
  locale: z.string(),
  /** The customer text the suggestions answer ('' when the customer has written nothing yet). */
  query: z.string(),
  articles: z.array(AssistArticle),
  replies: z.array(AssistReply),
});
export type ConversationAssist = z.infer<typeof ConversationAssist>;

/** `GET /conversations/:id/article-draft`: a knowledge article prefilled from the conversation. */
export const ConversationArticleDraft = z.object({
  conversationId: Id,
  locale: z.string(),
  title: z.string(),
  /** The customer's question, as an example question for the article. */
  question: z.string(),
  /** The agent's answer as sanitized article HTML ('' when no agent has answered yet). */
  bodyHtml: z.string(),
});
export type ConversationArticleDraft = z.infer<typeof ConversationArticleDraft>;
