import type { z } from 'zod';
import type { Message, MessageEmail, MessageInput, MessageListQuery } from '@kefu/contracts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { ConversationRow } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentConversations } from './conversation-query.service.ts';
import type { ConversationService } from './conversation.service.ts';
import { presentMessage } from './conversation.presenter.ts';
import { messageContent } from './message-content.ts';
import { countedFieldsOf } from '../inbox/counted-fields.ts';
import { indexTokens } from '@kefu/text';
import { presentMessageEmail } from '../email/email.presenter.ts';

/** Replies and internal notes on a conversation. */
export class MessageService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly conversations: ConversationService,
    private readonly outbound: EmailReplyQueue | null = null,
  ) {}

  async list(actor: Actor, conversationId: string, query: z.output<typeof MessageListQuery>) {
    return this.deps.uow.read(async (repos) => {
      const conversation = await repos.conversations.find(actor.workspaceId, conversationId);
      if (!conversation) throw notFound('Conversation');
      const rows = await repos.messages.list(
        conversationId,
        decodeCursor(query.cursor),
        query.limit,
      );
      const page = rows.slice(0, query.limit);
      const attachments = await repos.messages.attachmentsFor(page.map((m) => m.id));
      const emails = new Map(
        (await repos.emailMessages.forMessages(page.map((m) => m.id))).map((e) => [
          e.message_id,
          presentMessageEmail(e),
        ]),
      );
      const last = page.at(-1);
      return {
        items: page.map((m) => ({
          ...presentMessage(
            m,
            attachments.filter((a) => a.message_id === m.id),
          ),
          ...(emails.has(m.id) ? { email: emails.get(m.id)! } : {}),
        })),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ value: new Date(last.created_at).toISOString(), id: last.id })
            : null,
      };
    });
  }

  /**
   * Posts a reply or an internal note. A customer's message reopens a pending or solved
   * conversation; an agent's first public reply moves a new one to open.
   */
  async post(
    actor: Actor,
    conversationId: string,
    input: z.output<typeof MessageInput>,
  ): Promise<Message> {
    if (input.author === 'customer' && actor.kind === 'user') {
      throw new AppError(
        'validation_failed',
        'author: agents post as themselves; only API integrations may record customer messages',
        { field: 'author' },
      );
    }
    if (input.author === 'customer' && input.visibility === 'internal') {
      throw new AppError(
        'validation_failed',
        'visibility: a customer message cannot be an internal note',
        { field: 'visibility' },
      );
    }
    const content = messageContent(input);
    if (!content.body && !content.html && !input.attachmentIds?.length) {
      throw new AppError('validation_failed', 'body: a message needs text, HTML or an attachment', {
        field: 'body',
      });
    }
    if (!input.attachmentIds?.length) {
      const message = await this.postPlainReply(actor, conversationId, input, content);
      if (message) return message;
    }
    return this.deps.uow.transaction(async (scope) => {
      const row = await this.conversations.lockForChange(
        scope.repos,
        actor.workspaceId,
        conversationId,
      );
      assertTakesMessages(row);
      return this.recordMessage(scope, actor, row, {
        authorType: input.author,
        authorId: input.author === 'agent' && actor.kind === 'user' ? actor.userId : null,
        visibility: input.visibility,
        body: content.body,
        html: content.html,
        attachmentIds: input.attachmentIds ?? [],
        ...(input.email ? { email: input.email } : {}),
      });
    });
  }

  /**
   * Writes a message into a locked conversation inside the caller's transaction: the message,
   * the status it leads to (a customer's message reopens, unless `reopen` is false, as for an
   * automatic mail), the timeline and the events. A public agent reply on an email
   * conversation is queued for sending in the same transaction.
   */
  async recordMessage(
    scope: TransactionScope,
    actor: Actor | null,
    row: ConversationRow,
    input: {
      authorType: 'customer' | 'agent' | 'bot' | 'system';
      authorId: string | null;
      visibility: 'public' | 'internal';
      body: string;
      html: string | null;
      attachmentIds: string[];
      reopen?: boolean;
      email?: { to: string[]; cc: string[] };
      /** Written in the same transaction before the events go out (the mail side of a message). */
      beforeEvents?: (message: Message) => Promise<Message>;
    },
  ): Promise<Message> {
    const { repos } = scope;
    const now = this.deps.clock.now();
    let message = await this.conversations.insertMessage(scope, row, { ...input, at: now });
    const isPublic = input.visibility === 'public';
    const status =
      input.reopen === false
        ? row.status
        : statusAfterMessage(row.status, {
            author: input.authorType,
            visibility: input.visibility,
          });
    const updated = await repos.conversations.update(row.id, {
      status,
      ...(isPublic ? { last_message_at: now } : {}),
      updated_at: now,
    });
    if (isPublic || status !== row.status)
      await this.conversations.hooks?.afterWrite(scope, updated, 'message');
    if (input.beforeEvents) message = await input.beforeEvents(message);
    if (this.outbound && isEmailReply(row, input)) {
      message = {
        ...message,
        email: await this.outbound.queueReply(scope, row, message, input.email),
      };
    }
    await scope.emit({
      type: 'message.created',
      workspaceId: row.workspace_id,
      conversationId: row.id,
      internal: !isPublic,
      payload: { message },
    });
    if (status !== row.status) {
      await this.conversations.recordTimeline(
        repos,
        actor,
        row,
        'status.changed',
        { from: row.status, to: status, reason: 'message' },
        now,
      );
      const [conversation] = await presentConversations(repos, [updated]);
      await scope.emit({
        type: 'conversation.updated',
        workspaceId: row.workspace_id,
        conversationId: row.id,
        internal: false,
        payload: {
          conversation: conversation!,
          changes: ['status'],
          previous: countedFieldsOf(row),
        },
      });
    }
    // Triggers see public messages from people (not their own bot replies or system notes).
    if (isPublic && (input.authorType === 'customer' || input.authorType === 'agent'))
      await this.conversations.runTriggersIn(scope, updated, {
        kind: 'updated',
        changes: ['message'],
        message: { text: input.body, author: input.authorType },
      });
    return message;
  }

  /**
   * The common case, a message without attachments that changes no status, written in one
   * statement (see MessageRepository.insertPlainReply) without reading the conversation first:
   * the statement's guard says which conversations qualify (not merged, and in a status this
   * message leaves as it is). Returns null to hand over to the transactional path, which reads
   * the conversation and reports not found, closed and merged, or changes its status.
   */
  private async postPlainReply(
    actor: Actor,
    conversationId: string,
    input: z.output<typeof MessageInput>,
    content: { body: string; html: string | null },
  ): Promise<Message | null> {
    const statuses = unchangedStatuses.filter((s) => statusAfterMessage(s, input) === s);
    const isPublic = input.visibility === 'public';
    const at = this.deps.clock.now();
    const draft = {
      id: this.deps.ids(),
      workspaceId: actor.workspaceId,
      conversationId,
      authorType: input.author,
      authorId: input.author === 'agent' && actor.kind === 'user' ? actor.userId : null,
      visibility: input.visibility,
      body: content.body,
      html: content.html,
      searchTokens: indexTokens(content.body),
      at,
    };
    const message = presentMessage(
      {
        id: draft.id,
        conversation_id: conversationId,
        author_type: draft.authorType,
        author_id: draft.authorId,
        visibility: draft.visibility,
        body: draft.body,
        html: draft.html,
        created_at: at,
      },
      [],
    );
    const event = {
      type: 'message.created' as const,
      workspaceId: actor.workspaceId,
      conversationId,
      internal: !isPublic,
      payload: { message },
    };
    // An agent's public reply on an email conversation is queued for sending in a transaction,
    // so the statement leaves email conversations to the other path.
    const sendsMail =
      this.outbound !== null && input.author === 'agent' && input.visibility === 'public';
    const written = await this.deps.uow.recordWithEvent(actor.workspaceId, (repos) =>
      repos.messages.insertPlainReply(
        {
          ...draft,
          statuses,
          isPublic,
          excludeChannel: sendsMail ? 'email' : null,
          slaRefreshJobId: isPublic && this.conversations.hooks ? this.deps.ids() : null,
        },
        { ...event, at },
      ),
    );
    return written ? message : null;
  }
}

/** The statuses a plain reply may find a conversation in (a closed one takes no messages). */
const unchangedStatuses = ['new', 'open', 'pending', 'on_hold', 'solved'] as const;

/** Queues an agent's public reply on an email conversation for sending (outbound-mail.ts). */
export interface EmailReplyQueue {
  queueReply(
    scope: TransactionScope,
    conversation: ConversationRow,
    message: Message,
    recipients: { to: string[]; cc: string[] } | undefined,
  ): Promise<MessageEmail>;
}

const isEmailReply = (
  row: { channel: string },
  input: { authorType: string; visibility: string },
) => row.channel === 'email' && input.authorType === 'agent' && input.visibility === 'public';

/** Closed and merged conversations take no new messages. */
function assertTakesMessages(row: { merged_into_id: string | null; status: string }) {
  if (row.merged_into_id)
    throw new AppError(
      'conflict',
      'This conversation was merged; reply in the conversation it was merged into',
    );
  if (row.status === 'closed')
    throw new AppError(
      'conflict',
      'This conversation is closed; start a follow-up conversation instead',
    );
}

/**
 * A customer's message reopens a pending, on-hold or solved conversation; an agent's first public
 * reply moves a new one to open.
 */
function statusAfterMessage<S extends string>(
  status: S,
  input: { author: string; visibility: string },
): S | 'open' {
  if (input.author === 'customer' && ['pending', 'on_hold', 'solved'].includes(status))
    return 'open';
  if (input.author === 'agent' && input.visibility === 'public' && status === 'new') return 'open';
  return status;
}
