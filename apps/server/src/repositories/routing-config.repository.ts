import { sql } from 'kysely';
import type { AgentStatus, SkillRequirement, RoutingStrategy } from '../db/schema-routing.ts';
import { type Executor, isUniqueViolation, json } from './executor.ts';

/** Routing configuration: workspace defaults, agent status and capacity, skills, team settings. */
export class RoutingConfigRepository {
  constructor(private readonly db: Executor) {}

  settings(workspaceId: string) {
    return this.db
      .selectFrom('routing_settings')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
  }

  async saveSettings(
    workspaceId: string,
    patch: {
      defaultCapacity?: Record<string, number>;
      channelTeams?: Record<string, string>;
      awayReasons?: string[];
      autoAwayMinutes?: number;
    },
    at: Date,
  ) {
    const values = {
      ...(patch.defaultCapacity ? { default_capacity: json(patch.defaultCapacity) } : {}),
      ...(patch.channelTeams ? { channel_teams: json(patch.channelTeams) } : {}),
      ...(patch.awayReasons ? { away_reasons: patch.awayReasons } : {}),
      ...(patch.autoAwayMinutes !== undefined ? { auto_away_minutes: patch.autoAwayMinutes } : {}),
      updated_at: at,
    };
    await this.db
      .insertInto('routing_settings')
      .values({ workspace_id: workspaceId, ...values })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
      .execute();
  }

  agentRouting(workspaceId: string, userIds?: string[]) {
    let query = this.db
      .selectFrom('agent_routing')
      .selectAll()
      .where('workspace_id', '=', workspaceId);
    if (userIds) {
      if (userIds.length === 0) return Promise.resolve([]);
      query = query.where('user_id', 'in', userIds);
    }
    return query.execute();
  }

  /** Sets the agent's routing status; returns the previous one (online when never set). */
  async setStatus(
    workspaceId: string,
    userId: string,
    status: AgentStatus,
    awayReason: string | null,
    at: Date,
  ): Promise<AgentStatus> {
    const before = await this.db
      .selectFrom('agent_routing')
      .select('status')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    const values = { status, away_reason: awayReason, status_changed_at: at };
    await this.db
      .insertInto('agent_routing')
      .values({ workspace_id: workspaceId, user_id: userId, capacity: '{}', ...values })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet(values))
      .execute();
    return before?.status ?? 'online';
  }

  async setCapacity(workspaceId: string, userId: string, capacity: Record<string, number>) {
    await this.db
      .insertInto('agent_routing')
      .values({ workspace_id: workspaceId, user_id: userId, capacity: json(capacity) })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'user_id']).doUpdateSet({ capacity: json(capacity) }),
      )
      .execute();
  }

  listSkills(workspaceId: string) {
    return this.db
      .selectFrom('skills')
      .select(['id', 'name'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('name_key')
      .execute();
  }

  /** Inserts a skill; undefined when the name is taken. */
  async insertSkill(input: { id: string; workspaceId: string; name: string }) {
    try {
      return await this.db
        .insertInto('skills')
        .values({
          id: input.id,
          workspace_id: input.workspaceId,
          name: input.name,
          name_key: input.name.toLowerCase(),
        })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /** Drops a skill from every team's and every waiting conversation's requirements. */
  async forgetSkillRequirements(workspaceId: string, skillId: string) {
    for (const table of ['team_routing', 'routing_queue'] as const) {
      await sql`
        update ${sql.table(table)} set required_skills = coalesce((
          select jsonb_agg(need) from jsonb_array_elements(required_skills) need
          where need->>'skillId' <> ${skillId}), '[]'::jsonb)
        where workspace_id = ${workspaceId}
          and required_skills @> ${JSON.stringify([{ skillId }])}::jsonb`.execute(this.db);
    }
  }

  async deleteSkill(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('skills')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async existingSkillIds(workspaceId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('skills')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  agentSkills(workspaceId: string, userIds?: string[]) {
    let query = this.db
      .selectFrom('agent_skills')
      .select(['user_id', 'skill_id', 'level'])
      .where('workspace_id', '=', workspaceId);
    if (userIds) {
      if (userIds.length === 0) return Promise.resolve([]);
      query = query.where('user_id', 'in', userIds);
    }
    return query.execute();
  }

  async replaceAgentSkills(
    workspaceId: string,
    userId: string,
    skills: { skillId: string; level: number }[],
  ) {
    await this.db
      .deleteFrom('agent_skills')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .execute();
    if (skills.length === 0) return;
    await this.db
      .insertInto('agent_skills')
      .values(
        skills.map((s) => ({
          workspace_id: workspaceId,
          user_id: userId,
          skill_id: s.skillId,
          level: s.level,
        })),
      )
      .execute();
  }

  /** Every team of the workspace with its routing settings (defaults when never set). */
  teamRouting(workspaceId: string, teamId?: string) {
    let query = this.db
      .selectFrom('teams')
      .leftJoin('team_routing', 'team_routing.team_id', 'teams.id')
      .select([
        'teams.id as team_id',
        'teams.name as team_name',
        sql<RoutingStrategy>`coalesce(team_routing.strategy, 'manual')`.as('strategy'),
        'team_routing.offer_timeout_seconds',
        'team_routing.overflow_team_id',
        'team_routing.overflow_after_seconds',
        sql<boolean>`coalesce(team_routing.requeue_on_offline, true)`.as('requeue_on_offline'),
        sql<SkillRequirement[]>`coalesce(team_routing.required_skills, '[]'::jsonb)`.as(
          'required_skills',
        ),
        'team_routing.skill_relax_seconds',
      ])
      .where('teams.workspace_id', '=', workspaceId)
      .orderBy('teams.name');
    if (teamId) query = query.where('teams.id', '=', teamId);
    return query.execute();
  }

  async saveTeamRouting(
    workspaceId: string,
    teamId: string,
    values: {
      strategy: RoutingStrategy;
      offer_timeout_seconds: number | null;
      overflow_team_id: string | null;
      overflow_after_seconds: number | null;
      requeue_on_offline: boolean;
      required_skills: SkillRequirement[];
      skill_relax_seconds: number | null;
    },
    at: Date,
  ) {
    const row = { ...values, required_skills: json(values.required_skills), updated_at: at };
    await this.db
      .insertInto('team_routing')
      .values({ team_id: teamId, workspace_id: workspaceId, ...row })
      .onConflict((oc) => oc.column('team_id').doUpdateSet(row))
      .execute();
  }

  /** Active members with their names, for the admin's agent list. */
  activeAgents(workspaceId: string) {
    return this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .leftJoin('agent_presence', (join) =>
        join
          .onRef('agent_presence.workspace_id', '=', 'memberships.workspace_id')
          .onRef('agent_presence.user_id', '=', 'memberships.user_id'),
      )
      .select([
        'users.id',
        'users.name',
        'agent_presence.availability',
        'agent_presence.last_seen_at',
      ])
      .where('memberships.workspace_id', '=', workspaceId)
      .where('memberships.status', '=', 'active')
      .orderBy('users.name')
      .execute();
  }

  /** Team ids an agent belongs to. */
  async teamsOf(workspaceId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('team_members')
      .select('team_id')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .execute();
    return rows.map((row) => row.team_id);
  }
}
