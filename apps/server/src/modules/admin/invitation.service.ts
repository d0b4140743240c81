import type { z } from 'zod';
import type { CreateInvitationBody } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import { hashSecret, randomSecret } from '../../lib/secrets.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { Actor } from '../auth/actor.ts';
import { emailKey } from '../auth/auth.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentInvitation } from './admin.presenter.ts';
import { recordChange } from './record-change.ts';

const invitationTtlMs = 7 * 24 * 3600 * 1000;

/** Invitation links: created and revoked by admins, accepted through `AuthService`. */
export class InvitationService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Invites an email with a role and teams. The link's token is returned here once; only its
   * hash is stored, so it can be neither listed nor recovered later.
   */
  async create(actor: Actor, input: z.output<typeof CreateInvitationBody>) {
    const token = randomSecret(32);
    const row = await this.deps.uow.transaction(async ({ repos }) => {
      await this.checkNotMember(repos, actor.workspaceId, input.email);
      const teamIds = [...new Set(input.teamIds ?? [])];
      const existing = await repos.admin.existingTeamIds(actor.workspaceId, teamIds);
      if (existing.size !== teamIds.length) {
        throw new AppError('validation_failed', 'teamIds: no such team in this workspace', {
          field: 'teamIds',
          details: { unknownTeamIds: teamIds.filter((id) => !existing.has(id)) },
        });
      }
      const now = this.deps.clock.now();
      const invitation = await repos.auth.insertInvitation({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        email: input.email.trim(),
        role: input.role,
        teamIds,
        tokenHash: hashSecret(token),
        invitedBy: actor.kind === 'user' ? actor.userId : null,
        expiresAt: new Date(now.getTime() + invitationTtlMs),
      });
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'invitation.created',
        targetType: 'invitation',
        targetId: invitation.id,
        data: { email: invitation.email, role: invitation.role, teamIds },
      });
      return invitation;
    });
    return {
      ...presentInvitation(row),
      token,
      acceptUrl: `${this.deps.publicUrl}/app/accept-invitation?token=${encodeURIComponent(token)}`,
    };
  }

  private async checkNotMember(repos: Repositories, workspaceId: string, email: string) {
    const user = await repos.workspaces.findUserByEmailKey(emailKey(email));
    const membership = user ? await repos.workspaces.findMembership(workspaceId, user.id) : null;
    if (membership?.status === 'active') {
      throw new AppError('already_exists', 'This person is already a member of the workspace', {
        field: 'email',
      });
    }
    if (membership) {
      throw new AppError(
        'conflict',
        'This person is a deactivated member; reactivate them instead of inviting them',
        { field: 'email', details: { userId: membership.user_id } },
      );
    }
  }

  /** Invitations not revoked, newest first: pending, accepted and expired, without tokens. */
  async list(actor: Actor) {
    const rows = await this.deps.uow.read((repos) => repos.auth.listInvitations(actor.workspaceId));
    return rows.map(presentInvitation);
  }

  /** Revokes a pending invitation so its link stops working. */
  async revoke(actor: Actor, id: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const invitation = await repos.auth.findInvitation(actor.workspaceId, id);
      if (!invitation || invitation.revoked_at) throw notFound('Invitation');
      const now = this.deps.clock.now();
      // The update re-checks acceptance, so an acceptance that commits first wins cleanly.
      const revoked = await repos.auth.revokeInvitation(actor.workspaceId, id, now);
      if (invitation.accepted_at || Number(revoked.numUpdatedRows) === 0) {
        throw new AppError(
          'conflict',
          'This invitation was already accepted; deactivate the member instead',
        );
      }
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'invitation.revoked',
        targetType: 'invitation',
        targetId: id,
        data: { email: invitation.email },
      });
    });
  }
}
