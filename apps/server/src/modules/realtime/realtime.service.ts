import type { EventType, RealtimeEvent, RealtimeTopic } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policies.ts';
import { presentDeferredEvents } from '../conversations/deferred-presentation.ts';
import type { ServiceDeps } from '../service-deps.ts';

/** What a granted subscribe resolves to: the normalised topic id and the workspace's position. */
export interface SubscriptionGrant {
  topic: RealtimeTopic;
  id: string;
  /** The workspace's latest committed event position when the grant was made. */
  position: number;
}

/**
 * The realtime rules: who may follow what, and reading the per-workspace event log for replays.
 * The socket plumbing lives in the gateway; this never sees a socket.
 */
export class RealtimeService {
  constructor(private readonly deps: Pick<ServiceDeps, 'uow'>) {}

  /** Whether the actor may hold a realtime connection at all (events carry conversations). */
  authorizeConnection(actor: Actor): void {
    authorize(actor, 'conversations:read');
  }

  /**
   * Authorises one subscribe, every time it is asked. A conversation must belong to the actor's
   * workspace; the answer is the same `not_found` whether it exists elsewhere or not at all.
   */
  async authorizeSubscription(
    actor: Actor,
    topic: RealtimeTopic,
    id: string | undefined,
  ): Promise<SubscriptionGrant> {
    this.authorizeConnection(actor);
    const workspaceId = actor.workspaceId;
    return this.deps.uow.read(async (repos) => {
      if (topic === 'workspace') {
        if (id !== undefined && id !== workspaceId) throw notFound('Workspace');
      } else {
        if (id === undefined) {
          throw new AppError('validation_failed', 'id: a conversation subscription needs an id', {
            field: 'id',
          });
        }
        if (!(await repos.conversations.find(workspaceId, id))) throw notFound('Conversation');
      }
      const position = await repos.workspaces.currentCounter(workspaceId, 'event');
      return { topic, id: id ?? workspaceId, position };
    });
  }

  /** The display name presence shows for an agent. */
  async agentName(workspaceId: string, userId: string): Promise<string> {
    const member = await this.deps.uow.read((repos) =>
      repos.workspaces.findMember(workspaceId, userId),
    );
    return member?.name ?? '';
  }

  /** The workspace's latest committed event position. */
  currentPosition(workspaceId: string): Promise<number> {
    return this.deps.uow.read((repos) => repos.workspaces.currentCounter(workspaceId, 'event'));
  }

  /** Events of the workspace after `position`, in order, at most `limit` of them. */
  async eventsAfter(workspaceId: string, position: number, limit: number) {
    return this.deps.uow.read(async (repos) => {
      const rows = await repos.realtimeEvents.listAfter(workspaceId, position, limit);
      const events = rows.map((row): RealtimeEvent => ({
        position: Number(row.position),
        type: row.type as EventType,
        workspaceId: row.workspace_id,
        conversationId: row.conversation_id,
        internal: row.internal,
        payload: row.payload as RealtimeEvent['payload'],
        createdAt: new Date(row.created_at).toISOString(),
      }));
      // A node that stopped between positioning and presenting left these for us.
      return presentDeferredEvents(repos, workspaceId, events, false);
    });
  }
}
