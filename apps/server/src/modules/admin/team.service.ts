import type { z } from 'zod';
import type { CreateTeamBody, UpdateTeamBody } from '@kefu/contracts';
import type { TeamRow } from '../../db/schema.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentTeam } from './admin.presenter.ts';
import { recordChange } from './record-change.ts';

const nameTaken = () =>
  new AppError('already_exists', 'name: a team with this name already exists', { field: 'name' });

/** Teams group agents so conversations can be routed to a team rather than a person. */
export class TeamService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor) {
    return this.deps.uow.read(async (repos) =>
      this.present(repos, await repos.admin.listTeams(actor.workspaceId)),
    );
  }

  async get(actor: Actor, id: string) {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.admin.findTeam(actor.workspaceId, id);
      if (!row) throw notFound('Team');
      return (await this.present(repos, [row]))[0]!;
    });
  }

  async create(actor: Actor, input: z.output<typeof CreateTeamBody>) {
    const id = await this.deps.uow.transaction(async ({ repos }) => {
      const memberIds = await this.checkMembers(repos, actor.workspaceId, input.memberIds ?? []);
      const now = this.deps.clock.now();
      const row = await repos.admin.insertTeam({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        name: input.name,
        description: input.description ?? null,
        at: now,
      });
      if (!row) throw nameTaken();
      await repos.admin.replaceTeamMembers(actor.workspaceId, row.id, memberIds);
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'team.created',
        targetType: 'team',
        targetId: row.id,
        data: { name: row.name, memberIds },
      });
      return row.id;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: z.output<typeof UpdateTeamBody>) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.admin.findTeam(actor.workspaceId, id);
      if (!row) throw notFound('Team');
      const now = this.deps.clock.now();
      const updated = await repos.admin.updateTeam(id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        updated_at: now,
      });
      if (!updated) throw nameTaken();
      const data: Record<string, unknown> = this.changes(row, updated);
      if (input.memberIds !== undefined) {
        const memberIds = await this.checkMembers(repos, actor.workspaceId, input.memberIds);
        await repos.admin.replaceTeamMembers(actor.workspaceId, id, memberIds);
        data.memberIds = memberIds;
      }
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'team.updated',
        targetType: 'team',
        targetId: id,
        data,
      });
    });
    return this.get(actor, id);
  }

  /** Deletes a team; its conversations keep their assignee and lose only the team. */
  async remove(actor: Actor, id: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.admin.findTeam(actor.workspaceId, id);
      if (!row) throw notFound('Team');
      await repos.admin.deleteTeam(actor.workspaceId, id);
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'team.deleted',
        targetType: 'team',
        targetId: id,
        data: { name: row.name },
      });
    });
  }

  /** Members must be active members of the workspace; duplicates are ignored. */
  private async checkMembers(repos: Repositories, workspaceId: string, ids: string[]) {
    const memberIds = [...new Set(ids)];
    const active = await repos.workspaces.activeMemberIds(workspaceId, memberIds);
    const unknown = memberIds.filter((memberId) => !active.has(memberId));
    if (unknown.length > 0) {
      throw new AppError('validation_failed', 'memberIds: no active agent with these ids', {
        field: 'memberIds',
        details: { unknownIds: unknown },
      });
    }
    return memberIds;
  }

  private changes(before: TeamRow, after: TeamRow) {
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    if (before.name !== after.name) changes.name = { from: before.name, to: after.name };
    if (before.description !== after.description)
      changes.description = { from: before.description, to: after.description };
    return { changes };
  }

  private async present(repos: Repositories, rows: TeamRow[]) {
    const members = await repos.admin.teamMembers(rows.map((r) => r.id));
    return rows.map((row) => presentTeam(row, members.get(row.id) ?? []));
  }
}
