import type { z } from 'zod';
import type {
  CreateVisitorConversationBody,
  Message,
  VisitorConversation,
  VisitorMessage,
  VisitorMessageBody,
  VisitorMessageListQuery,
} from '@kefu/contracts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { MessageService } from '../conversations/message.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { SlidingWindowLimiter } from './rate-limiter.ts';
import type { ReadStateService } from './read-state.service.ts';
import type { VisitorProfileService } from './visitor-profile.service.ts';
import {
  type VisitorActor,
  type VisitorLimits,
  defaultVisitorLimits,
  throttle,
} from './visitor-session.service.ts';
import type { VisitorView } from './visitor-view.ts';

/** How many conversations the widget lists (its history view). */
const historyLimit = 50;

/**
 * A visitor's conversations. Every read is scoped to the visitor's customer and to public
 * messages; every write goes through the same ConversationService and MessageService as agents
 * use, so statuses, events and search behave identically.
 */
export class VisitorConversationService {
  private readonly conversationLimiter: SlidingWindowLimiter;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly profiles: VisitorProfileService,
    private readonly reads: ReadStateService,
    private readonly view: VisitorView,
    limits: VisitorLimits = defaultVisitorLimits,
  ) {
    this.conversationLimiter = new SlidingWindowLimiter(limits.conversations, limits.windowMs, () =>
      this.deps.clock.now().getTime(),
    );
  }

  async list(visitor: VisitorActor): Promise<VisitorConversation[]> {
    return this.deps.uow.read(async (repos) => {
      const rows = await repos.visitorConversations.listForCustomer(
        visitor.workspaceId,
        visitor.customerId,
        historyLimit,
      );
      return this.view.conversations(repos, visitor.workspaceId, rows);
    });
  }

  async get(visitor: VisitorActor, id: string): Promise<VisitorConversation> {
    return this.deps.uow.read(async (repos) => {
      const row = await this.owned(repos, visitor, id);
      return (await this.view.conversations(repos, visitor.workspaceId, [row]))[0]!;
    });
  }

  /** Ids of the visitor's conversations (the visitor socket follows these). */
  async ids(visitor: VisitorActor): Promise<Set<string>> {
    const rows = await this.deps.uow.read((repos) =>
      repos.visitorConversations.listForCustomer(visitor.workspaceId, visitor.customerId, 1000),
    );
    return new Set(rows.map((row) => row.id));
  }

  async create(
    visitor: VisitorActor,
    input: z.output<typeof CreateVisitorConversationBody>,
    ip: string,
  ) {
    throttle(this.conversationLimiter, ip, 'new conversations');
    await this.checkUploads(visitor, input.message.attachmentIds ?? []);
    if (input.preChat?.name !== undefined || input.preChat?.email !== undefined)
      await this.profiles.update(visitor, input.preChat);
    const conversation = await this.conversations.create(visitor, {
      channel: 'chat',
      subject: null,
      customer: { id: visitor.customerId },
      message: {
        author: 'customer',
        visibility: 'public',
        ...(input.message.body !== undefined ? { body: input.message.body } : {}),
        attachmentIds: input.message.attachmentIds ?? [],
      },
    });
    await this.reads.markVisitorRead(visitor, conversation.id);
    return this.deps.uow.read(async (repos) => {
      const row = await this.owned(repos, visitor, conversation.id);
      const [first] = await repos.visitorConversations.publicMessages(row.id, null, 1);
      const [presented] = await this.view.conversations(repos, visitor.workspaceId, [row]);
      const [message] = await this.view.messages(repos, visitor.workspaceId, [first!]);
      return { conversation: presented!, message: message! };
    });
  }

  /** A page of public messages: the latest `limit` before the cursor, oldest first. */
  async listMessages(
    visitor: VisitorActor,
    id: string,
    query: z.output<typeof VisitorMessageListQuery>,
  ) {
    return this.deps.uow.read(async (repos) => {
      const row = await this.owned(repos, visitor, id);
      const rows = await repos.visitorConversations.publicMessages(
        row.id,
        decodeCursor(query.cursor),
        query.limit,
      );
      const page = rows.slice(0, query.limit);
      const oldest = page.at(-1);
      return {
        items: (await this.view.messages(repos, visitor.workspaceId, page)).reverse(),
        nextCursor:
          rows.length > query.limit && oldest
            ? encodeCursor({ value: new Date(oldest.created_at).toISOString(), id: oldest.id })
            : null,
      };
    });
  }

  async post(
    visitor: VisitorActor,
    id: string,
    input: z.output<typeof VisitorMessageBody>,
  ): Promise<VisitorMessage> {
    await this.deps.uow.read((repos) => this.owned(repos, visitor, id));
    await this.checkUploads(visitor, input.attachmentIds ?? []);
    const message = await this.messages.post(visitor, id, {
      author: 'customer',
      visibility: 'public',
      ...(input.body !== undefined ? { body: input.body } : {}),
      attachmentIds: input.attachmentIds ?? [],
    });
    // Writing a reply means the visitor has read everything before it.
    await this.reads.markVisitorRead(visitor, id);
    return this.deps.uow.read((repos) =>
      this.view.eventMessage(repos, visitor.workspaceId, message),
    );
  }

  /** A message from a realtime event as this visitor sees it; null when it is not for them. */
  async presentEventMessage(
    visitor: VisitorActor,
    message: Message,
  ): Promise<VisitorMessage | null> {
    if (message.visibility !== 'public') return null;
    return this.deps.uow.read((repos) =>
      this.view.eventMessage(repos, visitor.workspaceId, message),
    );
  }

  /** The conversation if it is the visitor's; otherwise not found, as if it did not exist. */
  private async owned(repos: Repositories, visitor: VisitorActor, id: string) {
    const row = await repos.visitorConversations.findForCustomer(
      visitor.workspaceId,
      visitor.customerId,
      id,
    );
    if (!row || row.merged_into_id) throw notFound('Conversation');
    return row;
  }

  /** A visitor may attach only files they uploaded themselves and have not used yet. */
  private async checkUploads(visitor: VisitorActor, attachmentIds: string[]) {
    if (attachmentIds.length === 0) return;
    await this.deps.uow.read(async (repos) => {
      for (const id of new Set(attachmentIds)) {
        const row = await repos.messages.findAttachment(visitor.workspaceId, id);
        if (!row || row.uploaded_by !== visitor.customerId || row.message_id !== null) {
          throw new AppError(
            'validation_failed',
            'attachmentIds: upload the file in this chat before attaching it',
            { field: 'attachmentIds' },
          );
        }
      }
    });
  }
}
