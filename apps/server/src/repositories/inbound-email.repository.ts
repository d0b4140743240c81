import { sql } from 'kysely';
import type { InboundEmailsTable, InboundStatus, MailChannelRow } from '../db/schema-email.ts';
import type { Insertable, QueryCreator } from 'kysely';
import type { Cursor } from '../lib/cursor.ts';
import type { DB } from '../db/schema.ts';
import {
  type NewEmailMessage,
  type NewEmailThread,
  emailMessageValues,
  threadValues,
} from './email-message.repository.ts';
import { type Executor, json } from './executor.ts';
import type { NewJob } from './job.repository.ts';

export interface InboundOutcome {
  status: InboundStatus;
  reason?: string | null;
  detail?: string | null;
  conversationId?: string | null;
  messageId?: string | null;
  rfcMessageId?: string | null;
  fromAddress?: string | null;
  subject?: string | null;
  at: Date;
}

/** Mail as it arrived: the row written before any processing, and what became of it. */
export class InboundEmailRepository {
  constructor(private readonly db: Executor) {}

  /** Null when this channel already has a mail with the same key (a second delivery). */
  insert(row: Omit<Insertable<InboundEmailsTable>, 'envelope'> & { envelope: object }) {
    return this.db
      .insertInto('inbound_emails')
      .values({ ...row, envelope: json(row.envelope) })
      .onConflict((oc) => oc.columns(['channel_id', 'dedup_key']).doNothing())
      .returningAll()
      .executeTakeFirst()
      .then((r) => r ?? null);
  }

  /**
   * Records a received mail and its processing job in one statement (atomic without a
   * transaction, and one round trip instead of four). Null when this channel already has a
   * mail with the same key (a second delivery): then no job is queued either.
   */
  async insertWithJob(
    row: Omit<Insertable<InboundEmailsTable>, 'envelope'> & { envelope: object },
    job: NewJob,
  ) {
    const found = await this.db
      .with('inserted', (db) =>
        db
          .insertInto('inbound_emails')
          .values({ ...row, envelope: json(row.envelope) })
          .onConflict((oc) => oc.columns(['channel_id', 'dedup_key']).doNothing())
          .returningAll(),
      )
      .with('queued', (db) =>
        db
          .insertInto('jobs')
          .columns([
            'id',
            'workspace_id',
            'kind',
            'payload',
            'idempotency_key',
            'run_at',
            'max_attempts',
            'created_at',
            'updated_at',
          ])
          .expression((eb) =>
            eb
              .selectFrom('inserted')
              .select([
                sql<string>`${job.id}::uuid`.as('id'),
                sql<string | null>`${job.workspaceId}::uuid`.as('workspace_id'),
                sql<string>`${job.kind}`.as('kind'),
                sql<string>`${json(job.payload)}::jsonb`.as('payload'),
                sql<string | null>`${job.idempotencyKey ?? null}`.as('idempotency_key'),
                sql<Date>`${job.runAt}::timestamptz`.as('run_at'),
                sql<number>`${job.maxAttempts ?? 8}::int`.as('max_attempts'),
                sql<Date>`${job.runAt}::timestamptz`.as('created_at'),
                sql<Date>`${job.runAt}::timestamptz`.as('updated_at'),
              ]),
          ),
      )
      .selectFrom('inserted')
      .selectAll()
      .executeTakeFirst();
    return found ?? null;
  }

  /**
   * Locks the row for processing, so two workers never process one mail, and counts in the
   * same round trip the mails this channel took in from the sender since `since` (the flood
   * check).
   */
  async lockForProcessing(id: string, fromAddress: string, since: Date) {
    const row = await this.db
      .selectFrom('inbound_emails as ie')
      .selectAll('ie')
      .select((eb) =>
        eb
          .selectFrom('inbound_emails as s')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('s.channel_id', '=', 'ie.channel_id')
          .where('s.from_address', '=', fromAddress)
          .where('s.status', '=', 'processed')
          .where('s.processed_at', '>=', since)
          .as('recent_from_sender'),
      )
      // Whether the sender is an agent (threading asks), in the same round trip.
      .select((eb) =>
        eb
          .selectFrom('users')
          .innerJoin('memberships', 'memberships.user_id', 'users.id')
          .select('users.id')
          .whereRef('memberships.workspace_id', '=', 'ie.workspace_id')
          .where('memberships.status', '=', 'active')
          .where('users.email_key', '=', fromAddress)
          .limit(1)
          .as('sender_member_id'),
      )
      .where('ie.id', '=', id)
      .forUpdate('ie')
      .executeTakeFirst();
    if (!row) return undefined;
    const { recent_from_sender: recent, sender_member_id: memberId, ...locked } = row;
    return {
      ...locked,
      recentFromSender: Number(recent ?? 0),
      senderMember: memberId ? { id: memberId } : null,
    };
  }

  /**
   * What processing a mail starts from, in one round trip: the mail, its channel, and every
   * address of the workspace (Kefu never takes its own mail for a customer's).
   */
  async findForProcessing(id: string) {
    const found = await this.db
      .selectFrom('inbound_emails as ie')
      .innerJoin('mail_channels as mc', 'mc.id', 'ie.channel_id')
      .selectAll('ie')
      .select([
        sql<Record<string, unknown>>`to_jsonb(mc.*)`.as('channel_json'),
        sql<
          string[]
        >`array(select o.address_key from mail_channels o where o.workspace_id = ie.workspace_id)`.as(
          'own_addresses',
        ),
      ])
      .where('ie.id', '=', id)
      .executeTakeFirst();
    if (!found) return undefined;
    const { channel_json: json, own_addresses: ownAddresses, ...row } = found;
    const channel = {
      ...json,
      created_at: new Date(String(json.created_at)),
      updated_at: new Date(String(json.updated_at)),
    } as MailChannelRow;
    return { row, channel, ownAddresses };
  }

  find(workspaceId: string, id: string) {
    return this.db
      .selectFrom('inbound_emails')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  settle(id: string, outcome: InboundOutcome) {
    return this.settleWith(id, outcome, {});
  }

  /**
   * Settles the mail and writes what processing made of it (a new conversation's thread, the
   * message's mail row) in one statement: data-modifying CTEs run in the same snapshot, and
   * one round trip instead of three is most of the cost of each (docs/PERFORMANCE.md).
   */
  settleWith(
    id: string,
    outcome: InboundOutcome,
    writes: { thread?: NewEmailThread | null; email?: NewEmailMessage | null },
  ) {
    let db = this.db as unknown as QueryCreator<DB>;
    if (writes.thread) {
      const thread = writes.thread;
      db = db.with('new_thread', (q) =>
        q
          .insertInto('email_threads')
          .values(threadValues(thread))
          .onConflict((oc) => oc.column('conversation_id').doNothing()),
      ) as unknown as QueryCreator<DB>;
    }
    if (writes.email) {
      const email = writes.email;
      db = db.with('new_email', (q) =>
        q.insertInto('email_messages').values(emailMessageValues(email)),
      ) as unknown as QueryCreator<DB>;
    }
    return db
      .updateTable('inbound_emails')
      .set({
        status: outcome.status,
        reason: outcome.reason ?? null,
        detail: outcome.detail ? outcome.detail.slice(0, 2000) : null,
        ...(outcome.conversationId !== undefined
          ? { conversation_id: outcome.conversationId }
          : {}),
        ...(outcome.messageId !== undefined ? { message_id: outcome.messageId } : {}),
        ...(outcome.rfcMessageId !== undefined ? { rfc_message_id: outcome.rfcMessageId } : {}),
        ...(outcome.fromAddress !== undefined ? { from_address: outcome.fromAddress } : {}),
        ...(outcome.subject !== undefined
          ? { subject: outcome.subject?.slice(0, 500) ?? null }
          : {}),
        processed_at: outcome.status === 'received' ? null : outcome.at,
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Mails of this channel, received before `before` and not processed yet, whose Message-ID is
   * one of `rfcIds`: the mails a reply answers that are still waiting in the queue.
   */
  pendingPredecessors(channelId: string, before: string, rfcIds: string[]) {
    if (rfcIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('inbound_emails')
      .select(['id'])
      .where('channel_id', '=', channelId)
      .where('status', '=', 'received')
      .where('rfc_message_id', 'in', rfcIds.slice(0, 200))
      .where('id', '<', before)
      .orderBy('id')
      .execute();
  }

  list(
    workspaceId: string,
    filter: { status?: InboundStatus | undefined; channelId?: string | undefined },
    cursor: Cursor | null,
    limit: number,
  ) {
    let query = this.db
      .selectFrom('inbound_emails')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.channelId) query = query.where('channel_id', '=', filter.channelId);
    if (cursor)
      query = query.where(
        sql<boolean>`(received_at, id) < (${new Date(cursor.value)}, ${cursor.id}::uuid)`,
      );
    return query.execute();
  }

  /** Quarantined and held mails per channel, for the admin's attention. */
  async attentionCounts(workspaceId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('inbound_emails')
      .select(['channel_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where('workspace_id', '=', workspaceId)
      .where('status', 'in', ['quarantined', 'held'])
      .groupBy('channel_id')
      .execute();
    return new Map(rows.map((r) => [r.channel_id, Number(r.count)]));
  }
}
