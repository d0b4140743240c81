/**
 * The few pure helpers the app takes from @kefu/contracts at run time. They are imported by
 * file, not through the package index, so the bundle never pulls in the zod schemas.
 */
export {
  adjustInboxCounts,
  countChangeOf,
  emptyInboxCounts,
} from '../../../../packages/contracts/src/inbox-counts.ts';
export {
  renderCannedResponse,
  unfilledCannedResponseVariables,
} from '../../../../packages/contracts/src/canned-response-render.ts';
export type { InboxCounts, CannedResponse } from '@kefu/contracts';
export type { AgentPresenceFrame, PresenceAgent } from '@kefu/contracts';
