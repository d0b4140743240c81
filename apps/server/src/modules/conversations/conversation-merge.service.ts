import type { Conversation } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentConversations } from './conversation-query.service.ts';
import type { ConversationService } from './conversation.service.ts';
import { countedFieldsOf } from '../inbox/counted-fields.ts';

/** Merging duplicate conversations and linking related ones. */
export class ConversationMergeService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly conversations: ConversationService,
  ) {}

  /**
   * Merges `sourceId` into `targetId`: the source's messages move to the target, the source is
   * closed and points at the target, and both timelines record it.
   */
  async merge(actor: Actor, sourceId: string, targetId: string): Promise<Conversation> {
    if (sourceId === targetId)
      throw new AppError('validation_failed', 'A conversation cannot be merged into itself', {
        field: 'targetId',
      });
    return this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      const ws = actor.workspaceId;
      // Lock in id order so two opposite merges cannot deadlock.
      const locked = new Map<
        string,
        Awaited<ReturnType<typeof repos.conversations.findForUpdate>>
      >();
      for (const id of [sourceId, targetId].sort())
        locked.set(id, await repos.conversations.findForUpdate(ws, id));
      const source = locked.get(sourceId);
      const target = locked.get(targetId);
      if (!source) throw notFound('Conversation');
      if (!target)
        throw new AppError('validation_failed', 'targetId: no such conversation', {
          field: 'targetId',
        });
      if (source.merged_into_id)
        throw new AppError('conflict', 'This conversation was already merged');
      if (target.merged_into_id)
        throw new AppError(
          'validation_failed',
          'targetId: that conversation was itself merged; pick the one it was merged into',
          { field: 'targetId' },
        );
      const now = this.deps.clock.now();
      await repos.messages.moveToConversation(sourceId, targetId);
      const note = await this.conversations.insertMessage(scope, target, {
        authorType: 'system',
        authorId: null,
        visibility: 'internal',
        body: `Conversation #${source.number} was merged into this one.`,
        html: null,
        attachmentIds: [],
        at: now,
      });
      const closedSource = await repos.conversations.update(sourceId, {
        merged_into_id: targetId,
        status: 'closed',
        updated_at: now,
      });
      const lastAt = [source.last_message_at, target.last_message_at]
        .filter((d) => d !== null)
        .map((d) => new Date(d));
      const updatedTarget = await repos.conversations.update(targetId, {
        updated_at: now,
        ...(lastAt.length
          ? { last_message_at: new Date(Math.max(...lastAt.map((d) => d.getTime()))) }
          : {}),
      });
      await this.conversations.recordTimeline(
        repos,
        actor,
        source,
        'conversation.merged_into',
        { targetId, targetNumber: target.number },
        now,
      );
      await this.conversations.recordTimeline(
        repos,
        actor,
        target,
        'conversation.merged_from',
        { sourceId, sourceNumber: source.number },
        now,
      );
      // SLA: the merged conversation's clocks stop, the target's count the moved messages.
      await this.conversations.hooks?.afterWrite(scope, closedSource, 'status');
      await this.conversations.hooks?.afterWrite(scope, updatedTarget, 'message');
      const [sourceDto, targetDto] = await presentConversations(repos, [
        closedSource,
        updatedTarget,
      ]);
      await scope.emit({
        type: 'conversation.updated',
        workspaceId: ws,
        conversationId: sourceId,
        internal: false,
        payload: {
          conversation: sourceDto!,
          changes: ['mergedIntoId', 'status'],
          previous: countedFieldsOf(source),
        },
      });
      await scope.emit({
        type: 'conversation.updated',
        workspaceId: ws,
        conversationId: targetId,
        internal: false,
        payload: {
          conversation: targetDto!,
          changes: ['messages'],
          previous: countedFieldsOf(target),
        },
      });
      await scope.emit({
        type: 'message.created',
        workspaceId: ws,
        conversationId: targetId,
        internal: true,
        payload: { message: note },
      });
      return targetDto!;
    });
  }

  async link(actor: Actor, id: string, otherId: string) {
    if (id === otherId)
      throw new AppError('validation_failed', 'A conversation cannot be linked to itself', {
        field: 'conversationId',
      });
    await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.conversations.find(actor.workspaceId, id);
      if (!row) throw notFound('Conversation');
      const other = await repos.conversations.find(actor.workspaceId, otherId);
      if (!other)
        throw new AppError('validation_failed', 'conversationId: no such conversation', {
          field: 'conversationId',
        });
      const now = this.deps.clock.now();
      await repos.conversations.insertLink(actor.workspaceId, id, otherId, now);
      await this.conversations.recordTimeline(
        repos,
        actor,
        row,
        'conversation.linked',
        { conversationId: otherId, number: other.number },
        now,
      );
      await this.conversations.recordTimeline(
        repos,
        actor,
        other,
        'conversation.linked',
        { conversationId: id, number: row.number },
        now,
      );
    });
    return this.links(actor, id);
  }

  async unlink(actor: Actor, id: string, otherId: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.conversations.find(actor.workspaceId, id);
      if (!row) throw notFound('Conversation');
      const result = await repos.conversations.deleteLink(id, otherId);
      if (Number(result.numDeletedRows) === 0) throw notFound('Link');
      await this.conversations.recordTimeline(
        repos,
        actor,
        row,
        'conversation.unlinked',
        { conversationId: otherId },
        this.deps.clock.now(),
      );
    });
    return this.links(actor, id);
  }

  async links(actor: Actor, id: string) {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.conversations.find(actor.workspaceId, id);
      if (!row) throw notFound('Conversation');
      const links = await repos.conversations.listLinks(id);
      return links.map((l) => ({
        conversationId: l.id,
        number: l.number,
        subject: l.subject,
        status: l.status,
        createdAt: new Date(l.created_at).toISOString(),
      }));
    });
  }
}
