import type { MessageKey, Vars } from '../i18n/translate.ts';
import type { AutomationAction } from './types.ts';

type T = (key: MessageKey, vars?: Vars) => string;

/** "2 conditions (all) · Set priority, Add tags": a rule in one line. */
export function ruleSummary(
  t: T,
  rule: { match: 'all' | 'any'; conditions: unknown[]; actions: AutomationAction[] },
  lead: string,
): string {
  const conditions = rule.conditions.length
    ? t(`automations.summary.conditions.${rule.match}`, { count: rule.conditions.length })
    : t('automations.summary.always');
  return [lead, conditions, actionsSummary(t, rule.actions)].filter(Boolean).join(' · ');
}

export function actionsSummary(t: T, actions: AutomationAction[]): string {
  return actions.map((a) => t(`automations.action.${a.type}` as MessageKey)).join(', ');
}
