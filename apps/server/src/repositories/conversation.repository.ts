import { type Expression, type SqlBool, sql } from 'kysely';
import type { ConversationRow, NewConversation } from '../db/schema.ts';
import type { Cursor } from '../lib/cursor.ts';
import type { Executor } from './executor.ts';

export interface ConversationFilter {
  workspaceId: string;
  status?: string[];
  priority?: string[];
  channel?: string[];
  /** A user id, or null for unassigned. */
  assigneeId?: string | null;
  teamId?: string | null;
  /** Any of these teams (the "my teams" view). */
  teamIds?: string[];
  tagId?: string;
  customerIds?: string[];
  createdAfter?: Date;
  createdBefore?: Date;
  updatedAfter?: Date;
  updatedBefore?: Date;
  /** Search tokens (see @kefu/text) matched against the conversation's messages and subject. */
  textTokens?: string;
  sort: 'updated_desc' | 'updated_asc' | 'created_desc' | 'created_asc';
  cursor: Cursor | null;
  limit: number;
}

/** Conversations, their tags, links and timeline events. */
export class ConversationRepository {
  constructor(private readonly db: Executor) {}

  insert(row: NewConversation) {
    return this.db.insertInto('conversations').values(row).returningAll().executeTakeFirstOrThrow();
  }

  find(workspaceId: string, id: string) {
    return this.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findMany(workspaceId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute();
  }

  /** Locks the row for the rest of the transaction so concurrent updates apply one by one. */
  /** The workspace's conversation with this human number (`[#123]` in a mail subject). */
  findByNumber(workspaceId: string, number: number) {
    return this.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('number', '=', number)
      .executeTakeFirst();
  }

  findForUpdate(workspaceId: string, id: string) {
    return this.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  update(
    id: string,
    patch: Partial<Omit<ConversationRow, 'id' | 'workspace_id' | 'number' | 'custom_fields'>> & {
      custom_fields?: string;
    },
  ) {
    return this.db
      .updateTable('conversations')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** One page of conversations, newest first by default, using keyset pagination. */
  list(filter: ConversationFilter): Promise<ConversationRow[]> {
    const column = filter.sort.startsWith('updated') ? 'updated_at' : 'created_at';
    const descending = filter.sort.endsWith('desc');
    let query = this.db
      .selectFrom('conversations as c')
      .selectAll('c')
      .where('c.workspace_id', '=', filter.workspaceId);
    query = query.where('c.merged_into_id', 'is', null);
    if (filter.status)
      query = query.where('c.status', 'in', filter.status as ConversationRow['status'][]);
    if (filter.priority)
      query = query.where('c.priority', 'in', filter.priority as ConversationRow['priority'][]);
    if (filter.channel)
      query = query.where('c.channel', 'in', filter.channel as ConversationRow['channel'][]);
    if (filter.assigneeId !== undefined) {
      query =
        filter.assigneeId === null
          ? query.where('c.assignee_id', 'is', null)
          : query.where('c.assignee_id', '=', filter.assigneeId);
    }
    if (filter.teamId !== undefined) {
      query =
        filter.teamId === null
          ? query.where('c.team_id', 'is', null)
          : query.where('c.team_id', '=', filter.teamId);
    }
    if (filter.teamIds) query = query.where('c.team_id', 'in', filter.teamIds);
    if (filter.customerIds) query = query.where('c.customer_id', 'in', filter.customerIds);
    if (filter.createdAfter) query = query.where('c.created_at', '>=', filter.createdAfter);
    if (filter.createdBefore) query = query.where('c.created_at', '<', filter.createdBefore);
    if (filter.updatedAfter) query = query.where('c.updated_at', '>=', filter.updatedAfter);
    if (filter.updatedBefore) query = query.where('c.updated_at', '<', filter.updatedBefore);
    if (filter.tagId) {
      const tagId = filter.tagId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('conversation_tags as ct')
            .select('ct.tag_id')
            .whereRef('ct.conversation_id', '=', 'c.id')
            .where('ct.tag_id', '=', tagId),
        ),
      );
    }
    if (filter.textTokens) {
      const tokens = filter.textTokens;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('messages as m')
            .select('m.id')
            .whereRef('m.conversation_id', '=', 'c.id')
            .where('m.workspace_id', '=', filter.workspaceId)
            .where(sql<SqlBool>`m.search_vector @@ plainto_tsquery('simple', ${tokens})`),
        ),
      );
    }
    if (filter.cursor) {
      const { value, id } = filter.cursor;
      const after: Expression<SqlBool> = descending
        ? sql<SqlBool>`(${sql.ref(`c.${column}`)}, c.id) < (${new Date(value)}, ${id})`
        : sql<SqlBool>`(${sql.ref(`c.${column}`)}, c.id) > (${new Date(value)}, ${id})`;
      query = query.where(after);
    }
    const direction = descending ? 'desc' : 'asc';
    return query
      .orderBy(`c.${column}`, direction)
      .orderBy('c.id', direction)
      .limit(filter.limit + 1)
      .execute();
  }

  /** Tag names per conversation, for a page of conversations. */
  /**
   * What presenting conversations needs besides their rows, in one statement: tag names (in
   * name order), the customer's name and the SLA badge's columns.
   */
  async presentationFacts(workspaceId: string, rows: { id: string; customer_id: string }[]) {
    if (rows.length === 0) return [];
    const result = await sql<{
      id: string;
      tags: string[];
      customer_name: string | null;
      policy_id: string | null;
      policy_name: string | null;
      clocks: unknown[] | null;
    }>`
      select x.id,
        coalesce((select jsonb_agg(t.name order by t.name) from conversation_tags ct
          join tags t on t.id = ct.tag_id where ct.conversation_id = x.id), '[]'::jsonb) as tags,
        (select name from customers where id = x.customer_id) as customer_name,
        s.policy_id, s.policy_name, s.clocks
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.customer_id)}::uuid[])
        as x(id, customer_id)
      left join conversation_sla s on s.conversation_id = x.id and s.workspace_id = ${workspaceId}`.execute(
      this.db,
    );
    return result.rows;
  }

  async tagsFor(conversationIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (conversationIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('conversation_tags as ct')
      .innerJoin('tags as t', 't.id', 'ct.tag_id')
      .select(['ct.conversation_id', 't.name'])
      .where('ct.conversation_id', 'in', conversationIds)
      .orderBy('t.name')
      .execute();
    for (const row of rows)
      result.set(row.conversation_id, [...(result.get(row.conversation_id) ?? []), row.name]);
    return result;
  }

  async replaceTags(workspaceId: string, conversationId: string, tagIds: string[]) {
    await this.db
      .deleteFrom('conversation_tags')
      .where('conversation_id', '=', conversationId)
      .execute();
    if (tagIds.length > 0) {
      await this.db
        .insertInto('conversation_tags')
        .values(
          tagIds.map((tagId) => ({
            conversation_id: conversationId,
            tag_id: tagId,
            workspace_id: workspaceId,
          })),
        )
        .execute();
    }
  }

  insertEvent(row: {
    id: string;
    workspaceId: string;
    conversationId: string;
    type: string;
    actorType: string;
    actorId: string | null;
    data: Record<string, unknown>;
    at: Date;
  }) {
    return this.db
      .insertInto('conversation_events')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        conversation_id: row.conversationId,
        type: row.type,
        actor_type: row.actorType,
        actor_id: row.actorId,
        data: JSON.stringify(row.data),
        created_at: row.at,
      })
      .execute();
  }

  listEvents(conversationId: string) {
    return this.db
      .selectFrom('conversation_events')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1000)
      .execute();
  }

  insertLink(workspaceId: string, a: string, b: string, at: Date) {
    return this.db
      .insertInto('conversation_links')
      .values([
        { workspace_id: workspaceId, conversation_id: a, linked_id: b, created_at: at },
        { workspace_id: workspaceId, conversation_id: b, linked_id: a, created_at: at },
      ])
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  deleteLink(a: string, b: string) {
    return this.db
      .deleteFrom('conversation_links')
      .where((eb) =>
        eb.or([
          eb.and([eb('conversation_id', '=', a), eb('linked_id', '=', b)]),
          eb.and([eb('conversation_id', '=', b), eb('linked_id', '=', a)]),
        ]),
      )
      .executeTakeFirst();
  }

  listLinks(conversationId: string) {
    return this.db
      .selectFrom('conversation_links as l')
      .innerJoin('conversations as c', 'c.id', 'l.linked_id')
      .select(['c.id', 'c.number', 'c.subject', 'c.status', 'c.created_at'])
      .where('l.conversation_id', '=', conversationId)
      .orderBy('c.number')
      .execute();
  }

  /** Moves every conversation of one customer to another (customer merge). */
  moveCustomer(workspaceId: string, fromCustomerId: string, toCustomerId: string, now: Date) {
    return this.db
      .updateTable('conversations')
      .set({ customer_id: toCustomerId, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', '=', fromCustomerId)
      .returning('id')
      .execute();
  }
}
