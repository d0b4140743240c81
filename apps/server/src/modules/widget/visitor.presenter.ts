import type { Message, VisitorConversation, VisitorMessage } from '@kefu/contracts';
import type { ConversationRow } from '../../db/schema.ts';
import { signedAttachmentUrl } from './attachment-links.ts';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null | undefined) =>
  value === null || value === undefined ? null : iso(value);

export interface MessageRowLike {
  id: string;
  conversation_id: string;
  author_type: Message['authorType'];
  author_id: string | null;
  body: string;
  html: string | null;
  created_at: Date | string;
}

interface AttachmentLike {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/** What presenting needs besides the rows: agent names and the link secret. */
export interface VisitorPresentContext {
  agentNames: Map<string, string>;
  linkSecret: string;
  now: Date;
}

export function presentVisitorAttachment(
  attachment: AttachmentLike,
  context: VisitorPresentContext,
) {
  return {
    id: attachment.id,
    filename: attachment.filename,
    contentType: attachment.contentType,
    size: attachment.size,
    url: signedAttachmentUrl(context.linkSecret, attachment.id, context.now),
  };
}

/** A public message for the visitor: the agent's name instead of ids, signed file links. */
export function presentVisitorMessage(
  row: MessageRowLike,
  attachments: AttachmentLike[],
  context: VisitorPresentContext,
): VisitorMessage {
  const name =
    row.author_type === 'agent' && row.author_id
      ? (context.agentNames.get(row.author_id) ?? null)
      : null;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    author: { type: row.author_type, name },
    body: row.body,
    html: row.html,
    attachments: attachments.map((a) => presentVisitorAttachment(a, context)),
    createdAt: iso(row.created_at),
  };
}

/** The same, from a message as the realtime event carries it. */
export function visitorMessageFromEvent(
  message: Message,
  context: VisitorPresentContext,
): VisitorMessage {
  return presentVisitorMessage(
    {
      id: message.id,
      conversation_id: message.conversationId,
      author_type: message.authorType,
      author_id: message.authorId,
      body: message.body,
      html: message.html,
      created_at: message.createdAt,
    },
    message.attachments,
    context,
  );
}

export function presentVisitorConversation(
  row: ConversationRow,
  extra: {
    lastMessage: VisitorMessage | null;
    unreadCount: number;
    visitorLastReadAt: Date | string | null | undefined;
    agentLastReadAt: Date | string | null | undefined;
    heldByBot: boolean;
  },
): VisitorConversation {
  return {
    id: row.id,
    status: row.status,
    lastMessage: extra.lastMessage,
    unreadCount: extra.unreadCount,
    visitorLastReadAt: isoOrNull(extra.visitorLastReadAt),
    agentLastReadAt: isoOrNull(extra.agentLastReadAt),
    heldByBot: extra.heldByBot,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
