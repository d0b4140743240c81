import type { Message, VisitorConversation, VisitorMessage } from '@kefu/contracts';
import type { ConversationRow } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Repositories } from '../../repositories/index.ts';
import {
  type MessageRowLike,
  type VisitorPresentContext,
  presentVisitorConversation,
  presentVisitorMessage,
  visitorMessageFromEvent,
} from './visitor.presenter.ts';

/**
 * Builds what a visitor sees from rows: conversations with their last public message, unread
 * count and read state, and messages with agent names and signed file links. Link secrets never
 * change, so they are cached for the life of the process.
 */
export class VisitorView {
  private readonly linkSecrets = new Map<string, string>();

  constructor(private readonly clock: Clock) {}

  async context(
    repos: Repositories,
    workspaceId: string,
    agentIds: (string | null)[],
  ): Promise<VisitorPresentContext> {
    let linkSecret = this.linkSecrets.get(workspaceId);
    if (!linkSecret) {
      linkSecret = (await repos.widget.findSettings(workspaceId))?.link_secret ?? '';
      if (linkSecret) this.linkSecrets.set(workspaceId, linkSecret);
    }
    const ids = [...new Set(agentIds.filter((id): id is string => id !== null))];
    return { agentNames: await repos.widget.userNames(ids), linkSecret, now: this.clock.now() };
  }

  async messages(
    repos: Repositories,
    workspaceId: string,
    rows: MessageRowLike[],
  ): Promise<VisitorMessage[]> {
    const attachments = await repos.messages.attachmentsFor(rows.map((row) => row.id));
    const context = await this.context(
      repos,
      workspaceId,
      rows.map((row) => (row.author_type === 'agent' ? row.author_id : null)),
    );
    return rows.map((row) =>
      presentVisitorMessage(
        row,
        attachments
          .filter((a) => a.message_id === row.id)
          .map((a) => ({
            id: a.id,
            filename: a.filename,
            contentType: a.content_type,
            size: a.size,
          })),
        context,
      ),
    );
  }

  async conversations(
    repos: Repositories,
    workspaceId: string,
    rows: ConversationRow[],
  ): Promise<VisitorConversation[]> {
    const ids = rows.map((row) => row.id);
    const [last, unread, reads, held] = await Promise.all([
      repos.visitorConversations.lastPublicMessages(ids),
      repos.visitorConversations.unreadCounts(ids),
      repos.visitorConversations.readStates(ids),
      repos.answerBot.heldConversations(workspaceId, ids),
    ]);
    const lastMessages = await this.messages(repos, workspaceId, last);
    return rows.map((row) => {
      const read = reads.find((r) => r.conversation_id === row.id);
      return presentVisitorConversation(row, {
        lastMessage: lastMessages.find((m) => m.conversationId === row.id) ?? null,
        unreadCount: unread.get(row.id) ?? 0,
        visitorLastReadAt: read?.visitor_last_read_at,
        agentLastReadAt: read?.agent_last_read_at,
        heldByBot: held.has(row.id),
      });
    });
  }

  /** A message from a realtime event, as the visitor sees it (the caller checked it is public). */
  async eventMessage(
    repos: Repositories,
    workspaceId: string,
    message: Message,
  ): Promise<VisitorMessage> {
    const context = await this.context(repos, workspaceId, [
      message.authorType === 'agent' ? message.authorId : null,
    ]);
    return visitorMessageFromEvent(message, context);
  }
}
