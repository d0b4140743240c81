import type { Conversation, Message } from '@kefu/contracts';
import type { ConversationRow } from '../../db/schema.ts';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

export function presentConversation(
  row: ConversationRow,
  extra: { tags: string[]; customerName: string | null },
): Conversation {
  return {
    id: row.id,
    number: row.number,
    channel: row.channel,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    customer: { id: row.customer_id, name: extra.customerName },
    assigneeId: row.assignee_id,
    teamId: row.team_id,
    tags: extra.tags,
    customFields: row.custom_fields,
    mergedIntoId: row.merged_into_id,
    lastMessageAt: isoOrNull(row.last_message_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

interface MessageRowLike {
  id: string;
  conversation_id: string;
  author_type: Message['authorType'];
  author_id: string | null;
  visibility: Message['visibility'];
  body: string;
  html: string | null;
  created_at: Date | string;
}

interface AttachmentRowLike {
  id: string;
  filename: string;
  content_type: string;
  size: number;
}

export function presentAttachment(row: AttachmentRowLike) {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: row.size,
    url: `/api/v1/attachments/${row.id}`,
  };
}

export function presentMessage(row: MessageRowLike, attachments: AttachmentRowLike[]): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    authorType: row.author_type,
    authorId: row.author_id,
    visibility: row.visibility,
    body: row.body,
    html: row.html,
    attachments: attachments.map(presentAttachment),
    createdAt: iso(row.created_at),
  };
}
