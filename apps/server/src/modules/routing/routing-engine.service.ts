import type { QueueRow } from '../../db/schema-routing.ts';
import type { ConversationRow } from '../../db/schema.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { CandidateRow } from '../../repositories/routing-queue.repository.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { onlineWindowMs } from '../widget/availability.service.ts';
import { recordRoutingChange } from './routing-changes.ts';
import { priorityRank, routingJobs } from './routing-jobs.ts';
import { type Candidate, chooseAgent, hasRoom } from './routing-strategy.ts';
import { effectiveCapacity, teamRoutingOf } from './routing-settings.ts';

type Team = ReturnType<typeof teamRoutingOf>;
type Snapshot = NonNullable<Awaited<ReturnType<RoutingEngine['snapshot']>>>;
type AssignOutcome = 'assigned' | 'agent_unavailable' | 'gone';

/** How many waiting conversations a drain reads at a time. */
const drainBatch = 200;

/**
 * A drain's assignments commit without numbering their events; every this many it numbers and
 * publishes them in one run (one run per assignment was the largest part of a decision), so live
 * views lag a drain by a few dozen milliseconds at most.
 */
export const publishEvery = 25;

/**
 * Puts conversations in their team's queue and hands them to agents under the team's strategy.
 * Every assignment is one transaction that locks the agent's routing row, re-checks their load
 * against capacity and assigns with a guarded UPDATE, so concurrent assigners (on any node)
 * never assign one conversation twice or fill an agent past capacity.
 */
export class RoutingEngine {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly wakeJobs: () => void = () => undefined,
  ) {}

  /**
   * The one call after a new conversation committed (widget, email, API): gives it the
   * channel's entry team when it has none, queues it on a routed team and tries to assign it.
   */
  async routeNewConversation(
    workspaceId: string,
    conversationId: string,
    options: { checked?: boolean } = {},
  ): Promise<void> {
    // One read first: most new conversations of a workspace that does not route need nothing.
    if (
      !options.checked &&
      !(await this.deps.uow.read((repos) =>
        repos.routingQueue.needsRouting(workspaceId, conversationId),
      ))
    )
      return;
    const teamId = await this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      let row = await repos.conversations.findForUpdate(workspaceId, conversationId);
      if (!row || !isRoutable(row)) return null;
      if (!row.team_id) {
        const settings = await repos.routing.settings(workspaceId);
        const entryTeam = settings?.channel_teams[row.channel];
        if (!entryTeam) return null;
        const now = this.deps.clock.now();
        const moved = await repos.conversations.update(row.id, {
          team_id: entryTeam,
          updated_at: now,
        });
        await recordRoutingChange(scope, this.deps.ids, row, moved, 'routing', now);
        row = moved;
      }
      return (await this.enqueueIn(scope, row)) ? row.team_id : null;
    });
    this.wakeJobs();
    if (teamId) await this.drainTeam(workspaceId, teamId);
  }

  /** Queues a routable conversation of a routed team, with its overflow and relax jobs. */
  async enqueueIn(
    scope: TransactionScope,
    row: ConversationRow,
    queuedAt?: Date,
  ): Promise<boolean> {
    const { repos } = scope;
    if (!row.team_id) return false;
    const [teamRow] = await repos.routing.teamRouting(row.workspace_id, row.team_id);
    if (!teamRow || teamRow.strategy === 'manual') return false;
    const team = teamRoutingOf(teamRow);
    const at = queuedAt ?? new Date(row.created_at);
    const facts = await repos.routingQueue.queueFacts(row.workspace_id, row.id);
    const inserted = await repos.routingQueue.enqueue({
      conversationId: row.id,
      workspaceId: row.workspace_id,
      teamId: row.team_id,
      customerId: row.customer_id,
      channel: row.channel,
      priorityRank: priorityRank[row.priority],
      tierRank: facts.tierRank,
      slaDueAt: facts.slaDueAt,
      queuedAt: at,
      requiredSkills: team.requiredSkills,
    });
    if (inserted) await this.scheduleTeamJobs(repos, row, team, at);
    return true;
  }

  private async scheduleTeamJobs(
    repos: Repositories,
    row: ConversationRow,
    team: Team,
    queuedAt: Date,
  ) {
    const now = this.deps.clock.now();
    // One pair of jobs per stay in the queue (the caller inserted the queue row just now), so
    // no idempotency key: a key per conversation and team gave the jobs to the first stay only,
    // and a chat re-queued after its agent left never overflowed. Both count from `queuedAt`,
    // the place by age a re-queued conversation keeps, so a job left from an earlier stay is
    // due no earlier than this stay's own, and does nothing once the conversation has left.
    if (team.overflowTeamId && team.overflowAfterSeconds) {
      await repos.jobs.enqueue({
        id: this.deps.ids(),
        workspaceId: row.workspace_id,
        kind: routingJobs.overflow,
        payload: { workspaceId: row.workspace_id, conversationId: row.id, teamId: team.teamId },
        runAt: later(now, queuedAt, team.overflowAfterSeconds),
      });
    }
    if (team.skillRelaxSeconds !== null && team.requiredSkills.some((s) => s.optional)) {
      await repos.jobs.enqueue({
        id: this.deps.ids(),
        workspaceId: row.workspace_id,
        kind: routingJobs.relax,
        payload: { workspaceId: row.workspace_id, teamId: team.teamId },
        runAt: later(now, queuedAt, team.skillRelaxSeconds),
      });
    }
  }

  /**
   * Hands the team's waiting conversations, in queue order, to agents with room until either
   * runs out. Reads the queue a page at a time and goes on past conversations nobody online
   * can take (a skill no one has, say) as long as someone still has room, so one of those at
   * the head never blocks a conversation further back. Returns how many were assigned or offered.
   */
  async drainTeam(workspaceId: string, teamId: string): Promise<number> {
    const snapshot = await this.snapshot(workspaceId, teamId);
    if (!snapshot) return 0;
    try {
      return await this.drainFrom(workspaceId, teamId, snapshot);
    } finally {
      // The drain's caller finds every event published when it returns.
      await this.publishDeferred(workspaceId);
    }
  }

  /** Positions and publishes the events of assignments made with `deferEvents`. */
  publishDeferred(workspaceId: string): Promise<void> {
    return this.deps.uow.settleEvents(workspaceId);
  }

  private async drainFrom(workspaceId: string, teamId: string, snapshot: Snapshot) {
    const { team, candidates, defaults } = snapshot;
    let waiting = snapshot.waiting;
    let total = 0;
    // Rows before this offset stayed in the queue this round; assigned ones left it.
    let skip = 0;
    for (;;) {
      let left = 0;
      for (const queued of waiting) {
        if (!candidates.some((agent) => hasRoom(agent, queued.channel))) continue;
        const agent = await this.decide(team, queued, candidates);
        if (!agent) continue;
        const outcome = await this.assign(team, queued, agent.userId, defaults, {
          deferEvents: true,
        });
        if (outcome === 'assigned') {
          agent.load[queued.channel] = (agent.load[queued.channel] ?? 0) + 1;
          agent.lastAssignedAt = this.deps.clock.now().getTime();
          total += 1;
          left += 1;
          if (total % publishEvery === 0) await this.publishDeferred(workspaceId);
        } else if (outcome === 'agent_unavailable') {
          // Someone else filled them (or they left) since the snapshot: stop offering them.
          agent.capacity = {};
        } else {
          // Gone or busy: count it as left, so at worst the next page repeats a row.
          left += 1;
        }
      }
      if (waiting.length < drainBatch || !candidates.some(hasAnyRoom)) return total;
      skip += waiting.length - left;
      waiting = await this.deps.uow.read((repos) =>
        repos.routingQueue.waiting(workspaceId, teamId, drainBatch, skip),
      );
      if (waiting.length === 0) return total;
    }
  }

  /** Chooses the agent for one waiting conversation (reads the last agent for sticky teams). */
  async decide(team: Team, queued: QueueRow, candidates: Candidate[]) {
    const previousAgentId =
      team.strategy === 'sticky'
        ? await this.deps.uow.read((repos) =>
            repos.routingQueue.previousAgent(
              queued.workspace_id,
              queued.customer_id,
              queued.conversation_id,
            ),
          )
        : null;
    return chooseAgent(
      team,
      {
        conversationId: queued.conversation_id,
        channel: queued.channel,
        requiredSkills: queued.required_skills,
        queuedAt: new Date(queued.queued_at).getTime(),
        declinedBy: queued.declined_by,
        previousAgentId,
      },
      candidates,
      this.deps.clock.now().getTime(),
    );
  }

  /** The team's policy, its online agents with load and skills, and the head of its queue. */
  async snapshot(workspaceId: string, teamId: string) {
    return this.deps.uow.read(async (repos) => {
      const [teamRow] = await repos.routing.teamRouting(workspaceId, teamId);
      if (!teamRow || teamRow.strategy === 'manual') return null;
      const since = new Date(this.deps.clock.now().getTime() - onlineWindowMs);
      const rows = await repos.routingQueue.candidates(workspaceId, teamId, since);
      if (rows.length === 0) return null;
      const waiting = await repos.routingQueue.waiting(workspaceId, teamId, drainBatch);
      if (waiting.length === 0) return null;
      const settings = await repos.routing.settings(workspaceId);
      const defaults = settings?.default_capacity ?? {};
      const skills = await repos.routing.agentSkills(
        workspaceId,
        rows.map((row) => row.user_id),
      );
      const byAgent = skillsByAgent(skills);
      return {
        team: teamRoutingOf(teamRow),
        defaults,
        waiting,
        candidates: rows.map((row) => toCandidate(row, defaults, byAgent)),
      };
    });
  }

  /**
   * One assignment (or offer), race-free; see the class comment. Without an offer the
   * assignment is one autocommitted call that writes its own events (see `routeAssign`); an
   * offer also sets the offer and its timeout job, in a transaction around the same call.
   */
  async assign(
    team: Team,
    queued: QueueRow,
    agentId: string,
    defaults: Record<string, number>,
    options: { deferEvents?: boolean } = {},
  ): Promise<AssignOutcome> {
    const ws = queued.workspace_id;
    const now = this.deps.clock.now();
    const target = {
      workspaceId: ws,
      conversationId: queued.conversation_id,
      teamId: team.teamId,
      agentId,
      channel: queued.channel,
      defaultCapacity:
        (effectiveCapacity(defaults, {}) as Record<string, number>)[queued.channel] ?? 0,
    };
    const timelineIds: [string, string] = [this.deps.ids(), this.deps.ids()];
    const offerSeconds = team.offerTimeoutSeconds ?? 0;
    if (offerSeconds <= 0) {
      let outcome: AssignOutcome = 'gone';
      await this.deps.uow.recordWithEvent(
        ws,
        async (repos) => {
          const result = await repos.routingQueue.routeAssign(
            target,
            { timelineIds, reason: 'routing', assignmentId: this.deps.ids(), emit: true },
            now,
          );
          outcome = result.outcome === 'full' ? 'agent_unavailable' : result.outcome;
          return outcome === 'assigned';
        },
        options,
      );
      return outcome;
    }
    return this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      const result = await repos.routingQueue.routeAssign(
        target,
        { timelineIds, reason: 'offered', assignmentId: null, emit: false },
        now,
      );
      if (result.outcome !== 'assigned')
        return result.outcome === 'full' ? 'agent_unavailable' : result.outcome;
      const after = (await repos.conversations.find(ws, queued.conversation_id))!;
      const before = { ...after, assignee_id: null, status: result.previousStatus };
      await repos.routingQueue.markAssigned(ws, agentId, now);
      const expires = new Date(now.getTime() + offerSeconds * 1000);
      const seq = await repos.routingQueue.setOffer(queued.conversation_id, agentId, expires);
      // One job per offer, written with it. No key: the offer number starts again with each
      // stay in the queue, so a key of conversation and number made a later stay's offers
      // never time out. The handler checks agent, number and expiry, so a job left from an
      // earlier stay does nothing.
      await repos.jobs.enqueue({
        id: this.deps.ids(),
        workspaceId: ws,
        kind: routingJobs.offerTimeout,
        payload: { workspaceId: ws, conversationId: queued.conversation_id, agentId, seq },
        runAt: expires,
      });
      await recordRoutingChange(scope, this.deps.ids, before, after, 'offered', now, {
        timelineWritten: true,
      });
      return 'assigned';
    }, options);
  }

  /** The conversation leaves the queue for good: its agent has it. */
  async finish(repos: Repositories, queued: QueueRow, agentId: string, at: Date) {
    await repos.routingQueue.finishAssignment({
      id: this.deps.ids(),
      workspaceId: queued.workspace_id,
      teamId: queued.team_id,
      conversationId: queued.conversation_id,
      agentId,
      queuedAt: new Date(queued.queued_at),
      at,
    });
  }

  /** A conversation's priority changed: if it waits, it moves to its new place. */
  async reprioritize(
    workspaceId: string,
    conversationId: string,
    priority: ConversationRow['priority'],
  ) {
    await this.deps.uow.read((repos) =>
      repos.routingQueue.setPriority(workspaceId, conversationId, priorityRank[priority]),
    );
  }

  /** Queues the team's unassigned open conversations (routing was just turned on), then drains. */
  async queueBacklog(workspaceId: string, teamId: string): Promise<void> {
    for (;;) {
      const count = await this.deps.uow.transaction(async (scope) => {
        const rows = await scope.repos.routingQueue.unqueued(workspaceId, teamId, 500);
        for (const row of rows) await this.enqueueIn(scope, row);
        return rows.length;
      });
      if (count < 500) break;
    }
    this.wakeJobs();
    await this.drainTeam(workspaceId, teamId);
  }

  /** Queues and drains every routed team's unassigned conversations (the worker's safety net). */
  async sweep(): Promise<void> {
    const teams = await this.deps.uow.read((repos) => repos.routingQueue.routedTeams());
    for (const { workspace_id, team_id } of teams) await this.queueBacklog(workspace_id, team_id);
  }
}

const hasAnyRoom = (agent: Candidate) =>
  Object.keys(agent.capacity).some((channel) => hasRoom(agent, channel));

const isRoutable = (row: ConversationRow) =>
  row.assignee_id === null &&
  (row.status === 'new' || row.status === 'open') &&
  row.merged_into_id === null;

/** `seconds` after `from`, but never before now (a re-queued conversation keeps its age). */
const later = (now: Date, from: Date, seconds: number) =>
  new Date(Math.max(now.getTime(), from.getTime() + seconds * 1000));

function skillsByAgent(rows: { user_id: string; skill_id: string; level: number }[]) {
  const map = new Map<string, Record<string, number>>();
  for (const row of rows) {
    let own = map.get(row.user_id);
    if (!own) map.set(row.user_id, (own = {}));
    own[row.skill_id] = row.level;
  }
  return map;
}

function toCandidate(
  row: CandidateRow,
  defaults: Record<string, number>,
  skills: Map<string, Record<string, number>>,
): Candidate {
  const own = skills.get(row.user_id) ?? {};
  return {
    userId: row.user_id,
    load: { ...row.load },
    capacity: effectiveCapacity(defaults, row.capacity ?? {}),
    lastAssignedAt: row.last_assigned_at ? new Date(row.last_assigned_at).getTime() : null,
    skills: own,
  };
}
