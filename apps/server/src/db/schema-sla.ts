import type { ColumnType, Selectable } from 'kysely';
import type { Defaulted, Timestamp } from './schema.ts';

/** jsonb read back as T, written as JSON text. */
type JsonOf<T> = ColumnType<T, string | undefined, string>;

export interface CalendarIntervalJson {
  weekday: number;
  start: string;
  end: string;
}

export interface BusinessCalendarsTable {
  id: string;
  workspace_id: string;
  name: string;
  timezone: string;
  intervals: JsonOf<CalendarIntervalJson[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalendarHolidaysTable {
  id: string;
  workspace_id: string;
  calendar_id: string;
  name: string;
  /** `date` columns come back as 'YYYY-MM-DD' text (we select them with to_char). */
  start_date: string;
  end_date: string;
  start_minute: number | null;
  end_minute: number | null;
  yearly: Defaulted<boolean>;
  source_uid: string | null;
  created_at: Timestamp;
}

export interface SlaPoliciesTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  enabled: Defaulted<boolean>;
  calendar_id: string | null;
  conditions: JsonOf<Record<string, unknown>>;
  targets: JsonOf<unknown[]>;
  warning_minutes: Defaulted<number>;
  warning_actions: JsonOf<unknown[]>;
  breach_actions: JsonOf<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConversationSlaTable {
  conversation_id: string;
  workspace_id: string;
  policy_id: string | null;
  policy_name: string;
  applied: JsonOf<Record<string, unknown>>;
  clocks: JsonOf<unknown[]>;
  next_due_at: Timestamp | null;
  breached: Defaulted<boolean>;
  applied_at: Timestamp;
  updated_at: Timestamp;
}

export interface SlaMetricResultsTable {
  conversation_id: string;
  workspace_id: string;
  metric: string;
  cycle: number;
  policy_id: string | null;
  team_id: string | null;
  assignee_id: string | null;
  target_ms: number;
  business_hours: boolean;
  started_at: Timestamp;
  due_at: Timestamp | null;
  fulfilled_at: Timestamp | null;
  breached_at: Timestamp | null;
  warned_at: Timestamp | null;
  breach_actioned_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface SlaTables {
  business_calendars: BusinessCalendarsTable;
  calendar_holidays: CalendarHolidaysTable;
  sla_policies: SlaPoliciesTable;
  conversation_sla: ConversationSlaTable;
  sla_metric_results: SlaMetricResultsTable;
}

export type BusinessCalendarRow = Selectable<BusinessCalendarsTable>;
export type CalendarHolidayRow = Selectable<CalendarHolidaysTable>;
export type SlaPolicyRow = Selectable<SlaPoliciesTable>;
export type ConversationSlaRow = Selectable<ConversationSlaTable>;
