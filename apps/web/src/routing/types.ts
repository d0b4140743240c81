/** Routing's API shapes, from @kefu/contracts as types only (no zod in the bundle). */
export type {
  AgentRouting,
  Capacity,
  MyOffers,
  MyStatus,
  PresenceStatus,
  QueueSummary,
  QueuedConversationList,
  RoutingSettings,
  RoutingStrategy,
  Skill,
  TeamRouting,
} from '@kefu/contracts';
export type { Channel } from '@kefu/contracts';

export const channelList = ['chat', 'email', 'phone', 'api', 'wechat', 'wecom'] as const;
export const strategyList = ['manual', 'round_robin', 'balanced', 'skills', 'sticky'] as const;
