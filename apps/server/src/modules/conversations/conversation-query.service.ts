import type { z } from 'zod';
import type { Conversation, ConversationListQuery } from '@kefu/contracts';
import { queryTokens } from '@kefu/text';
import type { ConversationRow } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentConversation } from './conversation.presenter.ts';
import { badgeOf } from '../sla/sla.service.ts';

/** Conversation rows as API objects, with their tags, customer names and SLA badges (one query per page). */
export async function presentConversations(
  repos: Repositories,
  rows: ConversationRow[],
): Promise<Conversation[]> {
  const facts = new Map(
    (await repos.conversations.presentationFacts(rows[0]?.workspace_id ?? '', rows)).map((f) => [
      f.id,
      f,
    ]),
  );
  return rows.map((row) => {
    const fact = facts.get(row.id);
    return {
      ...presentConversation(row, {
        tags: fact?.tags ?? [],
        customerName: fact?.customer_name ?? null,
      }),
      sla:
        fact?.policy_name != null
          ? badgeOf({
              policy_id: fact.policy_id,
              policy_name: fact.policy_name,
              clocks: fact.clocks ?? [],
            })
          : null,
    };
  });
}

/** Reading conversations: one, a filtered page, and a conversation's timeline. */
export class ConversationQueryService {
  constructor(private readonly deps: ServiceDeps) {}

  async get(actor: Actor, id: string): Promise<Conversation> {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.conversations.find(actor.workspaceId, id);
      if (!row) throw notFound('Conversation');
      return (await presentConversations(repos, [row]))[0]!;
    });
  }

  async list(actor: Actor, query: z.output<typeof ConversationListQuery>) {
    const ws = actor.workspaceId;
    const textTokens = query.q ? queryTokens(query.q) : undefined;
    if (query.q && !textTokens) return { items: [], nextCursor: null };
    return this.deps.uow.read(async (repos) => {
      let tagId: string | undefined;
      if (query.tag) {
        const tag = await repos.admin.findTagByName(ws, query.tag.trim().toLowerCase());
        if (!tag) return { items: [], nextCursor: null };
        tagId = tag.id;
      }
      let assigneeId: string | null | undefined;
      if (query.assigneeId === 'me') {
        if (actor.kind !== 'user')
          throw new AppError('validation_failed', 'assigneeId: "me" needs a signed-in agent', {
            field: 'assigneeId',
          });
        assigneeId = actor.userId;
      } else if (query.assigneeId === 'none') assigneeId = null;
      else assigneeId = query.assigneeId;
      const teamIds = query.teamId === 'mine' ? await this.myTeamIds(repos, actor) : undefined;
      if (teamIds?.length === 0) return { items: [], nextCursor: null };
      const rows = await repos.conversations.list({
        workspaceId: ws,
        ...(query.status ? { status: query.status } : {}),
        ...(query.priority ? { priority: query.priority } : {}),
        ...(query.channel ? { channel: query.channel } : {}),
        ...(assigneeId !== undefined ? { assigneeId } : {}),
        ...(query.teamId !== undefined && query.teamId !== 'mine'
          ? { teamId: query.teamId === 'none' ? null : query.teamId }
          : {}),
        ...(teamIds ? { teamIds } : {}),
        ...(tagId ? { tagId } : {}),
        ...(query.customerId ? { customerIds: [query.customerId] } : {}),
        ...(query.createdAfter ? { createdAfter: new Date(query.createdAfter) } : {}),
        ...(query.createdBefore ? { createdBefore: new Date(query.createdBefore) } : {}),
        ...(query.updatedAfter ? { updatedAfter: new Date(query.updatedAfter) } : {}),
        ...(query.updatedBefore ? { updatedBefore: new Date(query.updatedBefore) } : {}),
        ...(textTokens ? { textTokens } : {}),
        sort: query.sort,
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const column = query.sort.startsWith('updated') ? 'updated_at' : 'created_at';
      return {
        items: await presentConversations(repos, page),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ value: new Date(last[column]).toISOString(), id: last.id })
            : null,
      };
    });
  }

  /** The teams of the signed-in agent, for `teamId=mine`. */
  private async myTeamIds(repos: Repositories, actor: Actor): Promise<string[]> {
    if (actor.kind !== 'user')
      throw new AppError('validation_failed', 'teamId: "mine" needs a signed-in agent', {
        field: 'teamId',
      });
    return repos.inbox.teamIdsOf(actor.workspaceId, actor.userId);
  }

  /** The conversation's history of changes (status, assignment, tags, merges, links). */
  async timelineOf(actor: Actor, id: string) {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.conversations.find(actor.workspaceId, id);
      if (!row) throw notFound('Conversation');
      const events = await repos.conversations.listEvents(id);
      return events.map((e) => ({
        id: e.id,
        type: e.type,
        actorType: e.actor_type as 'user' | 'api_token' | 'customer' | 'system',
        actorId: e.actor_id,
        data: e.data,
        createdAt: new Date(e.created_at).toISOString(),
      }));
    });
  }
}
