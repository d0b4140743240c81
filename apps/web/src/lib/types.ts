/**
 * The API's data shapes, taken from @kefu/contracts as types only: nothing here reaches the
 * bundle, so the app never ships zod.
 */
import type { z } from 'zod';
import type {
  Agent as AgentSchema,
  Attachment as AttachmentSchema,
  Company as CompanySchema,
  ConversationLink as ConversationLinkSchema,
  ConversationSort as ConversationSortSchema,
  CustomField as CustomFieldSchema,
  CustomerNote as CustomerNoteSchema,
  EmailRecipients as EmailRecipientsSchema,
  InboundEmail as InboundEmailSchema,
  InboundStatus as InboundStatusSchema,
  MailChannel as MailChannelSchema,
  MessageEmailDetail as MessageEmailDetailSchema,
  Identity as IdentitySchema,
  SearchResult as SearchResultSchema,
  SessionInfo as SessionInfoSchema,
  Tag as TagSchema,
  Team as TeamSchema,
  TimelineEvent as TimelineEventSchema,
  Workspace as WorkspaceSchema,
} from '@kefu/contracts';

export type {
  Channel,
  Conversation,
  ConversationStatus,
  Customer,
  DeliveryStatus,
  EmailAddress,
  EmailFlag,
  MessageEmail,
  ErrorBody,
  ErrorCode,
  EventPayload,
  EventType,
  Message,
  Priority,
  RealtimeEvent,
  Role,
  ServerFrame,
  ClientFrame,
} from '@kefu/contracts';

export type Agent = z.infer<typeof AgentSchema>;
export type Attachment = z.infer<typeof AttachmentSchema>;
export type Company = z.infer<typeof CompanySchema>;
export type ConversationLink = z.infer<typeof ConversationLinkSchema>;
export type ConversationSort = z.infer<typeof ConversationSortSchema>;
export type CustomField = z.infer<typeof CustomFieldSchema>;
export type CustomerNote = z.infer<typeof CustomerNoteSchema>;
export type EmailRecipients = z.infer<typeof EmailRecipientsSchema>;
export type InboundEmail = z.infer<typeof InboundEmailSchema>;
export type InboundStatus = z.infer<typeof InboundStatusSchema>;
export type MailChannel = z.infer<typeof MailChannelSchema>;
export type MessageEmailDetail = z.infer<typeof MessageEmailDetailSchema>;
export type Identity = z.infer<typeof IdentitySchema>;
export type SearchResult = z.infer<typeof SearchResultSchema>;
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
export type Tag = z.infer<typeof TagSchema>;
export type Team = z.infer<typeof TeamSchema>;
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;
export type Workspace = z.infer<typeof WorkspaceSchema>;

/** A page of results with the cursor for the next one (null at the end). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Locale = 'en' | 'zh-CN';
export const locales: readonly Locale[] = ['en', 'zh-CN'];
