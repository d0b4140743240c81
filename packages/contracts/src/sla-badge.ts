import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/** The SLA metrics (docs/ARCHITECTURE.md "SLA"; definitions after Zendesk, metrics.md §1–2). */
export const SlaMetric = z.enum([
  'first_reply_time',
  'next_reply_time',
  'periodic_update_time',
  'pausable_update_time',
  'resolution_time',
  'requester_wait_time',
  'agent_work_time',
]);
export type SlaMetric = z.infer<typeof SlaMetric>;

/** What a badge shows: the clock due soonest (or breached) of the applied policy. */
export const ConversationSlaBadge = z.object({
  policyId: Id.nullable(),
  policyName: z.string(),
  metric: SlaMetric.nullable(),
  /** When the shown clock reaches its target; null when paused or when every clock is done. */
  dueAt: Timestamp.nullable(),
  breached: z.boolean(),
  paused: z.boolean(),
  /** Time left on a paused clock. */
  remainingMs: z.number().nullable(),
});
export type ConversationSlaBadge = z.infer<typeof ConversationSlaBadge>;
