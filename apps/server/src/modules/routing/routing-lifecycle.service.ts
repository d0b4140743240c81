import type { MyOffers } from '@kefu/contracts';
import type { JobRow } from '../../db/schema-email.ts';
import type { ConversationRow } from '../../db/schema.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { onlineWindowMs } from '../widget/availability.service.ts';
import type { RoutingEngine } from './routing-engine.service.ts';
import { recordRoutingChange } from './routing-changes.ts';
import { routingJobs } from './routing-jobs.ts';

/**
 * What happens around an assignment: offers accepted or timed out, overflow to another team,
 * agents coming online or leaving. Timeouts are durable jobs (idempotency key per offer), not
 * timers, so a restart loses none.
 */
export class RoutingLifecycle {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly engine: RoutingEngine,
    private readonly wakeJobs: () => void = () => undefined,
  ) {}

  /** The offered agent takes the conversation. */
  async accept(actor: Actor, conversationId: string): Promise<{ ok: true }> {
    if (actor.kind !== 'user') throw new AppError('forbidden', 'Only an agent can accept an offer');
    await this.deps.uow.transaction(async ({ repos }) => {
      const conversation = await repos.conversations.find(actor.workspaceId, conversationId);
      if (!conversation) throw notFound('Conversation');
      const queued = await repos.routingQueue.lockQueuedWait(actor.workspaceId, conversationId);
      if (!queued || queued.offer_agent_id !== actor.userId)
        throw new AppError('conflict', 'This conversation is not offered to you (any more)');
      await this.engine.finish(repos, queued, actor.userId, this.deps.clock.now());
    });
    return { ok: true };
  }

  /** The conversations offered to the agent and not accepted yet. */
  async offers(actor: Extract<Actor, { kind: 'user' }>): Promise<MyOffers> {
    const rows = await this.deps.uow.read((repos) =>
      repos.routingQueue.offersFor(actor.workspaceId, actor.userId),
    );
    return {
      items: rows.map((row) => ({
        conversationId: row.conversation_id,
        number: row.number,
        expiresAt: new Date(row.offer_expires_at!).toISOString(),
      })),
    };
  }

  /** Job: an offer ran out. Take the conversation back and offer it to someone else. */
  async offerTimedOut(job: JobRow): Promise<void> {
    const { workspaceId, conversationId, agentId, seq } = job.payload as {
      workspaceId: string;
      conversationId: string;
      agentId: string;
      seq: number;
    };
    const teamId = await this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      const queued = await repos.routingQueue.lockQueuedWait(workspaceId, conversationId);
      const now = this.deps.clock.now();
      // Only this offer, and only once it has run out (a job from an earlier stay in the queue
      // can name the same agent and number).
      if (!queued || queued.offer_agent_id !== agentId || queued.offer_seq !== seq) return null;
      if (!queued.offer_expires_at || new Date(queued.offer_expires_at) > now) return null;
      const before = await repos.conversations.findForUpdate(workspaceId, conversationId);
      const after = await repos.routingQueue.unassignFrom(
        workspaceId,
        conversationId,
        agentId,
        now,
      );
      if (!before || !after || !isOpen(after)) {
        // Someone reassigned or closed it meanwhile: it is handled, not waiting.
        await repos.routingQueue.remove(conversationId);
        return null;
      }
      await repos.routingQueue.clearOffer(conversationId, agentId);
      await recordRoutingChange(scope, this.deps.ids, before, after, 'offer_timeout', now);
      return queued.team_id;
    });
    if (teamId) await this.engine.drainTeam(workspaceId, teamId);
  }

  /** Job: the conversation waited too long in its team; it moves to the overflow team. */
  async overflowed(job: JobRow): Promise<void> {
    const { workspaceId, conversationId, teamId } = job.payload as {
      workspaceId: string;
      conversationId: string;
      teamId: string;
    };
    const target = await this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      const queued = await repos.routingQueue.lockQueuedWait(workspaceId, conversationId);
      if (!queued || queued.team_id !== teamId || queued.offer_agent_id) return null;
      const [team] = await repos.routing.teamRouting(workspaceId, teamId);
      if (!team?.overflow_team_id || team.overflow_team_id === teamId) return null;
      const before = await repos.conversations.findForUpdate(workspaceId, conversationId);
      if (!before || before.assignee_id || !isOpen(before)) {
        await repos.routingQueue.remove(conversationId);
        return null;
      }
      const now = this.deps.clock.now();
      const after = await repos.conversations.update(conversationId, {
        team_id: team.overflow_team_id,
        updated_at: now,
      });
      await repos.routingQueue.remove(conversationId);
      // It keeps its place by age in the new queue; the new team's own rules apply from here.
      await this.engine.enqueueIn(scope, after, new Date(queued.queued_at));
      await recordRoutingChange(scope, this.deps.ids, before, after, 'overflow', now);
      return team.overflow_team_id;
    });
    this.wakeJobs();
    if (target) await this.engine.drainTeam(workspaceId, target);
  }

  /**
   * The one call after an agent's status changed (or their first tab connected): online drains
   * their teams' queues; offline re-queues their open conversations through a job.
   */
  async agentStatusChanged(workspaceId: string, userId: string): Promise<void> {
    const [routing] = await this.deps.uow.read((repos) =>
      repos.routing.agentRouting(workspaceId, [userId]),
    );
    const status = routing?.status ?? 'online';
    if (status === 'offline') {
      await this.scheduleOfflineCheck(workspaceId, userId, this.deps.clock.now());
      return;
    }
    if (status !== 'online') return;
    const teams = await this.deps.uow.read((repos) => repos.routing.teamsOf(workspaceId, userId));
    for (const teamId of teams) await this.engine.drainTeam(workspaceId, teamId);
  }

  /** The agent's last tab on this node closed: if nothing else shows them online soon, re-queue. */
  async agentDisconnected(workspaceId: string, userId: string): Promise<void> {
    const at = new Date(this.deps.clock.now().getTime() + onlineWindowMs + 5000);
    await this.scheduleOfflineCheck(workspaceId, userId, at);
  }

  /**
   * One check per offline or disconnect, with no key: the check is safe to run twice, and any
   * key would let one check swallow a later one that is needed. (A key per agent and minute
   * did: a tab that closed, came back and closed for good within seconds had its second check
   * swallowed while the first found the agent still seen, so their chats stayed with them; an
   * agent's own "offline" twice in a minute was swallowed the same way.)
   */
  private async scheduleOfflineCheck(workspaceId: string, userId: string, runAt: Date) {
    await this.deps.uow.transaction(({ repos }) =>
      repos.jobs.enqueue({
        id: this.deps.ids(),
        workspaceId,
        kind: routingJobs.agentOffline,
        payload: { workspaceId, userId },
        runAt,
      }),
    );
    this.wakeJobs();
  }

  /** Job: if the agent is offline (chosen, or no tab seen lately), their open work is re-queued. */
  async agentWentOffline(job: JobRow): Promise<void> {
    const { workspaceId, userId } = job.payload as { workspaceId: string; userId: string };
    const now = this.deps.clock.now();
    const teams = await this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      const [routing] = await repos.routing.agentRouting(workspaceId, [userId]);
      const [presence] = await repos.widget.presenceOf(workspaceId, [userId]);
      const seen = presence?.last_seen_at ? new Date(presence.last_seen_at).getTime() : 0;
      const connected = now.getTime() - seen < onlineWindowMs;
      if (routing?.status !== 'offline' && connected) return [];
      const touched = new Set<string>();
      for (const row of await repos.routingQueue.openAssignedTo(workspaceId, userId)) {
        const [team] = await repos.routing.teamRouting(workspaceId, row.team_id!);
        if (!team || team.strategy === 'manual' || !team.requeue_on_offline) continue;
        // Same lock order as an assignment: the queue row (if on offer), then the conversation.
        await repos.routingQueue.lockQueuedWait(workspaceId, row.id);
        const before = await repos.conversations.findForUpdate(workspaceId, row.id);
        const after = await repos.routingQueue.unassignFrom(workspaceId, row.id, userId, now);
        if (!before || !after) continue;
        await repos.routingQueue.remove(row.id);
        await this.engine.enqueueIn(scope, after, new Date(before.created_at));
        await recordRoutingChange(scope, this.deps.ids, before, after, 'agent_offline', now);
        touched.add(row.team_id!);
      }
      return [...touched];
    });
    this.wakeJobs();
    for (const teamId of teams) await this.engine.drainTeam(workspaceId, teamId);
  }
}

const isOpen = (row: ConversationRow) =>
  (row.status === 'new' || row.status === 'open') && row.merged_into_id === null;
