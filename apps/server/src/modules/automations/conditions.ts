import type { AutomationCondition } from '@kefu/contracts';

/** Everything a condition may look at, gathered once per evaluation. */
export interface ConditionContext {
  status: string;
  priority: string;
  channel: string;
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
  customFields: Record<string, unknown>;
  customer: { tier: string; name: string | null; emails: string[] };
  /** The message that caused this run; null for field changes and time rules. */
  message: { text: string; author: string } | null;
  /** The survey rating that caused this run; null otherwise. */
  survey?: { kind: string; score: number; rating: string } | null;
  now: Date;
  timezone: string;
}

const lower = (value: string) => value.toLocaleLowerCase('en');

/** Whether the conditions hold: all of them, or any one (an empty list always holds). */
export function conditionsHold(
  match: 'all' | 'any',
  conditions: AutomationCondition[],
  context: ConditionContext,
): boolean {
  if (conditions.length === 0) return true;
  return match === 'all'
    ? conditions.every((c) => conditionHolds(c, context))
    : conditions.some((c) => conditionHolds(c, context));
}

/** One condition against the context. */
export function conditionHolds(condition: AutomationCondition, context: ConditionContext): boolean {
  switch (condition.field) {
    case 'status':
    case 'priority':
    case 'channel':
    case 'assigneeId':
    case 'teamId':
      return (context[condition.field] === condition.value) === (condition.op === 'is');
    case 'tag': {
      const present = context.tags.some((t) => lower(t) === lower(condition.value));
      return present === (condition.op === 'present');
    }
    case 'customField':
      return customFieldHolds(condition, context.customFields[condition.key]);
    case 'customer.tier':
      return (context.customer.tier === condition.value) === (condition.op === 'is');
    case 'customer.email': {
      const needle = lower(condition.value);
      const found = [context.customer.name ?? '', ...context.customer.emails].some((v) =>
        lower(v).includes(needle),
      );
      return found === (condition.op === 'contains');
    }
    case 'message.text': {
      if (!context.message) return false;
      const found = lower(context.message.text).includes(lower(condition.value));
      return found === (condition.op === 'contains');
    }
    case 'message.author':
      if (!context.message) return false;
      return (context.message.author === condition.value) === (condition.op === 'is');
    case 'survey.rating': {
      if (!context.survey) return false;
      const rating = context.survey.rating;
      const matches =
        condition.value === 'low'
          ? rating === 'bad' || rating === 'detractor' || rating === 'disagree'
          : rating === condition.value;
      return matches === (condition.op === 'is');
    }
    case 'time.hour': {
      const hour = localTime(context.now, context.timezone).hour;
      const inside =
        condition.from < condition.to
          ? hour >= condition.from && hour < condition.to
          : hour >= condition.from || hour < condition.to;
      return inside === (condition.op === 'between');
    }
    case 'time.weekday': {
      const inside = condition.value.includes(localTime(context.now, context.timezone).weekday);
      return inside === (condition.op === 'in');
    }
  }
}

function customFieldHolds(
  condition: Extract<AutomationCondition, { field: 'customField' }>,
  raw: unknown,
): boolean {
  const value = Array.isArray(raw) ? raw.map(scalarText).join(', ') : scalarText(raw);
  switch (condition.op) {
    case 'is_set':
      return value !== '';
    case 'is_not_set':
      return value === '';
    case 'is':
      return lower(value) === lower(condition.value);
    case 'is_not':
      return lower(value) !== lower(condition.value);
    case 'contains':
      return lower(value).includes(lower(condition.value));
  }
}

/** Custom-field values are scalars or lists of them (contracts: AttributeValue). */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The hour (0–23) and ISO weekday at `at` in `timezone` (UTC when the zone is unknown). */
export function localTime(at: Date, timezone: string): { hour: number; weekday: number } {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hour: 'numeric',
      hourCycle: 'h23',
      weekday: 'short',
    });
  } catch {
    return localTime(at, 'UTC');
  }
  const parts = format.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const weekday = weekdays[parts.find((p) => p.type === 'weekday')?.value ?? 'Mon'] ?? 1;
  return { hour: hour % 24, weekday };
}
