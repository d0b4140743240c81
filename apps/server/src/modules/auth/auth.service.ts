import type { z } from 'zod';
import type {
  AcceptInvitationBody,
  LoginBody,
  PasswordChangeBody,
  SignupBody,
  TokenScope,
} from '@kefu/contracts';
import { AppError } from '../../lib/errors.ts';
import { hashSecret, randomSecret, safeEqual } from '../../lib/secrets.ts';
import type { Repositories } from '../../repositories/index.ts';
import { canonicalTimeZone } from '../../lib/time-zone.ts';
import { writeAudit } from '../audit.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { Actor } from './actor.ts';

const sessionTtlMs = 30 * 24 * 3600 * 1000;
const failureWindowMs = 3600 * 1000;
/** At most this many failed logins per account and per address in an hour. */
export const maxLoginFailures = 100;

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export type UserActor = Extract<Actor, { kind: 'user' }>;

/** Lower-cased, trimmed email: the key that makes addresses unique. */
export const emailKey = (email: string) => email.trim().toLowerCase();

function slugify(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return ascii || 'workspace';
}

/** Sign-up, login, sessions, API-token authentication and invitation acceptance. */
export class AuthService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Creates a workspace with its owner and signs the owner in. */
  async signup(input: z.output<typeof SignupBody>, meta: RequestMeta) {
    const passwordHash = await this.deps.hasher.hash(input.password);
    return this.deps.uow.transaction(async ({ repos }) => {
      const key = emailKey(input.email);
      const userId = this.deps.ids();
      const created = await repos.workspaces.insertUser({
        id: userId,
        email: input.email.trim(),
        emailKey: key,
        name: input.name,
        passwordHash,
        locale: input.locale ?? 'en',
      });
      if (!created) {
        throw new AppError(
          'already_exists',
          'An account with this email already exists; sign in instead',
          {
            field: 'email',
          },
        );
      }
      const workspaceId = await this.createWorkspace(repos, {
        name: input.workspaceName,
        timezone: canonicalTimeZone(input.timezone ?? 'UTC'),
        locale: input.locale ?? 'en',
      });
      await repos.workspaces.insertMembership({ workspaceId, userId, role: 'owner' });
      const now = this.deps.clock.now();
      await writeAudit(
        repos,
        { ids: this.deps.ids, now },
        {
          actor: null,
          workspaceId,
          action: 'workspace.created',
          targetType: 'workspace',
          targetId: workspaceId,
          data: { ownerId: userId },
        },
      );
      return this.startSession(repos, { userId, workspaceId }, meta);
    });
  }

  /** Creates an empty workspace (used by sign-up and the demo seed). */
  async createWorkspace(
    repos: Repositories,
    input: { name: string; timezone: string; locale: string },
  ): Promise<string> {
    const base = slugify(input.name);
    let slug = base;
    while (await repos.workspaces.isSlugTaken(slug))
      slug = `${base}-${randomSecret(3)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x')}`;
    const id = this.deps.ids();
    await repos.workspaces.insertWorkspace({
      id,
      name: input.name,
      slug,
      timezone: input.timezone,
      defaultLocale: input.locale,
    });
    return id;
  }

  /**
   * Checks email and password. The answer and its timing are the same whether the account
   * exists or not, and failures are limited per account and per address.
   */
  async login(input: z.output<typeof LoginBody>, meta: RequestMeta) {
    const key = emailKey(input.email);
    const ip = meta.ip ?? 'unknown';
    const now = this.deps.clock.now();
    const failures = await this.deps.uow.read((repos) =>
      repos.auth.countLoginFailures(key, ip, new Date(now.getTime() - failureWindowMs)),
    );
    if (failures.account >= maxLoginFailures || failures.address >= maxLoginFailures) {
      throw new AppError('rate_limited', 'Too many failed sign-in attempts. Try again in an hour.');
    }
    const user = await this.deps.uow.read((repos) => repos.workspaces.findUserByEmailKey(key));
    const passwordOk = await this.deps.hasher.verify(user?.password_hash ?? null, input.password);
    const workspaces =
      user && passwordOk
        ? await this.deps.uow.read((repos) => repos.workspaces.listUserWorkspaces(user.id))
        : [];
    const workspace = input.workspaceId
      ? workspaces.find((w) => w.id === input.workspaceId)
      : workspaces[0];
    if (!user || !passwordOk || !workspace) {
      await this.deps.uow.transaction(({ repos }) =>
        repos.auth.recordLoginFailure({ id: this.deps.ids(), emailKey: key, ip, at: now }),
      );
      throw new AppError('invalid_credentials', 'The email or password is incorrect');
    }
    return this.deps.uow.transaction(({ repos }) =>
      this.startSession(repos, { userId: user.id, workspaceId: workspace.id }, meta),
    );
  }

  private async startSession(
    repos: Repositories,
    who: { userId: string; workspaceId: string },
    meta: RequestMeta,
  ) {
    const token = randomSecret(32);
    const csrfToken = randomSecret(24);
    const sessionId = this.deps.ids();
    const now = this.deps.clock.now();
    await repos.auth.insertSession({
      id: sessionId,
      userId: who.userId,
      workspaceId: who.workspaceId,
      tokenHash: hashSecret(token),
      csrfToken,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
      expiresAt: new Date(now.getTime() + sessionTtlMs),
    });
    return {
      token,
      csrfToken,
      sessionId,
      userId: who.userId,
      workspaceId: who.workspaceId,
      expiresAt: new Date(now.getTime() + sessionTtlMs),
    };
  }

  /** Resolves a session cookie to an actor, or null when it is unknown, expired or revoked. */
  async authenticateSession(
    token: string,
    ip: string | null,
  ): Promise<{ actor: UserActor; csrfToken: string } | null> {
    const now = this.deps.clock.now();
    const session = await this.deps.uow.read((repos) =>
      repos.auth.findLiveSession(hashSecret(token), now),
    );
    if (!session) return null;
    if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) {
      await this.deps.uow.read((repos) => repos.auth.touchSession(session.id, now));
    }
    return {
      actor: {
        kind: 'user',
        userId: session.user_id,
        workspaceId: session.workspace_id,
        role: session.role,
        sessionId: session.id,
        ip,
      },
      csrfToken: session.csrf_token,
    };
  }

  /** Resolves a bearer API token to an actor, or null. */
  async authenticateApiToken(token: string, ip: string | null): Promise<Actor | null> {
    const row = await this.deps.uow.read((repos) => repos.auth.findLiveApiToken(hashSecret(token)));
    if (!row) return null;
    const now = this.deps.clock.now();
    if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.deps.uow.read((repos) => repos.auth.touchApiToken(row.id, now));
    }
    return {
      kind: 'api_token',
      tokenId: row.id,
      workspaceId: row.workspace_id,
      scopes: row.scopes as TokenScope[],
      ip,
    };
  }

  checkCsrf(expected: string, given: string | undefined): boolean {
    return given !== undefined && safeEqual(expected, given);
  }

  async logout(actor: UserActor) {
    await this.deps.uow.transaction(({ repos }) =>
      repos.auth.revokeSession(actor.sessionId, actor.userId, this.deps.clock.now()),
    );
  }

  /** The signed-in user, workspace and role, with the CSRF token the client must echo. */
  async sessionInfo(who: { userId: string; workspaceId: string }, csrfToken: string) {
    return this.deps.uow.read(async (repos) => {
      const user = await repos.workspaces.findUser(who.userId);
      const workspace = await repos.workspaces.findWorkspace(who.workspaceId);
      const membership = await repos.workspaces.findMembership(who.workspaceId, who.userId);
      if (!user || !workspace || membership?.status !== 'active')
        throw new AppError('unauthenticated', 'Your session has ended; sign in again');
      const workspaces = await repos.workspaces.listUserWorkspaces(who.userId);
      return {
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          locale: user.locale as 'en' | 'zh-CN',
          timezone: user.timezone,
        },
        workspace: {
          id: workspace.id,
          name: workspace.name,
          slug: workspace.slug,
          timezone: workspace.timezone,
        },
        role: membership.role,
        csrfToken,
        workspaces,
      };
    });
  }

  async changePassword(actor: UserActor, input: z.output<typeof PasswordChangeBody>) {
    const user = await this.deps.uow.read((repos) => repos.workspaces.findUser(actor.userId));
    if (!user || !(await this.deps.hasher.verify(user.password_hash, input.currentPassword))) {
      throw new AppError('invalid_credentials', 'The current password is incorrect', {
        field: 'currentPassword',
      });
    }
    const passwordHash = await this.deps.hasher.hash(input.newPassword);
    await this.deps.uow.transaction(async ({ repos }) => {
      const now = this.deps.clock.now();
      await repos.workspaces.updatePassword(actor.userId, passwordHash, now);
      await repos.auth.revokeOtherSessions(actor.userId, actor.sessionId, now);
      await writeAudit(
        repos,
        { ids: this.deps.ids, now },
        {
          actor,
          workspaceId: actor.workspaceId,
          action: 'user.password_changed',
          targetType: 'user',
          targetId: actor.userId,
        },
      );
    });
  }

  async listSessions(actor: UserActor) {
    const rows = await this.deps.uow.read((repos) =>
      repos.auth.listSessions(actor.userId, this.deps.clock.now()),
    );
    return rows.map((r) => ({
      id: r.id,
      createdAt: new Date(r.created_at).toISOString(),
      lastSeenAt: new Date(r.last_seen_at).toISOString(),
      ip: r.ip,
      userAgent: r.user_agent,
      current: r.id === actor.sessionId,
    }));
  }

  async revokeSession(actor: UserActor, sessionId: string) {
    const result = await this.deps.uow.transaction(({ repos }) =>
      repos.auth.revokeSession(sessionId, actor.userId, this.deps.clock.now()),
    );
    if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found', 'Session not found');
  }

  /** Joins a workspace through an invitation link, creating the account if it is new. */
  async acceptInvitation(input: z.output<typeof AcceptInvitationBody>, meta: RequestMeta) {
    const tokenHash = hashSecret(input.token);
    const isUsable = (
      invitation:
        { accepted_at: unknown; revoked_at: unknown; expires_at: Date | string } | undefined,
    ) =>
      invitation !== undefined &&
      !invitation.accepted_at &&
      !invitation.revoked_at &&
      new Date(invitation.expires_at) > this.deps.clock.now();
    const invalid = () =>
      new AppError('not_found', 'This invitation is invalid, used or expired; ask for a new one');
    // Check the invitation first, so a used or expired link always answers the same way.
    const preview = await this.deps.uow.read((repos) =>
      repos.auth.findInvitationByTokenHash(tokenHash),
    );
    if (!preview || !isUsable(preview)) throw invalid();
    const existing = await this.deps.uow.read((repos) =>
      repos.workspaces.findUserByEmailKey(emailKey(preview.email)),
    );
    if (existing && !(await this.deps.hasher.verify(existing.password_hash, input.password))) {
      throw new AppError(
        'invalid_credentials',
        'This email already has an account: enter its password to join',
        { field: 'password' },
      );
    }
    const passwordHash = existing ? null : await this.deps.hasher.hash(input.password);
    return this.deps.uow.transaction(async ({ repos }) => {
      const now = this.deps.clock.now();
      // Locked and checked again: two acceptances of one link cannot both succeed.
      const invitation = await repos.auth.findInvitationForUpdate(tokenHash);
      if (!invitation || !isUsable(invitation)) throw invalid();
      let userId = existing?.id;
      if (!userId) {
        userId = this.deps.ids();
        const created = await repos.workspaces.insertUser({
          id: userId,
          email: invitation.email,
          emailKey: emailKey(invitation.email),
          name: input.name,
          passwordHash: passwordHash!,
          locale: 'en',
        });
        if (!created)
          throw new AppError('conflict', 'An account for this email was just created; try again');
      }
      if (await repos.workspaces.findMembership(invitation.workspace_id, userId)) {
        throw new AppError('conflict', 'You are already a member of this workspace');
      }
      await repos.workspaces.insertMembership({
        workspaceId: invitation.workspace_id,
        userId,
        role: invitation.role,
      });
      const teamIds = await repos.admin.existingTeamIds(
        invitation.workspace_id,
        invitation.team_ids,
      );
      for (const teamId of teamIds)
        await repos.admin.addTeamMember(invitation.workspace_id, teamId, userId);
      await repos.auth.markInvitationAccepted(invitation.id, now);
      await writeAudit(
        repos,
        { ids: this.deps.ids, now },
        {
          actor: null,
          workspaceId: invitation.workspace_id,
          action: 'invitation.accepted',
          targetType: 'user',
          targetId: userId,
          data: { invitationId: invitation.id, role: invitation.role },
        },
      );
      return this.startSession(repos, { userId, workspaceId: invitation.workspace_id }, meta);
    });
  }
}
