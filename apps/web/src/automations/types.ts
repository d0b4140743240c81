/** The automations API's shapes, from @kefu/contracts as types only (zod never reaches the bundle). */
import type { z } from 'zod';
import type {
  AutomationAction as ActionSchema,
  AutomationCondition as ConditionSchema,
  ConversationProcedure as ConversationProcedureSchema,
  Macro as MacroSchema,
  Procedure as ProcedureSchema,
  TimeRule as TimeRuleSchema,
  Trigger as TriggerSchema,
} from '@kefu/contracts';

export type AutomationAction = z.infer<typeof ActionSchema>;
export type AutomationCondition = z.infer<typeof ConditionSchema>;
export type Trigger = z.infer<typeof TriggerSchema>;
export type TimeRule = z.infer<typeof TimeRuleSchema>;
export type Macro = z.infer<typeof MacroSchema>;
export type Procedure = z.infer<typeof ProcedureSchema>;
export type ConversationProcedure = z.infer<typeof ConversationProcedureSchema>;

export type ConditionField = AutomationCondition['field'];
export type ActionType = AutomationAction['type'];

export const conditionFields: readonly ConditionField[] = [
  'status',
  'priority',
  'channel',
  'assigneeId',
  'teamId',
  'tag',
  'customField',
  'customer.tier',
  'customer.email',
  'message.text',
  'message.author',
  'survey.rating',
  'time.hour',
  'time.weekday',
];
/** Fields a time rule cannot use (there is no message or survey rating in a time rule's run). */
export const messageFields: readonly ConditionField[] = [
  'message.text',
  'message.author',
  'survey.rating',
];
/** The survey rating buckets a condition can name; `low` is any low one. */
export const surveyRatingList = [
  'low',
  'bad',
  'good',
  'detractor',
  'passive',
  'promoter',
  'disagree',
  'neutral',
  'agree',
] as const;

export const actionTypes: readonly ActionType[] = [
  'set_status',
  'set_priority',
  'assign',
  'set_team',
  'add_tags',
  'remove_tags',
  'reply',
  'notify',
  'webhook',
];
export const macroActionTypes: readonly ActionType[] = actionTypes.filter(
  (type) => type !== 'notify' && type !== 'webhook',
);

export const statusList = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export const priorityList = ['low', 'normal', 'high', 'urgent'] as const;
export const channelList = ['chat', 'email', 'api', 'phone', 'wechat', 'wecom'] as const;

/** The operators each field offers, the first being the default. */
export const operatorsOf: Record<ConditionField, readonly string[]> = {
  status: ['is', 'is_not'],
  priority: ['is', 'is_not'],
  channel: ['is', 'is_not'],
  assigneeId: ['is', 'is_not'],
  teamId: ['is', 'is_not'],
  tag: ['present', 'absent'],
  customField: ['is', 'is_not', 'contains', 'is_set', 'is_not_set'],
  'customer.tier': ['is', 'is_not'],
  'customer.email': ['contains', 'not_contains'],
  'message.text': ['contains', 'not_contains'],
  'message.author': ['is', 'is_not'],
  'survey.rating': ['is', 'is_not'],
  'time.hour': ['between', 'not_between'],
  'time.weekday': ['in', 'not_in'],
};

/** A fresh condition of a field, with valid defaults. */
export function newCondition(field: ConditionField): AutomationCondition {
  switch (field) {
    case 'status':
      return { field, op: 'is', value: 'new' };
    case 'priority':
      return { field, op: 'is', value: 'urgent' };
    case 'channel':
      return { field, op: 'is', value: 'chat' };
    case 'assigneeId':
    case 'teamId':
      return { field, op: 'is', value: null };
    case 'tag':
      return { field, op: 'present', value: '' };
    case 'customField':
      return { field, key: '', op: 'is', value: '' };
    case 'customer.tier':
      return { field, op: 'is', value: 'vip' };
    case 'customer.email':
    case 'message.text':
      return { field, op: 'contains', value: '' };
    case 'message.author':
      return { field, op: 'is', value: 'customer' };
    case 'survey.rating':
      return { field, op: 'is', value: 'low' };
    case 'time.hour':
      return { field, op: 'between', from: 9, to: 18 };
    case 'time.weekday':
      return { field, op: 'in', value: [1, 2, 3, 4, 5] };
  }
}

/** A fresh action of a type, with valid defaults where there are any. */
export function newAction(type: ActionType): AutomationAction {
  switch (type) {
    case 'set_status':
      return { type, status: 'open' };
    case 'set_priority':
      return { type, priority: 'high' };
    case 'assign':
      return { type, assigneeId: null };
    case 'set_team':
      return { type, teamId: null };
    case 'add_tags':
    case 'remove_tags':
      return { type, tags: [] };
    case 'reply':
      return { type, visibility: 'public', body: '' };
    case 'notify':
      return { type, text: '' };
    case 'webhook':
      return { type, url: 'https://' };
  }
}
