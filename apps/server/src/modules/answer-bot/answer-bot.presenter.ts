import type { BotTurn } from '@kefu/contracts';
import type { BotTurnRow } from '../../db/schema-answer-bot.ts';

export function presentTurn(row: BotTurnRow, conversationId: string): BotTurn {
  const article =
    row.article_id && row.article_title !== null
      ? { id: row.article_id, title: row.article_title, url: row.article_url }
      : null;
  return {
    id: row.id,
    conversationId,
    question: row.question,
    answered: row.answered,
    confidence: row.confidence,
    answer: row.answer,
    generated: row.generated,
    article,
    citations: row.citations,
    helpful: row.helpful,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
