import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import type { Role } from '@kefu/contracts';

/** Workspaces, users, memberships and per-workspace counters. */
export class WorkspaceRepository {
  constructor(private readonly db: Executor) {}

  async insertWorkspace(row: {
    id: string;
    name: string;
    slug: string;
    timezone: string;
    defaultLocale: string;
  }) {
    await this.db
      .insertInto('workspaces')
      .values({
        id: row.id,
        name: row.name,
        slug: row.slug,
        timezone: row.timezone,
        default_locale: row.defaultLocale,
      })
      .execute();
    await this.db
      .insertInto('workspace_counters')
      .values([
        { workspace_id: row.id, name: 'conversation' },
        { workspace_id: row.id, name: 'event' },
      ])
      .execute();
  }

  findWorkspace(id: string) {
    return this.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async isSlugTaken(slug: string) {
    return (
      (await this.db
        .selectFrom('workspaces')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirst()) !== undefined
    );
  }

  updateWorkspace(
    id: string,
    patch: { name?: string; timezone?: string; default_locale?: string; updated_at: Date },
  ) {
    return this.db
      .updateTable('workspaces')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Takes the next value of a per-workspace counter. The row lock is held until the
   * transaction ends, so concurrent writers get consecutive values in commit order.
   */
  async nextCounter(workspaceId: string, name: 'conversation' | 'event'): Promise<number> {
    const row = await this.db
      .updateTable('workspace_counters')
      .set({ value: sql`value + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('name', '=', name)
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async currentCounter(workspaceId: string, name: 'conversation' | 'event'): Promise<number> {
    const row = await this.db
      .selectFrom('workspace_counters')
      .select('value')
      .where('workspace_id', '=', workspaceId)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(row?.value ?? 0);
  }

  /** Adds a user; false when the email is already taken (also under a concurrent sign-up). */
  async insertUser(row: {
    id: string;
    email: string;
    emailKey: string;
    name: string;
    passwordHash: string;
    locale: string;
  }): Promise<boolean> {
    const inserted = await this.db
      .insertInto('users')
      .values({
        id: row.id,
        email: row.email,
        email_key: row.emailKey,
        name: row.name,
        password_hash: row.passwordHash,
        locale: row.locale,
      })
      .onConflict((oc) => oc.column('email_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  findUserByEmailKey(emailKey: string) {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('email_key', '=', emailKey)
      .executeTakeFirst();
  }

  findUser(id: string) {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  updatePassword(userId: string, passwordHash: string, now: Date) {
    return this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('id', '=', userId)
      .execute();
  }

  insertMembership(row: { workspaceId: string; userId: string; role: Role }) {
    return this.db
      .insertInto('memberships')
      .values({ workspace_id: row.workspaceId, user_id: row.userId, role: row.role })
      .execute();
  }

  findMembership(workspaceId: string, userId: string) {
    return this.db
      .selectFrom('memberships')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** The active workspaces a user belongs to, oldest membership first. */
  listUserWorkspaces(userId: string) {
    return this.db
      .selectFrom('memberships as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.id', 'w.name', 'm.role'])
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .orderBy('m.created_at')
      .execute();
  }

  /** Members of a workspace with their team ids. */
  listMembers(workspaceId: string) {
    return this.members(workspaceId).orderBy('m.created_at').orderBy('u.id').execute();
  }

  /** One member of a workspace (any status) with their team ids. */
  findMember(workspaceId: string, userId: string) {
    return this.members(workspaceId).where('m.user_id', '=', userId).executeTakeFirst();
  }

  private members(workspaceId: string) {
    return this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select([
        'u.id',
        'u.name',
        'u.email',
        'm.role',
        'm.status',
        'm.created_at',
        sql<
          string[]
        >`coalesce((select array_agg(tm.team_id::text order by tm.team_id) from team_members tm
          where tm.workspace_id = m.workspace_id and tm.user_id = m.user_id), '{}')`.as('team_ids'),
      ])
      .where('m.workspace_id', '=', workspaceId);
  }

  /** Locks a membership row so concurrent role and status changes are applied one at a time. */
  findMembershipForUpdate(workspaceId: string, userId: string) {
    return this.db
      .selectFrom('memberships')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
  }

  updateMembership(
    workspaceId: string,
    userId: string,
    patch: { role?: Role; status?: 'active' | 'deactivated' },
  ) {
    return this.db
      .updateTable('memberships')
      .set(patch)
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .execute();
  }

  async countActiveOwners(workspaceId: string) {
    const row = await this.db
      .selectFrom('memberships')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('role', '=', 'owner')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return row.n;
  }

  /** Which of these user ids are active members of the workspace. */
  async activeMemberIds(workspaceId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('memberships')
      .select('user_id')
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'active')
      .where('user_id', 'in', userIds)
      .execute();
    return new Set(rows.map((r) => r.user_id));
  }
}
