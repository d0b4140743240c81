import {
  AnswerBotSettings,
  BotAskBody,
  BotFeedbackBody,
  BotReport,
  BotReportQuery,
  BotSession,
  BotSuggestions,
  BotSuggestionsQuery,
  BotTurn,
  IdParams,
  KnowledgeGapQuery,
  KnowledgeGaps,
  Locale,
  UpdateAnswerBotSettingsBody,
  WidgetBotStatus,
  WidgetPublicKey,
} from '@kefu/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import type { Services } from '../../services.ts';

const visitorOf = (services: Services, request: FastifyRequest) =>
  services.widget.sessions.require(request.headers.authorization, request.ip);

const tag = 'answer bot';

/** The widget's bot routes: visitor token as bearer, like the other widget routes. */
const visitorBotRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/widget/bot',
    summary: 'Whether the answer bot is on for this widget',
    tag,
    access: 'public',
    query: z.strictObject({ key: WidgetPublicKey }),
    response: WidgetBotStatus,
    handler: ({ services, query }) => services.answerBot.status(query.key),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/widget/bot/suggestions',
    summary: 'Help-center articles matching what the visitor is typing',
    tag,
    access: 'public',
    query: BotSuggestionsQuery,
    response: BotSuggestions,
    handler: async ({ services, query, request }) =>
      services.answerBot.suggest(await visitorOf(services, request), query.q, query.locale),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/widget/bot/questions',
    summary:
      'Ask the bot: an answer with its article above the confidence threshold, else a decline',
    tag,
    access: 'public',
    body: BotAskBody,
    response: BotTurn,
    status: 201,
    handler: async ({ services, body, request }) =>
      services.answerBot.ask(await visitorOf(services, request), body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/widget/bot/conversations/:id/turns',
    summary: 'The bot’s answers in one of the visitor’s bot conversations',
    tag,
    access: 'public',
    params: IdParams,
    response: z.object({ items: z.array(BotTurn) }),
    handler: async ({ services, params, request }) => ({
      items: await services.answerBot.turns(await visitorOf(services, request), params.id),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/widget/bot/answers/:id/feedback',
    summary: '"Did this help?" for one answer',
    tag,
    access: 'public',
    params: IdParams,
    body: BotFeedbackBody,
    response: BotTurn,
    handler: async ({ services, params, body, request }) =>
      services.answerBot.feedback(await visitorOf(services, request), params.id, body.helpful),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/widget/bot/conversations/:id/handover',
    summary: 'Talk to a person: the conversation goes to routing with the bot’s transcript',
    tag,
    access: 'public',
    params: IdParams,
    body: z.strictObject({ locale: Locale.optional() }),
    response: BotSession,
    handler: async ({ services, params, body, request }) => {
      const visitor = await visitorOf(services, request);
      const session = await services.answerBot.handover(visitor, params.id, body.locale);
      // As for a new chat: a failed attempt leaves it unassigned and the sweep queues it.
      await services.routing
        .routeNewConversation(visitor.workspaceId, params.id)
        .catch((error: unknown) => request.log.error({ err: error }, 'routing a handover failed'));
      return session;
    },
  }),
];

/** Settings (admins) and reports (supervisors). */
const adminBotRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/answer-bot/settings',
    summary: 'The answer bot’s settings (the LLM key is never returned)',
    tag,
    access: 'admin',
    response: AnswerBotSettings,
    handler: ({ services, actor }) => services.answerBotAdmin.settings(actor),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/answer-bot/settings',
    summary: 'Turn the bot on or off, set its threshold, outcome window and optional LLM endpoint',
    tag,
    access: 'admin',
    body: UpdateAnswerBotSettingsBody,
    response: AnswerBotSettings,
    handler: ({ services, actor, body }) => services.answerBotAdmin.updateSettings(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/answer-bot/report',
    summary: 'Involvement, resolution (confirmed and assumed) and automation rates (metrics.md §6)',
    tag,
    access: 'supervisor',
    query: BotReportQuery,
    response: BotReport,
    handler: ({ services, actor, query }) => services.answerBotAdmin.report(actor, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/answer-bot/knowledge-gaps',
    summary: 'Questions the bot could not answer, grouped by similarity',
    tag,
    access: 'supervisor',
    query: KnowledgeGapQuery,
    response: KnowledgeGaps,
    handler: ({ services, actor, query }) => services.answerBotAdmin.knowledgeGaps(actor, query),
  }),
];

export const answerBotRoutes = [...visitorBotRoutes, ...adminBotRoutes];
