import { sql } from 'kysely';
import type { MessageRow } from '../db/schema.ts';
import type { Cursor } from '../lib/cursor.ts';
import { type Executor, json } from './executor.ts';

/** The columns a message is presented from (everything but its search vector). */
export const messageColumns = [
  'id',
  'workspace_id',
  'conversation_id',
  'author_type',
  'author_id',
  'visibility',
  'body',
  'html',
  'created_at',
] as const;

/** Messages and their attachments. */
export class MessageRepository {
  constructor(private readonly db: Executor) {}

  insert(row: {
    id: string;
    workspaceId: string;
    conversationId: string;
    authorType: MessageRow['author_type'];
    authorId: string | null;
    visibility: MessageRow['visibility'];
    body: string;
    html: string | null;
    searchTokens: string;
    at: Date;
  }) {
    return this.db
      .insertInto('messages')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        conversation_id: row.conversationId,
        author_type: row.authorType,
        author_id: row.authorId,
        visibility: row.visibility,
        body: row.body,
        html: row.html,
        search_vector: sql`to_tsvector('simple', ${row.searchTokens})`,
        created_at: row.at,
      })
      .returning(messageColumns)
      .executeTakeFirstOrThrow();
  }

  /**
   * A reply that changes nothing but the conversation's times, in ONE statement: touches the
   * conversation if it is in one of `statuses`, is not merged and (with `excludeChannel`) is not
   * on that channel, inserts the message and records `event` (positioned after commit, see
   * EventPositioner). A single statement is atomic on its own, so the hot path of posting needs
   * no BEGIN, locking SELECT or COMMIT round trips, and it locks nothing but the conversation
   * row. Returns false when the guard failed (someone changed the conversation meanwhile, or it
   * does not qualify) and nothing was written.
   */
  async insertPlainReply(
    row: Parameters<MessageRepository['insert']>[0] & {
      statuses: readonly string[];
      isPublic: boolean;
      excludeChannel: string | null;
      /**
       * A public message changes SLA clocks: when the conversation has an SLA policy applied,
       * the same statement enqueues this `sla.refresh` job (modules/sla), so no reply is missed.
       */
      slaRefreshJobId?: string | null;
    },
    event: { type: string; internal: boolean; payload: unknown; at: Date },
  ): Promise<boolean> {
    const result = await sql<{ inserted: boolean }>`
      with conversation as (
        update conversations
        set updated_at = ${row.at},
          last_message_at = case when ${row.isPublic} then ${row.at} else last_message_at end
        where workspace_id = ${row.workspaceId} and id = ${row.conversationId}
          and status = any(${[...row.statuses]}::text[]) and merged_into_id is null
          and (${row.excludeChannel}::text is null or channel <> ${row.excludeChannel})
          -- Update triggers run in a transaction (modules/automations): leave public messages
          -- of a workspace that has any to the transactional path.
          and not (${row.isPublic} and exists (
            select from automation_triggers t
            where t.workspace_id = ${row.workspaceId} and t.enabled
              and t.events @> '["updated"]'::jsonb))
        returning id
      ), message as (
        insert into messages (id, workspace_id, conversation_id, author_type, author_id, visibility,
          body, html, search_vector, created_at)
        select ${row.id}, ${row.workspaceId}, conversation.id, ${row.authorType}, ${row.authorId},
          ${row.visibility}, ${row.body}, ${row.html}, to_tsvector('simple', ${row.searchTokens}),
          ${row.at}
        from conversation
        returning id
      ), event as (
        insert into realtime_outbox (workspace_id, type, conversation_id, internal, payload,
          created_at)
        select ${row.workspaceId}, ${event.type}, conversation.id, ${event.internal},
          ${json(event.payload)}::jsonb, ${event.at}
        from conversation
        returning id
      ), sla_refresh as (
        insert into jobs (id, workspace_id, kind, payload, idempotency_key, run_at, created_at,
          updated_at)
        select ${row.slaRefreshJobId ?? null}::uuid, ${row.workspaceId}, 'sla.refresh',
          jsonb_build_object('conversationId', conversation.id), ${row.id}::text, ${row.at},
          ${row.at}, ${row.at}
        from conversation
        where ${row.slaRefreshJobId ?? null}::uuid is not null
          and exists (select from conversation_sla s where s.conversation_id = conversation.id)
        on conflict (kind, idempotency_key) where idempotency_key is not null do nothing
      )
      select exists (select from message) and exists (select from event) as inserted`.execute(
      this.db,
    );
    return result.rows[0]!.inserted;
  }

  /** Messages oldest first, after the cursor. */
  list(conversationId: string, cursor: Cursor | null, limit: number) {
    let query = this.db
      .selectFrom('messages')
      .select(messageColumns)
      .where('conversation_id', '=', conversationId);
    if (cursor)
      query = query.where(
        sql<boolean>`(created_at, id) > (${new Date(cursor.value)}, ${cursor.id})`,
      );
    return query
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
  }

  /** Moves messages into another conversation (conversation merge). */
  moveToConversation(fromConversationId: string, toConversationId: string) {
    return this.db
      .updateTable('messages')
      .set({ conversation_id: toConversationId })
      .where('conversation_id', '=', fromConversationId)
      .execute();
  }

  /** Full-text search; the workspace filter is part of the same query. */
  search(workspaceId: string, tokens: string, limit: number) {
    return this.db
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .select(['m.id', 'm.conversation_id', 'c.number', 'm.body', 'm.created_at'])
      .where('m.workspace_id', '=', workspaceId)
      .where(sql<boolean>`m.search_vector @@ plainto_tsquery('simple', ${tokens})`)
      .orderBy('m.created_at', 'desc')
      .limit(limit)
      .execute();
  }

  insertAttachment(row: {
    id: string;
    workspaceId: string;
    blobKey: string;
    filename: string;
    contentType: string;
    size: number;
    uploadedBy: string | null;
    contentId?: string | null;
  }) {
    return this.db
      .insertInto('attachments')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        blob_key: row.blobKey,
        filename: row.filename,
        content_type: row.contentType,
        size: row.size,
        uploaded_by: row.uploadedBy,
        content_id: row.contentId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findAttachment(workspaceId: string, id: string) {
    return this.db
      .selectFrom('attachments')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Claims unattached uploads for a message; returns the ones it claimed. */
  attach(workspaceId: string, messageId: string, attachmentIds: string[]) {
    if (attachmentIds.length === 0) return Promise.resolve([]);
    return this.db
      .updateTable('attachments')
      .set({ message_id: messageId })
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', attachmentIds)
      .where('message_id', 'is', null)
      .returningAll()
      .execute();
  }

  findById(workspaceId: string, id: string) {
    return this.db
      .selectFrom('messages')
      .select(messageColumns)
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async attachmentsFor(messageIds: string[]) {
    if (messageIds.length === 0) return [];
    return this.db
      .selectFrom('attachments')
      .selectAll()
      .where('message_id', 'in', messageIds)
      .orderBy('created_at')
      .execute();
  }
}
