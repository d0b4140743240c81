/** The SLA API's shapes, from @kefu/contracts as types only (zod never reaches the bundle). */
import type { z } from 'zod';
import type {
  BusinessCalendar as BusinessCalendarSchema,
  BusinessInterval as BusinessIntervalSchema,
  SlaAction as SlaActionSchema,
  SlaPolicy as SlaPolicySchema,
  SlaTargetInput as SlaTargetSchema,
} from '@kefu/contracts';

export type { ConversationSlaBadge, Priority, SlaMetric, Channel } from '@kefu/contracts';
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;
export type BusinessInterval = z.infer<typeof BusinessIntervalSchema>;
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;
export type SlaTarget = z.infer<typeof SlaTargetSchema>;
export type SlaAction = z.infer<typeof SlaActionSchema>;

export const slaMetricList = [
  'first_reply_time',
  'next_reply_time',
  'periodic_update_time',
  'pausable_update_time',
  'resolution_time',
  'requester_wait_time',
  'agent_work_time',
] as const;
export const priorityList = ['low', 'normal', 'high', 'urgent'] as const;
export const channelList = ['chat', 'email', 'api', 'phone', 'wechat', 'wecom'] as const;
export const tierList = ['standard', 'vip'] as const;
/** ISO weekdays, Monday first. */
export const weekdayList = [1, 2, 3, 4, 5, 6, 7] as const;
