import type { ReadState } from '@kefu/contracts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { Signal } from '../realtime/event-bus.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { VisitorActor } from './visitor-session.service.ts';

const isoOrNull = (value: Date | string | null | undefined) =>
  value === null || value === undefined ? null : new Date(value).toISOString();

/**
 * Read receipts for widget chats: how far the visitor and the agents have read. Stored per
 * conversation, and announced to the other side with an ephemeral signal.
 */
export class ReadStateService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly signals: { signal(signal: Signal): void },
  ) {}

  /** The visitor has read their conversation up to now. */
  async markVisitorRead(visitor: VisitorActor, conversationId: string): Promise<ReadState> {
    return this.mark(visitor.workspaceId, conversationId, 'visitor', visitor.customerId);
  }

  /** An agent has seen the conversation up to now; the visitor is told ("Seen"). */
  async markAgentSeen(actor: Actor, conversationId: string): Promise<ReadState> {
    return this.mark(actor.workspaceId, conversationId, 'agent', null);
  }

  async get(actor: Actor, conversationId: string): Promise<ReadState> {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.conversations.find(actor.workspaceId, conversationId);
      if (!row) throw notFound('Conversation');
      const [read] = await repos.visitorConversations.readStates([conversationId]);
      return {
        conversationId,
        visitorLastReadAt: isoOrNull(read?.visitor_last_read_at),
        agentLastReadAt: isoOrNull(read?.agent_last_read_at),
      };
    });
  }

  private async mark(
    workspaceId: string,
    conversationId: string,
    side: 'visitor' | 'agent',
    customerId: string | null,
  ): Promise<ReadState> {
    const now = this.deps.clock.now();
    const read = await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.conversations.find(workspaceId, conversationId);
      if (!row || (customerId !== null && row.customer_id !== customerId))
        throw notFound('Conversation');
      return repos.visitorConversations.markRead(workspaceId, conversationId, side, now);
    });
    const state = {
      conversationId,
      visitorLastReadAt: isoOrNull(read.visitor_last_read_at),
      agentLastReadAt: isoOrNull(read.agent_last_read_at),
    };
    const at = side === 'visitor' ? state.visitorLastReadAt : state.agentLastReadAt;
    if (at) this.signals.signal({ kind: 'read', workspaceId, conversationId, side, at });
    return state;
  }
}
