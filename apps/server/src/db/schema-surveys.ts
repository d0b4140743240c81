import type { ColumnType, Selectable } from 'kysely';
import type { Defaulted, Timestamp } from './schema.ts';

/** jsonb read back as T, written as JSON text. */
type JsonOf<T> = ColumnType<T, string | undefined, string>;

export type SurveyKind = 'csat' | 'nps' | 'ces';
export type SurveyDelivery = 'widget' | 'email' | 'api';
export type SurveyRating =
  'good' | 'bad' | 'promoter' | 'passive' | 'detractor' | 'agree' | 'neutral' | 'disagree';

/** A CSAT reason as the supervisor wrote it, in both languages. */
export interface SurveyReasonJson {
  id: string;
  en: string;
  zh: string;
}

export interface SurveySettingsTable {
  workspace_id: string;
  csat_enabled: Defaulted<boolean>;
  csat_scale: Defaulted<2 | 3 | 5>;
  csat_reasons: JsonOf<SurveyReasonJson[]>;
  csat_comment: Defaulted<boolean>;
  nps_enabled: Defaulted<boolean>;
  nps_mode: Defaulted<'transactional' | 'periodic'>;
  nps_interval_days: Defaulted<number>;
  ces_enabled: Defaulted<boolean>;
  channels: JsonOf<string[]>;
  delay_minutes: Defaulted<number>;
  window_days: Defaulted<number>;
  link_secret: string;
  updated_at: Timestamp;
}

export interface SurveyRequestsTable {
  id: string;
  workspace_id: string;
  kind: SurveyKind;
  conversation_id: string;
  customer_id: string;
  channel: SurveyDelivery;
  agent_id: string | null;
  team_id: string | null;
  scale: number;
  locale: string;
  status: 'pending' | 'sent' | 'answered' | 'failed';
  sent_at: Timestamp | null;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface SurveyResponsesTable {
  request_id: string;
  workspace_id: string;
  kind: SurveyKind;
  conversation_id: string;
  customer_id: string;
  channel: SurveyDelivery;
  agent_id: string | null;
  team_id: string | null;
  score: number;
  scale: number;
  rating: SurveyRating;
  reasons: JsonOf<string[]>;
  comment: string | null;
  locale: string;
  answered_at: Timestamp;
  updated_at: Timestamp;
}

export interface SurveyTables {
  survey_settings: SurveySettingsTable;
  survey_requests: SurveyRequestsTable;
  survey_responses: SurveyResponsesTable;
}

export type SurveySettingsRow = Selectable<SurveySettingsTable>;
export type SurveyRequestRow = Selectable<SurveyRequestsTable>;
export type SurveyResponseRow = Selectable<SurveyResponsesTable>;
