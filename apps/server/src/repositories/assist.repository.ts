import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/** A public customer or agent message, as agent assist reads a thread. */
export interface ThreadMessage {
  conversation_id: string;
  author_type: 'customer' | 'agent';
  body: string;
  created_at: Date;
}

/** A solved (or closed) conversation whose exchanges agent assist may suggest as replies. */
export interface SolvedConversation {
  id: string;
  number: number;
  subject: string | null;
  updated_at: Date;
  customer_locale: string | null;
}

/** The reads behind agent assist: every one filtered by workspace. */
export class AssistRepository {
  constructor(private readonly db: Executor) {}

  /** The conversation with its customer's language; undefined when not in this workspace. */
  conversation(workspaceId: string, id: string) {
    return this.db
      .selectFrom('conversations as c')
      .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'c.number', 'c.subject', 'c.channel', 'cu.locale'])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  /** The last public customer and agent messages of a conversation, newest first. */
  latestMessages(workspaceId: string, conversationId: string, limit: number) {
    return this.publicMessages(workspaceId)
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** The first public customer and agent messages of a conversation, oldest first. */
  firstMessages(workspaceId: string, conversationId: string, limit: number) {
    return this.publicMessages(workspaceId)
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * The most recently changed solved or closed conversations, changed after `since` when given
   * (the conversations_updated index serves both the filter and the order).
   */
  solvedConversations(
    workspaceId: string,
    since: Date | null,
    limit: number,
  ): Promise<SolvedConversation[]> {
    let query = this.db
      .selectFrom('conversations as c')
      .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'c.number', 'c.subject', 'c.updated_at', 'cu.locale as customer_locale'])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.status', 'in', ['solved', 'closed'])
      .where('c.merged_into_id', 'is', null);
    if (since) query = query.where('c.updated_at', '>', since);
    return query.orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
  }

  /** The first `perConversation` public customer and agent messages of each conversation. */
  async openingMessages(
    workspaceId: string,
    conversationIds: string[],
    perConversation: number,
  ): Promise<ThreadMessage[]> {
    if (conversationIds.length === 0) return [];
    const ranked = this.publicMessages(workspaceId)
      .where('conversation_id', 'in', conversationIds)
      .select(
        sql<number>`row_number() over (partition by conversation_id order by created_at, id)`.as(
          'position',
        ),
      );
    return this.db
      .selectFrom(ranked.as('m'))
      .select(['conversation_id', 'author_type', 'body', 'created_at'])
      .where('position', '<=', perConversation)
      .orderBy('conversation_id')
      .orderBy('position')
      .execute();
  }

  /** Which of these conversations are still solved or closed in the workspace. */
  async stillSolved(workspaceId: string, conversationIds: string[]): Promise<Set<string>> {
    if (conversationIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('conversations')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', conversationIds)
      .where('status', 'in', ['solved', 'closed'])
      .where('merged_into_id', 'is', null)
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  /** How many canned responses there are and when the last changed: the cache's fingerprint. */
  async cannedFingerprint(workspaceId: string): Promise<string> {
    const row = await this.db
      .selectFrom('canned_responses')
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<Date | null>`max(updated_at)`.as('changed'),
      ])
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return `${row?.count ?? 0}|${row?.changed ? new Date(row.changed).toISOString() : ''}`;
  }

  /** The workspace's canned responses, up to `limit`. */
  cannedResponses(workspaceId: string, limit: number) {
    return this.db
      .selectFrom('canned_responses')
      .select(['id', 'shortcut', 'title', 'body'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('shortcut_key')
      .limit(limit)
      .execute();
  }

  private publicMessages(workspaceId: string) {
    return this.db
      .selectFrom('messages')
      .select([
        'conversation_id',
        sql<'customer' | 'agent'>`author_type`.as('author_type'),
        'body',
        'created_at',
      ])
      .where('workspace_id', '=', workspaceId)
      .where('visibility', '=', 'public')
      .where('author_type', 'in', ['customer', 'agent']);
  }
}
