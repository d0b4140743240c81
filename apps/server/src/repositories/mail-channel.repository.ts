import type { ImapState, MailChannelsTable } from '../db/schema-email.ts';
import type { Updateable } from 'kysely';
import { type Executor, isUniqueViolation, json } from './executor.ts';

/** Support addresses (mail channels) of a workspace, and the instance-wide lookup by address. */
export class MailChannelRepository {
  constructor(private readonly db: Executor) {}

  /** Returns null when the address already belongs to a channel (of any workspace). */
  async insert(row: {
    id: string;
    workspaceId: string;
    name: string;
    address: string;
    fromName: string | null;
    tokenSecret: string;
    smtpUrl: string | null;
    imap: object | null;
    autoAcknowledge: boolean;
    enabled: boolean;
    at: Date;
  }) {
    try {
      return await this.db
        .insertInto('mail_channels')
        .values({
          id: row.id,
          workspace_id: row.workspaceId,
          name: row.name,
          address: row.address,
          address_key: row.address.toLowerCase(),
          from_name: row.fromName,
          token_secret: row.tokenSecret,
          smtp_url: row.smtpUrl,
          imap: row.imap ? json(row.imap) : null,
          auto_acknowledge: row.autoAcknowledge,
          enabled: row.enabled,
          created_at: row.at,
          updated_at: row.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  list(workspaceId: string) {
    return this.db
      .selectFrom('mail_channels')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at')
      .execute();
  }

  find(workspaceId: string, id: string) {
    return this.db
      .selectFrom('mail_channels')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Any workspace's channel: the SMTP listener and the IMAP poller start from an address or id. */
  findById(id: string) {
    return this.db.selectFrom('mail_channels').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByAddress(addressKey: string) {
    return this.db
      .selectFrom('mail_channels')
      .selectAll()
      .where('address_key', '=', addressKey)
      .executeTakeFirst();
  }

  /** Every address of the workspace, so Kefu never takes its own mail for a customer's. */
  async addressesOf(workspaceId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('mail_channels')
      .select('address_key')
      .where('workspace_id', '=', workspaceId)
      .execute();
    return rows.map((r) => r.address_key);
  }

  /** The channel a workspace sends from when a conversation has none yet: its first enabled one. */
  defaultFor(workspaceId: string) {
    return this.db
      .selectFrom('mail_channels')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('enabled', '=', true)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
  }

  withImap() {
    return this.db
      .selectFrom('mail_channels')
      .selectAll()
      .where('imap', 'is not', null)
      .where('enabled', '=', true)
      .execute();
  }

  update(id: string, patch: Updateable<MailChannelsTable>) {
    return this.db
      .updateTable('mail_channels')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  setImapState(id: string, state: ImapState, at: Date) {
    return this.db
      .updateTable('mail_channels')
      .set({ imap_state: json(state), updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  countOversize(id: string) {
    return this.db
      .updateTable('mail_channels')
      .set((eb) => ({ oversize_rejected: eb('oversize_rejected', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  delete(workspaceId: string, id: string) {
    return this.db
      .deleteFrom('mail_channels')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
}
