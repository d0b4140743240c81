import type { z } from 'zod';
import type { Role, UpdateAgentBody } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { Actor } from '../auth/actor.ts';
import { canChangeRole } from '../auth/policies.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentAgent } from './admin.presenter.ts';
import { recordChange } from './record-change.ts';
import { availabilityOf } from '../widget/availability.service.ts';

type Membership = { user_id: string; role: Role; status: 'active' | 'deactivated' };

/** The workspace's members: who they are, their role, and whether they may sign in. */
export class AgentService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor) {
    const [rows, presence] = await this.deps.uow.read(async (repos) => [
      await repos.workspaces.listMembers(actor.workspaceId),
      await repos.widget.presenceOf(actor.workspaceId),
    ]);
    const now = this.deps.clock.now();
    return rows.map((row) => {
      const { availability, online } = availabilityOf(
        presence.find((p) => p.user_id === row.id),
        now,
      );
      return { ...presentAgent(row), availability, online };
    });
  }

  async get(actor: Actor, userId: string) {
    const row = await this.deps.uow.read((repos) =>
      repos.workspaces.findMember(actor.workspaceId, userId),
    );
    if (!row) throw notFound('Agent');
    return presentAgent(row);
  }

  /**
   * Changes a member's role or status. Nobody changes their own role or deactivates themselves,
   * the last active owner stays one, and deactivation signs the member out of this workspace
   * (their conversations stay assigned; reassigning is a supervisor's decision).
   */
  async update(actor: Actor, userId: string, input: z.output<typeof UpdateAgentBody>) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const member = await repos.workspaces.findMembershipForUpdate(actor.workspaceId, userId);
      if (!member) throw notFound('Agent');
      const role = input.role ?? member.role;
      const status = input.status ?? member.status;
      if (role === member.role && status === member.status) return;
      this.checkSelf(actor, userId, role !== member.role, status);
      await this.checkOwnerRemains(repos, actor.workspaceId, member, role, status);
      // API tokens administer with an admin's authority: they never manage admins or owners.
      const actingRole: Role = actor.kind === 'user' ? actor.role : 'admin';
      if (!canChangeRole(actingRole, member.role, role)) {
        throw new AppError(
          'forbidden',
          actingRole === 'owner'
            ? 'Owners cannot be changed here'
            : 'Admins can only change supervisors and agents, and cannot make admins',
        );
      }
      await this.apply(repos, actor, member, role, status);
    });
    return this.get(actor, userId);
  }

  private checkSelf(actor: Actor, userId: string, roleChanges: boolean, status: string) {
    if (actor.kind !== 'user' || actor.userId !== userId) return;
    if (roleChanges)
      throw new AppError(
        'forbidden',
        'You cannot change your own role; ask another owner or admin',
        { field: 'role' },
      );
    if (status === 'deactivated')
      throw new AppError('conflict', 'You cannot deactivate yourself', { field: 'status' });
  }

  private async checkOwnerRemains(
    repos: Repositories,
    workspaceId: string,
    member: Membership,
    role: Role,
    status: string,
  ) {
    const staysActiveOwner = role === 'owner' && status === 'active';
    if (member.role !== 'owner' || member.status !== 'active' || staysActiveOwner) return;
    if ((await repos.workspaces.countActiveOwners(workspaceId)) <= 1) {
      throw new AppError(
        'conflict',
        'A workspace needs an active owner; this is the last one, so their role and status stay',
      );
    }
  }

  private async apply(
    repos: Repositories,
    actor: Actor,
    member: Membership,
    role: Role,
    status: 'active' | 'deactivated',
  ) {
    const now = this.deps.clock.now();
    const audit = { ids: this.deps.ids, now };
    await repos.workspaces.updateMembership(actor.workspaceId, member.user_id, { role, status });
    if (role !== member.role) {
      await recordChange(repos, audit, actor, {
        action: 'agent.role_changed',
        targetType: 'user',
        targetId: member.user_id,
        data: { from: member.role, to: role },
      });
    }
    if (status === member.status) return;
    if (status === 'deactivated') {
      const revoked = await repos.auth.revokeWorkspaceSessions(
        actor.workspaceId,
        member.user_id,
        now,
      );
      await recordChange(repos, audit, actor, {
        action: 'agent.deactivated',
        targetType: 'user',
        targetId: member.user_id,
        data: { revokedSessions: Number(revoked.numUpdatedRows) },
      });
    } else {
      await recordChange(repos, audit, actor, {
        action: 'agent.reactivated',
        targetType: 'user',
        targetId: member.user_id,
      });
    }
  }
}
