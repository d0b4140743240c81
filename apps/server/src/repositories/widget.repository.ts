import { sql } from 'kysely';
import type { Updateable } from 'kysely';
import type { WidgetSettingsTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

type SettingsPatch = Partial<
  Pick<
    Updateable<WidgetSettingsTable>,
    | 'enabled'
    | 'color'
    | 'greeting_zh'
    | 'greeting_en'
    | 'prechat_name'
    | 'prechat_email'
    | 'expected_reply_minutes'
    | 'allowed_origins'
    | 'identity_secret'
  >
>;

/** Widget settings, visitor sessions and agent availability. */
export class WidgetRepository {
  constructor(private readonly db: Executor) {}

  findSettings(workspaceId: string) {
    return this.db
      .selectFrom('widget_settings')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
  }

  findSettingsByKey(publicKey: string) {
    return this.db
      .selectFrom('widget_settings')
      .innerJoin('workspaces', 'workspaces.id', 'widget_settings.workspace_id')
      .selectAll('widget_settings')
      .select(['workspaces.name as workspace_name', 'workspaces.default_locale'])
      .where('widget_settings.public_key', '=', publicKey)
      .executeTakeFirst();
  }

  /** Creates the workspace's settings unless they exist (two first reads may race). */
  async ensureSettings(row: {
    workspaceId: string;
    publicKey: string;
    identitySecret: string;
    linkSecret: string;
    greetingZh: string;
    greetingEn: string;
    at: Date;
  }) {
    await this.db
      .insertInto('widget_settings')
      .values({
        workspace_id: row.workspaceId,
        public_key: row.publicKey,
        identity_secret: row.identitySecret,
        link_secret: row.linkSecret,
        greeting_zh: row.greetingZh,
        greeting_en: row.greetingEn,
        created_at: row.at,
        updated_at: row.at,
      })
      .onConflict((oc) => oc.column('workspace_id').doNothing())
      .execute();
    return (await this.findSettings(row.workspaceId))!;
  }

  updateSettings(workspaceId: string, patch: SettingsPatch, at: Date) {
    return this.db
      .updateTable('widget_settings')
      .set({ ...patch, updated_at: at })
      .where('workspace_id', '=', workspaceId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  insertVisitor(row: {
    id: string;
    workspaceId: string;
    customerId: string;
    tokenHash: string;
    externalId: string | null;
    ip: string | null;
    at: Date;
    expiresAt: Date;
  }) {
    return this.db
      .insertInto('widget_visitors')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        customer_id: row.customerId,
        token_hash: row.tokenHash,
        external_id: row.externalId,
        ip: row.ip,
        created_at: row.at,
        last_seen_at: row.at,
        expires_at: row.expiresAt,
      })
      .execute();
  }

  /** The visitor a token belongs to, if it has not expired, with its workspace's widget state. */
  findVisitorByTokenHash(tokenHash: string, now: Date) {
    return this.db
      .selectFrom('widget_visitors')
      .innerJoin('widget_settings', 'widget_settings.workspace_id', 'widget_visitors.workspace_id')
      .selectAll('widget_visitors')
      .select(['widget_settings.enabled', 'widget_settings.public_key'])
      .where('widget_visitors.token_hash', '=', tokenHash)
      .where('widget_visitors.expires_at', '>', now)
      .executeTakeFirst();
  }

  touchVisitor(id: string, at: Date, expiresAt: Date | null) {
    return this.db
      .updateTable('widget_visitors')
      .set({ last_seen_at: at, ...(expiresAt ? { expires_at: expiresAt } : {}) })
      .where('id', '=', id)
      .execute();
  }

  /** Sets an agent's availability (the row is created on first use). */
  async setAvailability(workspaceId: string, userId: string, availability: 'online' | 'away') {
    await this.db
      .insertInto('agent_presence')
      .values({ workspace_id: workspaceId, user_id: userId, availability })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ availability }))
      .execute();
  }

  /** Records that the agent is connected right now. */
  async touchAgent(workspaceId: string, userId: string, at: Date) {
    await this.db
      .insertInto('agent_presence')
      .values({ workspace_id: workspaceId, user_id: userId, last_seen_at: at })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ last_seen_at: at }))
      .execute();
  }

  presenceOf(workspaceId: string, userIds?: string[]) {
    let query = this.db
      .selectFrom('agent_presence')
      .selectAll()
      .where('workspace_id', '=', workspaceId);
    if (userIds) {
      if (userIds.length === 0) return Promise.resolve([]);
      query = query.where('user_id', 'in', userIds);
    }
    return query.execute();
  }

  /** Whether an active member is set to online and was connected after `since`. */
  async anyAgentOnline(workspaceId: string, since: Date): Promise<boolean> {
    const row = await this.db
      .selectFrom('agent_presence')
      .innerJoin('memberships', (join) =>
        join
          .onRef('memberships.workspace_id', '=', 'agent_presence.workspace_id')
          .onRef('memberships.user_id', '=', 'agent_presence.user_id'),
      )
      .select(sql<number>`1`.as('one'))
      .where('agent_presence.workspace_id', '=', workspaceId)
      .where('agent_presence.availability', '=', 'online')
      .where('agent_presence.last_seen_at', '>', since)
      .where('memberships.status', '=', 'active')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** An attachment with its workspace's link secret, for checking a signed link. */
  findAttachmentForLink(attachmentId: string) {
    return this.db
      .selectFrom('attachments')
      .innerJoin('widget_settings', 'widget_settings.workspace_id', 'attachments.workspace_id')
      .select(['attachments.id', 'attachments.workspace_id', 'widget_settings.link_secret'])
      .where('attachments.id', '=', attachmentId)
      .executeTakeFirst();
  }

  async userNames(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', userIds)
      .execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
