import type { DeliveryStatus, EmailAddress, EmailMessagesTable } from '../db/schema-email.ts';
import type { Insertable } from 'kysely';
import { type Executor, json } from './executor.ts';

export type NewEmailMessage = Omit<
  Insertable<EmailMessagesTable>,
  'to_addresses' | 'cc_addresses'
> & {
  to_addresses: EmailAddress[];
  cc_addresses: EmailAddress[];
};

export interface NewEmailThread {
  conversationId: string;
  workspaceId: string;
  channelId: string;
  customerAddress: string;
  cc: EmailAddress[];
  subject: string;
  at: Date;
}

/** The column values of a new thread (also written by `InboundEmailRepository.settleWith`). */
export const threadValues = (row: NewEmailThread) => ({
  conversation_id: row.conversationId,
  workspace_id: row.workspaceId,
  channel_id: row.channelId,
  customer_address: row.customerAddress,
  cc_addresses: json(row.cc),
  subject: row.subject,
  created_at: row.at,
  updated_at: row.at,
});

/** The column values of a new mail row (also written by `InboundEmailRepository.settleWith`). */
export const emailMessageValues = (row: NewEmailMessage) => ({
  ...row,
  to_addresses: json(row.to_addresses),
  cc_addresses: json(row.cc_addresses),
});

/** The mail side of conversations (threads: channel and people) and of messages (headers). */
export class EmailMessageRepository {
  constructor(private readonly db: Executor) {}

  insertThread(row: NewEmailThread) {
    return this.db
      .insertInto('email_threads')
      .values(threadValues(row))
      .onConflict((oc) => oc.column('conversation_id').doNothing())
      .execute();
  }

  findThread(workspaceId: string, conversationId: string) {
    return this.db
      .selectFrom('email_threads')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
  }

  setThreadCc(conversationId: string, cc: EmailAddress[], at: Date) {
    return this.db
      .updateTable('email_threads')
      .set({ cc_addresses: json(cc), updated_at: at })
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  insert(row: NewEmailMessage) {
    return this.db
      .insertInto('email_messages')
      .values(emailMessageValues(row))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  find(workspaceId: string, messageId: string) {
    return this.db
      .selectFrom('email_messages')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('message_id', '=', messageId)
      .executeTakeFirst();
  }

  findForUpdate(messageId: string) {
    return this.db
      .selectFrom('email_messages')
      .selectAll()
      .where('message_id', '=', messageId)
      .forUpdate()
      .executeTakeFirst();
  }

  forMessages(messageIds: string[]) {
    if (messageIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('email_messages')
      .selectAll()
      .where('message_id', 'in', messageIds)
      .execute();
  }

  /** The workspace's messages with one of these Message-IDs (threading by headers). */
  findByRfcIds(workspaceId: string, rfcIds: string[]) {
    if (rfcIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('email_messages')
      .select(['message_id', 'conversation_id', 'rfc_message_id', 'direction', 'created_at'])
      .where('workspace_id', '=', workspaceId)
      .where('rfc_message_id', 'in', rfcIds.slice(0, 200))
      .execute();
  }

  /** The conversation's mails, oldest first: the References chain of the next reply. */
  chainOf(conversationId: string) {
    return this.db
      .selectFrom('email_messages')
      .select(['rfc_message_id', 'direction', 'created_at'])
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .execute();
  }

  setDelivery(
    messageId: string,
    status: DeliveryStatus,
    extra: { error?: string | null; sentAt?: Date | null; addFlag?: string } = {},
  ) {
    return this.db
      .updateTable('email_messages')
      .set((eb) => ({
        delivery_status: status,
        delivery_error: extra.error ?? null,
        ...(extra.sentAt !== undefined ? { sent_at: extra.sentAt } : {}),
        ...(extra.addFlag
          ? { flags: eb.fn('array_append', [eb.ref('flags'), eb.val(extra.addFlag)]) }
          : {}),
      }))
      .where('message_id', '=', messageId)
      .returningAll()
      .executeTakeFirst();
  }

  /** An active member of the workspace with this email address (a mail that claims an agent). */
  memberByEmail(workspaceId: string, emailKey: string) {
    return this.db
      .selectFrom('users')
      .innerJoin('memberships', 'memberships.user_id', 'users.id')
      .select(['users.id', 'users.name', 'users.email'])
      .where('memberships.workspace_id', '=', workspaceId)
      .where('memberships.status', '=', 'active')
      .where('users.email_key', '=', emailKey)
      .executeTakeFirst();
  }
}
