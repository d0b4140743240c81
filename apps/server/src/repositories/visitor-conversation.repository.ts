import { sql } from 'kysely';
import type { Cursor } from '../lib/cursor.ts';
import type { Executor } from './executor.ts';
import { messageColumns } from './message.repository.ts';

/** What a widget visitor reads: their conversations, public messages only, read state. */
export class VisitorConversationRepository {
  constructor(private readonly db: Executor) {}

  /** The customer's conversations, newest activity first; merged ones are left out. */
  listForCustomer(workspaceId: string, customerId: string, limit: number) {
    return this.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', '=', customerId)
      .where('merged_into_id', 'is', null)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** The conversation if it belongs to this customer (else undefined, as if it did not exist). */
  findForCustomer(workspaceId: string, customerId: string, id: string) {
    return this.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', '=', customerId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Public messages, newest first, before the cursor. Internal notes are filtered here, in the
   * query, so no later step can leak them.
   */
  publicMessages(conversationId: string, before: Cursor | null, limit: number) {
    let query = this.db
      .selectFrom('messages')
      .select(messageColumns)
      .where('conversation_id', '=', conversationId)
      .where('visibility', '=', 'public');
    if (before)
      query = query.where(
        sql<boolean>`(created_at, id) < (${new Date(before.value)}, ${before.id})`,
      );
    return query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
  }

  /** The latest public message of each conversation. */
  async lastPublicMessages(conversationIds: string[]) {
    if (conversationIds.length === 0) return [];
    return this.db
      .selectFrom('messages')
      .distinctOn('conversation_id')
      .select(messageColumns)
      .where('conversation_id', 'in', conversationIds)
      .where('visibility', '=', 'public')
      .orderBy('conversation_id')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Agent and bot messages the visitor has not read, per conversation. */
  async unreadCounts(conversationIds: string[]): Promise<Map<string, number>> {
    if (conversationIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('messages')
      .leftJoin(
        'conversation_reads',
        'conversation_reads.conversation_id',
        'messages.conversation_id',
      )
      .select(['messages.conversation_id', sql<number>`count(*)::int`.as('unread')])
      .where('messages.conversation_id', 'in', conversationIds)
      .where('messages.visibility', '=', 'public')
      .where('messages.author_type', 'in', ['agent', 'bot'])
      .where(
        sql<boolean>`messages.created_at > coalesce(conversation_reads.visitor_last_read_at, '-infinity'::timestamptz)`,
      )
      .groupBy('messages.conversation_id')
      .execute();
    return new Map(rows.map((row) => [row.conversation_id, Number(row.unread)]));
  }

  async readStates(conversationIds: string[]) {
    if (conversationIds.length === 0) return [];
    return this.db
      .selectFrom('conversation_reads')
      .selectAll()
      .where('conversation_id', 'in', conversationIds)
      .execute();
  }

  /** Moves one side's read time forward (never back) and returns the row. */
  markRead(workspaceId: string, conversationId: string, side: 'visitor' | 'agent', at: Date) {
    const column = side === 'visitor' ? 'visitor_last_read_at' : 'agent_last_read_at';
    return this.db
      .insertInto('conversation_reads')
      .values({ conversation_id: conversationId, workspace_id: workspaceId, [column]: at })
      .onConflict((oc) =>
        oc.column('conversation_id').doUpdateSet({
          [column]: sql`greatest(conversation_reads.${sql.ref(column)}, excluded.${sql.ref(column)})`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Minutes from the start of recent chats to the first public agent reply, most recent first.
   * Chats without a reply yet are left out.
   */
  async firstReplyMinutes(workspaceId: string, since: Date, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('conversations as c')
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('messages as m')
            .select('m.created_at as replied_at')
            .whereRef('m.conversation_id', '=', 'c.id')
            .where('m.author_type', '=', 'agent')
            .where('m.visibility', '=', 'public')
            .orderBy('m.created_at')
            .limit(1)
            .as('first_reply'),
        (join) => join.onTrue(),
      )
      .select(
        sql<number>`extract(epoch from (first_reply.replied_at - c.created_at)) / 60`.as('minutes'),
      )
      .where('c.workspace_id', '=', workspaceId)
      .where('c.channel', '=', 'chat')
      .where('c.created_at', '>', since)
      .orderBy('c.created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => Number(row.minutes));
  }
}
