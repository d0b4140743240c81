import type { z } from 'zod';
import type {
  AgentRouting,
  QueueSummary,
  QueuedConversationList,
  RoutingSettings,
  Skill,
  TeamRouting,
  UpdateAgentRoutingBody,
  UpdateRoutingSettingsBody,
  UpdateTeamRoutingBody,
} from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import { recordChange } from '../admin/record-change.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { availabilityOf, onlineWindowMs } from '../widget/availability.service.ts';
import type { RoutingEngine } from './routing-engine.service.ts';
import { builtInCapacity, effectiveCapacity, teamRoutingOf } from './routing-settings.ts';

const skillTaken = () =>
  new AppError('already_exists', 'name: a skill with this name already exists', { field: 'name' });

/** The live view's order of agent statuses. */
const liveStatuses = ['online', 'away', 'disconnected', 'offline'] as const;
/** What a supervisor counts as an agent's work in hand (the backlog drill-down's rule). */
const unsolvedStatuses = new Set(['new', 'open', 'pending']);
interface LiveAgent {
  userId: string;
  name: string;
  awayReason: string | null;
  unsolved: number;
}

/** What admins configure (capacity, skills, team routing) and what supervisors watch (queues). */
export class RoutingAdminService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly engine: RoutingEngine,
  ) {}

  getSettings(actor: Actor): Promise<RoutingSettings> {
    return this.deps.uow.read((repos) => this.settingsOf(repos, actor.workspaceId));
  }

  async updateSettings(actor: Actor, input: z.output<typeof UpdateRoutingSettingsBody>) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const current = await this.settingsOf(repos, actor.workspaceId);
      if (input.channelTeams)
        await this.checkTeams(
          repos,
          actor.workspaceId,
          Object.values(input.channelTeams),
          'channelTeams',
        );
      const now = this.deps.clock.now();
      await repos.routing.saveSettings(
        actor.workspaceId,
        {
          ...(input.defaultCapacity
            ? { defaultCapacity: { ...current.defaultCapacity, ...input.defaultCapacity } }
            : {}),
          ...(input.channelTeams ? { channelTeams: input.channelTeams } : {}),
          ...(input.awayReasons ? { awayReasons: [...new Set(input.awayReasons)] } : {}),
          ...(input.autoAwayMinutes !== undefined
            ? { autoAwayMinutes: input.autoAwayMinutes }
            : {}),
        },
        now,
      );
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'routing.settings_changed',
        targetType: 'workspace',
        targetId: actor.workspaceId,
        data: input,
      });
    });
    return this.getSettings(actor);
  }

  private async settingsOf(repos: Repositories, workspaceId: string): Promise<RoutingSettings> {
    const row = await repos.routing.settings(workspaceId);
    return {
      defaultCapacity: effectiveCapacity(row?.default_capacity ?? builtInCapacity, {}),
      channelTeams: row?.channel_teams ?? {},
      awayReasons: row?.away_reasons ?? [],
      autoAwayMinutes: row?.auto_away_minutes ?? 15,
    };
  }

  listSkills(actor: Actor): Promise<{ items: Skill[] }> {
    return this.deps.uow.read(async (repos) => ({
      items: await repos.routing.listSkills(actor.workspaceId),
    }));
  }

  async createSkill(actor: Actor, name: string): Promise<Skill> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.routing.insertSkill({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        name,
      });
      if (!row) throw skillTaken();
      const now = this.deps.clock.now();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'skill.created',
        targetType: 'skill',
        targetId: row.id,
        data: { name },
      });
      return row;
    });
  }

  async deleteSkill(actor: Actor, id: string): Promise<{ ok: true }> {
    await this.deps.uow.transaction(async ({ repos }) => {
      if (!(await repos.routing.deleteSkill(actor.workspaceId, id))) throw notFound('Skill');
      // A requirement nobody can meet any more would hold conversations forever.
      await repos.routing.forgetSkillRequirements(actor.workspaceId, id);
      const now = this.deps.clock.now();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'skill.deleted',
        targetType: 'skill',
        targetId: id,
      });
    });
    return { ok: true };
  }

  async listAgents(actor: Actor): Promise<{ items: AgentRouting[] }> {
    return this.deps.uow.read(async (repos) => {
      const ws = actor.workspaceId;
      const agents = await repos.routing.activeAgents(ws);
      const routing = new Map((await repos.routing.agentRouting(ws)).map((r) => [r.user_id, r]));
      const skills = await repos.routing.agentSkills(ws);
      const { defaultCapacity } = await this.settingsOf(repos, ws);
      const now = this.deps.clock.now();
      return {
        items: agents.map((agent) => {
          const own = routing.get(agent.id);
          return {
            userId: agent.id,
            name: agent.name,
            status: own?.status ?? 'online',
            awayReason: own?.away_reason ?? null,
            connected: availabilityOf(
              { availability: 'online', last_seen_at: agent.last_seen_at },
              now,
            ).online,
            capacity: own?.capacity ?? {},
            effectiveCapacity: effectiveCapacity(defaultCapacity, own?.capacity ?? {}),
            skills: skills
              .filter((s) => s.user_id === agent.id)
              .map((s) => ({ skillId: s.skill_id, level: s.level })),
          };
        }),
      };
    });
  }

  /**
   * The live view's agents by status: online, away, disconnected (online but no tab open),
   * offline, each with its members and their unsolved conversations (the inbox counters).
   */
  async agentsByStatus(actor: Actor) {
    const { items } = await this.listAgents(actor);
    const counts = await this.deps.uow.read((repos) =>
      repos.inbox.conversationCounts(actor.workspaceId),
    );
    const unsolved = new Map<string, number>();
    for (const row of counts)
      if (row.assignee_id && unsolvedStatuses.has(row.status))
        unsolved.set(row.assignee_id, (unsolved.get(row.assignee_id) ?? 0) + row.count);
    const groups = new Map(liveStatuses.map((status) => [status, [] as LiveAgent[]]));
    for (const agent of items) {
      const status = agent.status === 'online' && !agent.connected ? 'disconnected' : agent.status;
      groups.get(status)!.push({
        userId: agent.userId,
        name: agent.name,
        awayReason: agent.status === 'away' ? agent.awayReason : null,
        unsolved: unsolved.get(agent.userId) ?? 0,
      });
    }
    return [...groups]
      .filter(([, members]) => members.length > 0)
      .map(([status, members]) => ({ status, count: members.length, members }));
  }

  async updateAgent(actor: Actor, userId: string, input: z.output<typeof UpdateAgentRoutingBody>) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      if (!(await repos.workspaces.activeMemberIds(ws, [userId])).has(userId))
        throw notFound('Agent');
      if (input.capacity) await repos.routing.setCapacity(ws, userId, input.capacity);
      if (input.skills) {
        const ids = [...new Set(input.skills.map((s) => s.skillId))];
        if (ids.length !== input.skills.length)
          throw new AppError('validation_failed', 'skills: each skill at most once', {
            field: 'skills',
          });
        if ((await repos.routing.existingSkillIds(ws, ids)).size !== ids.length)
          throw new AppError('validation_failed', 'skills: no such skill', { field: 'skills' });
        await repos.routing.replaceAgentSkills(ws, userId, input.skills);
      }
      const now = this.deps.clock.now();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'agent.routing_changed',
        targetType: 'user',
        targetId: userId,
        data: input,
      });
    });
    const { items } = await this.listAgents(actor);
    return items.find((agent) => agent.userId === userId)!;
  }

  async listTeams(actor: Actor): Promise<{ items: TeamRouting[] }> {
    const rows = await this.deps.uow.read((repos) => repos.routing.teamRouting(actor.workspaceId));
    return { items: rows.map(teamRoutingOf) };
  }

  async updateTeam(actor: Actor, teamId: string, input: z.output<typeof UpdateTeamRoutingBody>) {
    const ws = actor.workspaceId;
    const team = await this.deps.uow.transaction(async ({ repos }) => {
      const [row] = await repos.routing.teamRouting(ws, teamId);
      if (!row) throw notFound('Team');
      const next = { ...teamRoutingOf(row), ...input };
      if (next.overflowTeamId === teamId)
        throw new AppError(
          'validation_failed',
          'overflowTeamId: a team cannot overflow into itself',
          {
            field: 'overflowTeamId',
          },
        );
      if (next.overflowTeamId)
        await this.checkTeams(repos, ws, [next.overflowTeamId], 'overflowTeamId');
      const skillIds = next.requiredSkills.map((s) => s.skillId);
      if ((await repos.routing.existingSkillIds(ws, skillIds)).size !== new Set(skillIds).size)
        throw new AppError('validation_failed', 'requiredSkills: no such skill', {
          field: 'requiredSkills',
        });
      const now = this.deps.clock.now();
      await repos.routing.saveTeamRouting(
        ws,
        teamId,
        {
          strategy: next.strategy,
          offer_timeout_seconds: next.offerTimeoutSeconds,
          overflow_team_id: next.overflowTeamId,
          overflow_after_seconds: next.overflowAfterSeconds,
          requeue_on_offline: next.requeueOnOffline,
          required_skills: next.requiredSkills,
          skill_relax_seconds: next.skillRelaxSeconds,
        },
        now,
      );
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'team.routing_changed',
        targetType: 'team',
        targetId: teamId,
        data: input,
      });
      return next;
    });
    // Turning routing on picks up the team's unassigned conversations at once.
    if (team.strategy !== 'manual') await this.engine.queueBacklog(ws, teamId);
    return team;
  }

  private async checkTeams(repos: Repositories, ws: string, ids: string[], field: string) {
    const unique = [...new Set(ids)];
    if ((await repos.admin.existingTeamIds(ws, unique)).size !== unique.length)
      throw new AppError('validation_failed', `${field}: no such team`, { field });
  }

  /** A team's waiting conversations in queue order: `limit` of them, after the first `offset`. */
  async queuedConversations(
    actor: Actor,
    teamId: string,
    page: { limit: number; offset: number },
  ): Promise<QueuedConversationList> {
    const ws = actor.workspaceId;
    return this.deps.uow.read(async (repos) => {
      const [team] = await repos.routing.teamRouting(ws, teamId);
      if (!team) throw notFound('Team');
      const { rows, total } = await repos.routingQueue.waitingList(ws, teamId, page);
      return {
        items: rows.map((row, index) => ({
          position: page.offset + index + 1,
          conversationId: row.conversation_id,
          number: row.number,
          subject: row.subject,
          channel: row.channel,
          priority: row.priority,
          vip: row.tier_rank > 0,
          customerName: row.customer_name,
          queuedAt: new Date(row.queued_at).toISOString(),
          slaDueAt: row.sla_due_at ? new Date(row.sla_due_at).toISOString() : null,
        })),
        total,
      };
    });
  }

  /** Per team: waiting, longest wait and agents online and with room, for the supervisor view. */
  async queues(actor: Actor): Promise<{ items: QueueSummary[]; at: string }> {
    const ws = actor.workspaceId;
    const now = this.deps.clock.now();
    return this.deps.uow.read(async (repos) => {
      const teams = await repos.routing.teamRouting(ws);
      const summaries = new Map((await repos.routingQueue.summaries(ws)).map((s) => [s.teamId, s]));
      const { defaultCapacity } = await this.settingsOf(repos, ws);
      const since = new Date(now.getTime() - onlineWindowMs);
      const items: QueueSummary[] = [];
      for (const team of teams) {
        const agents = await repos.routingQueue.candidates(ws, team.team_id, since);
        const summary = summaries.get(team.team_id);
        // Room for what waits (any channel when nothing does).
        const available = agents.filter((agent) => {
          const capacity = effectiveCapacity(defaultCapacity, agent.capacity ?? {});
          return Object.entries(capacity).some(
            ([channel, n]) =>
              (!summary?.channels.length || summary.channels.includes(channel)) &&
              (agent.load[channel] ?? 0) < n,
          );
        });
        items.push({
          teamId: team.team_id,
          teamName: team.team_name,
          strategy: team.strategy,
          waiting: summary?.waiting ?? 0,
          offered: summary?.offered ?? 0,
          longestWaitSeconds: summary?.oldest
            ? Math.max(0, Math.round((now.getTime() - summary.oldest.getTime()) / 1000))
            : null,
          agentsOnline: agents.length,
          agentsAvailable: available.length,
        });
      }
      return { items, at: now.toISOString() };
    });
  }
}
