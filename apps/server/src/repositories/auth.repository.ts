import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/** Sessions, failed logins, API tokens and invitations. */
export class AuthRepository {
  constructor(private readonly db: Executor) {}

  insertSession(row: {
    id: string;
    userId: string;
    workspaceId: string;
    tokenHash: string;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
  }) {
    return this.db
      .insertInto('sessions')
      .values({
        id: row.id,
        user_id: row.userId,
        workspace_id: row.workspaceId,
        token_hash: row.tokenHash,
        csrf_token: row.csrfToken,
        ip: row.ip,
        user_agent: row.userAgent,
        expires_at: row.expiresAt,
      })
      .execute();
  }

  /** A live session with its member's role; nothing for revoked, expired or deactivated ones. */
  findLiveSession(tokenHash: string, now: Date) {
    return this.db
      .selectFrom('sessions as s')
      .innerJoin('memberships as m', (join) =>
        join.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'),
      )
      .select(['s.id', 's.user_id', 's.workspace_id', 's.csrf_token', 's.last_seen_at', 'm.role'])
      .where('s.token_hash', '=', tokenHash)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now)
      .where('m.status', '=', 'active')
      .executeTakeFirst();
  }

  touchSession(id: string, now: Date) {
    return this.db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', '=', id)
      .execute();
  }

  revokeSession(id: string, userId: string, now: Date) {
    return this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  /** Revokes all of a user's sessions but one (after a password change). */
  revokeOtherSessions(userId: string, keepId: string | null, now: Date) {
    let query = this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (keepId) query = query.where('id', '!=', keepId);
    return query.execute();
  }

  /** Revokes every live session a user has in one workspace (their other workspaces keep theirs). */
  revokeWorkspaceSessions(workspaceId: string, userId: string, now: Date) {
    return this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  listSessions(userId: string, now: Date) {
    return this.db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
  }

  recordLoginFailure(row: { id: string; emailKey: string; ip: string; at: Date }) {
    return this.db
      .insertInto('login_failures')
      .values({ id: row.id, email_key: row.emailKey, ip: row.ip, created_at: row.at })
      .execute();
  }

  /** Failures in the window for this account and for this address. */
  async countLoginFailures(emailKey: string, ip: string, since: Date) {
    const row = await this.db
      .selectFrom('login_failures')
      .select([
        sql<number>`count(*) filter (where email_key = ${emailKey})::int`.as('account'),
        sql<number>`count(*) filter (where ip = ${ip})::int`.as('address'),
      ])
      .where('created_at', '>', since)
      .where((eb) => eb.or([eb('email_key', '=', emailKey), eb('ip', '=', ip)]))
      .executeTakeFirstOrThrow();
    return row;
  }

  insertApiToken(row: {
    id: string;
    workspaceId: string;
    name: string;
    prefix: string;
    tokenHash: string;
    scopes: string[];
    createdBy: string | null;
  }) {
    return this.db
      .insertInto('api_tokens')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        name: row.name,
        prefix: row.prefix,
        token_hash: row.tokenHash,
        scopes: row.scopes,
        created_by: row.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findLiveApiToken(tokenHash: string) {
    return this.db
      .selectFrom('api_tokens')
      .select(['id', 'workspace_id', 'scopes', 'last_used_at'])
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  touchApiToken(id: string, now: Date) {
    return this.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .execute();
  }

  listApiTokens(workspaceId: string) {
    return this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .execute();
  }

  revokeApiToken(workspaceId: string, id: string, now: Date) {
    return this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  findApiToken(workspaceId: string, id: string) {
    return this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  insertInvitation(row: {
    id: string;
    workspaceId: string;
    email: string;
    role: 'admin' | 'supervisor' | 'agent';
    teamIds: string[];
    tokenHash: string;
    invitedBy: string | null;
    expiresAt: Date;
  }) {
    return this.db
      .insertInto('invitations')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        email: row.email,
        role: row.role,
        team_ids: row.teamIds,
        token_hash: row.tokenHash,
        invited_by: row.invitedBy,
        expires_at: row.expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findInvitationByTokenHash(tokenHash: string) {
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Locks the invitation row so two acceptances of one link cannot both succeed. */
  findInvitationForUpdate(tokenHash: string) {
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
  }

  markInvitationAccepted(id: string, now: Date) {
    return this.db
      .updateTable('invitations')
      .set({ accepted_at: now })
      .where('id', '=', id)
      .execute();
  }

  listInvitations(workspaceId: string) {
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
  }

  findInvitation(workspaceId: string, id: string) {
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  revokeInvitation(workspaceId: string, id: string, now: Date) {
    return this.db
      .updateTable('invitations')
      .set({ revoked_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
  }
}
