/**
 * The SLA metrics Kefu clocks, after Zendesk's SLA policy metrics (docs: metrics.md §2, with the
 * start and stop events of §1). Each metric says which cycles it has (start → stop events) and
 * in which statuses its clock runs.
 */
export const slaMetrics = [
  'first_reply_time',
  'next_reply_time',
  'periodic_update_time',
  'pausable_update_time',
  'resolution_time',
  'requester_wait_time',
  'agent_work_time',
] as const;
export type SlaMetric = (typeof slaMetrics)[number];

export type ConversationStatus = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';

const all: ConversationStatus[] = ['new', 'open', 'pending', 'on_hold'];

/** The statuses in which each metric's clock runs (metrics.md §2, "Clock runs in / pauses"). */
export const runsIn: Record<SlaMetric, readonly ConversationStatus[]> = {
  first_reply_time: all,
  next_reply_time: all,
  periodic_update_time: all,
  // Pauses on Pending.
  pausable_update_time: ['new', 'open', 'on_hold'],
  // creation → solved, all statuses, no pause.
  resolution_time: all,
  // New + Open + On-hold; pauses on Pending.
  requester_wait_time: ['new', 'open', 'on_hold'],
  // New + Open; pauses on Pending and On-hold.
  agent_work_time: ['new', 'open'],
};

export const isResolved = (status: ConversationStatus) =>
  status === 'solved' || status === 'closed';
