import type { ColumnType, Selectable } from 'kysely';
import type { Defaulted, Timestamp } from './schema.ts';

/** jsonb read back as T, written as JSON text. */
type JsonOf<T> = ColumnType<T, string | undefined, string>;

export type BotOutcomeValue = 'pending' | 'confirmed' | 'assumed' | 'handed_over' | 'unanswered';

/** An article a generated answer cites. */
export interface BotCitationJson {
  id: string;
  title: string;
  url: string | null;
}

export interface AnswerBotSettingsTable {
  workspace_id: string;
  enabled: Defaulted<boolean>;
  threshold: Defaulted<number>;
  window_hours: Defaulted<number>;
  llm_base_url: string | null;
  llm_model: string | null;
  llm_api_key: string | null;
  llm_timeout_ms: Defaulted<number>;
  updated_at: Timestamp;
}

export interface AnswerBotSessionsTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  customer_id: string;
  outcome: BotOutcomeValue;
  started_at: Timestamp;
  last_answer_at: Timestamp | null;
  settled_at: Timestamp | null;
  returned_at: Timestamp | null;
}

export interface AnswerBotTurnsTable {
  id: string;
  workspace_id: string;
  session_id: string;
  question: string;
  locale: string | null;
  answered: boolean;
  article_id: string | null;
  article_title: string | null;
  article_url: string | null;
  answer: string | null;
  generated: Defaulted<boolean>;
  citations: JsonOf<BotCitationJson[]>;
  confidence: number;
  helpful: boolean | null;
  created_at: Timestamp;
}

export interface AnswerBotTables {
  answer_bot_settings: AnswerBotSettingsTable;
  answer_bot_sessions: AnswerBotSessionsTable;
  answer_bot_turns: AnswerBotTurnsTable;
}

export type BotSettingsRow = Selectable<AnswerBotSettingsTable>;
export type BotSessionRow = Selectable<AnswerBotSessionsTable>;
export type BotTurnRow = Selectable<AnswerBotTurnsTable>;
