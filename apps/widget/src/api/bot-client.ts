/** The answer bot's visitor routes (`/api/v1/widget/bot/*`, packages/contracts/src/answer-bot.ts). */
import type { BotSuggestions, BotTurn, WidgetBotStatus } from '@kefu/contracts';
import type { z } from 'zod';
import type { WidgetLocale } from '../shared/locale.ts';
import type { WidgetCall } from './client.ts';

export type BotSuggestion = z.infer<typeof BotSuggestions>['items'][number];

export interface BotApi {
  status(key: string): Promise<z.infer<typeof WidgetBotStatus>>;
  suggestions(query: string, locale: WidgetLocale): Promise<{ items: BotSuggestion[] }>;
  ask(question: string, locale: WidgetLocale, conversationId: string | null): Promise<BotTurn>;
  /** The bot's turns so far in one of the visitor's bot conversations (after a reload). */
  turns(conversationId: string): Promise<{ items: BotTurn[] }>;
  feedback(turnId: string, helpful: boolean): Promise<BotTurn>;
  handover(conversationId: string, locale: WidgetLocale): Promise<unknown>;
}

export function createBotApi(call: WidgetCall): BotApi {
  const id = encodeURIComponent;
  return {
    status: (key) => call('GET', `/bot?key=${id(key)}`),
    suggestions: (query, locale) =>
      call('GET', `/bot/suggestions?q=${id(query)}&locale=${id(locale)}`),
    ask: (question, locale, conversationId) =>
      call('POST', '/bot/questions', {
        question,
        locale,
        ...(conversationId ? { conversationId } : {}),
      }),
    turns: (conversationId) => call('GET', `/bot/conversations/${id(conversationId)}/turns`),
    feedback: (turnId, helpful) => call('POST', `/bot/answers/${id(turnId)}/feedback`, { helpful }),
    handover: (conversationId, locale) =>
      call('POST', `/bot/conversations/${id(conversationId)}/handover`, { locale }),
  };
}
