import type {
  AutomationAction,
  AutomationCondition,
  Macro,
  MacroAction,
  TimeRule,
  Trigger,
} from '@kefu/contracts';
import type { MacroRow, TimeRuleRow, TriggerRow } from '../../db/schema-automations.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentTrigger(row: TriggerRow): Trigger {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    enabled: row.enabled,
    events: row.events as Trigger['events'],
    match: row.match,
    conditions: row.conditions as AutomationCondition[],
    actions: row.actions as AutomationAction[],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentTimeRule(row: TimeRuleRow): TimeRule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    status: row.status as TimeRule['status'],
    hours: Number(row.hours),
    match: row.match,
    conditions: row.conditions as AutomationCondition[],
    actions: row.actions as AutomationAction[],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentMacro(row: MacroRow): Macro {
  return {
    id: row.id,
    name: row.name,
    actions: row.actions as MacroAction[],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
