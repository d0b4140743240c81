import type { ColumnType, Selectable } from 'kysely';
import type { Defaulted, Timestamp } from './schema.ts';

/** jsonb read back as T, written as JSON text. */
type JsonOf<T> = ColumnType<T, string | undefined, string>;

export interface AutomationTriggersTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  enabled: Defaulted<boolean>;
  events: JsonOf<string[]>;
  match: 'all' | 'any';
  conditions: JsonOf<unknown[]>;
  actions: JsonOf<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AutomationTimeRulesTable {
  id: string;
  workspace_id: string;
  name: string;
  enabled: Defaulted<boolean>;
  status: string;
  hours: number;
  match: 'all' | 'any';
  conditions: JsonOf<unknown[]>;
  actions: JsonOf<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AutomationTimeRuleRunsTable {
  rule_id: string;
  conversation_id: string;
  period_start: Timestamp;
  workspace_id: string;
  applied_at: Timestamp;
}

export interface MacrosTable {
  id: string;
  workspace_id: string;
  name: string;
  actions: JsonOf<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProceduresTable {
  id: string;
  workspace_id: string;
  name: string;
  tag_key: string;
  tag: string;
  steps: JsonOf<{ id: string; title: string }[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConversationProcedureStepsTable {
  conversation_id: string;
  procedure_id: string;
  step_id: string;
  workspace_id: string;
  done_by: string | null;
  done_at: Timestamp;
}

export interface AutomationSettingsTable {
  workspace_id: string;
  webhook_secret: string;
  created_at: Timestamp;
}

export interface AutomationTables {
  automation_triggers: AutomationTriggersTable;
  automation_time_rules: AutomationTimeRulesTable;
  automation_time_rule_runs: AutomationTimeRuleRunsTable;
  macros: MacrosTable;
  procedures: ProceduresTable;
  conversation_procedure_steps: ConversationProcedureStepsTable;
  automation_settings: AutomationSettingsTable;
}

export type TriggerRow = Selectable<AutomationTriggersTable>;
export type TimeRuleRow = Selectable<AutomationTimeRulesTable>;
export type MacroRow = Selectable<MacrosTable>;
export type ProcedureRow = Selectable<ProceduresTable>;
