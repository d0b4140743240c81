import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.ts';
import { IdentityInput } from './customers.ts';
import { TagName } from './workspace.ts';
import { EmailRecipientsInput, MessageEmail } from './email.ts';
import { ConversationSlaBadge } from './sla-badge.ts';

export const ConversationStatus = z.enum(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;
export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;
export const Channel = z.enum(['chat', 'email', 'api', 'phone', 'wechat', 'wecom']);
export type Channel = z.infer<typeof Channel>;

export const AuthorType = z.enum(['customer', 'agent', 'bot', 'system']);
export const Visibility = z.enum(['public', 'internal']);

export const Attachment = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  url: z.string(),
});

export const Message = z.object({
  id: Id,
  conversationId: Id,
  authorType: AuthorType,
  authorId: Id.nullable(),
  visibility: Visibility,
  body: z.string(),
  html: z.string().nullable(),
  attachments: z.array(Attachment),
  createdAt: Timestamp,
  /** On messages that came or went by email: addresses, flags and the delivery state. */
  email: MessageEmail.nullable().optional(),
});
export type Message = z.infer<typeof Message>;

/** Message text: bounded so that one message cannot exhaust memory or the index. */
const MessageBody = z.string().max(100_000);
export const MessageInput = z
  .strictObject({
    /** API integrations may record a customer's message; people signed in always write as agents. */
    author: z.enum(['agent', 'customer']).default('agent'),
    body: MessageBody.optional(),
    html: z.string().max(500_000).optional(),
    visibility: Visibility.default('public'),
    attachmentIds: z.array(Id).max(20).optional(),
    /** Email conversations: who the reply goes to (default: the customer and everyone on copy). */
    email: EmailRecipientsInput.optional(),
  })
  .refine(
    (m) =>
      (m.body ?? '').trim() !== '' ||
      (m.html ?? '').trim() !== '' ||
      (m.attachmentIds?.length ?? 0) > 0,
    {
      message: 'A message needs text, HTML or an attachment',
      path: ['body'],
    },
  );

export const Conversation = z.object({
  id: Id,
  number: z.number().int(),
  channel: Channel,
  subject: z.string().nullable(),
  status: ConversationStatus,
  priority: Priority,
  customer: z.object({ id: Id, name: z.string().nullable() }),
  assigneeId: Id.nullable(),
  teamId: Id.nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
  mergedIntoId: Id.nullable(),
  lastMessageAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** The applied SLA policy's badge (null: no policy applies); absent where not loaded. */
  sla: ConversationSlaBadge.nullable().optional(),
});
export type Conversation = z.infer<typeof Conversation>;

const CustomerRef = z.union(
  [
    z.strictObject({ id: Id }),
    z.strictObject({ name: z.string().trim().min(1).max(200).optional(), identity: IdentityInput }),
  ],
  { error: 'Give an existing customer as { id }, or { identity, name? } to find or create one' },
);

export const CreateConversationBody = z.strictObject({
  channel: Channel.default('api'),
  subject: z.string().trim().max(500).nullable().optional(),
  customer: CustomerRef,
  /** Who wrote the first message: the customer (default) or the agent opening the ticket. */
  message: z.strictObject({
    author: z.enum(['customer', 'agent']).default('customer'),
    body: MessageBody.optional(),
    html: z.string().max(500_000).optional(),
    visibility: Visibility.default('public'),
    attachmentIds: z.array(Id).max(20).optional(),
  }),
  priority: Priority.optional(),
  assigneeId: Id.nullable().optional(),
  teamId: Id.nullable().optional(),
  tags: z.array(TagName).max(50).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});

export const UpdateConversationBody = z
  .strictObject({
    subject: z.string().trim().max(500).nullable().optional(),
    status: ConversationStatus.optional(),
    priority: Priority.optional(),
    assigneeId: Id.nullable().optional(),
    teamId: Id.nullable().optional(),
    tags: z.array(TagName).max(50).optional(),
    customFields: z.record(z.string(), z.unknown()).optional(),
    /**
     * Claim semantics: apply this update only if the conversation is still assigned to this
     * agent (null: still unassigned); otherwise 409 with the current assignee. Two agents
     * claiming one conversation at once: exactly one wins.
     */
    expectedAssigneeId: Id.nullable().optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'expectedAssigneeId'), 'Nothing to update');

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).min(1).max(20));

export const ConversationSort = z.enum([
  'updated_desc',
  'updated_asc',
  'created_desc',
  'created_asc',
]);
export const ConversationListQuery = z.strictObject({
  status: csv(ConversationStatus).optional(),
  priority: csv(Priority).optional(),
  channel: csv(Channel).optional(),
  /** An agent id, `me`, or `none` for unassigned. */
  assigneeId: z.union([Id, z.enum(['me', 'none'])]).optional(),
  /** A team id, `none` for no team, or `mine` for any team the signed-in agent belongs to. */
  teamId: z.union([Id, z.enum(['none', 'mine'])]).optional(),
  tag: TagName.optional(),
  customerId: Id.optional(),
  createdAfter: Timestamp.optional(),
  createdBefore: Timestamp.optional(),
  updatedAfter: Timestamp.optional(),
  updatedBefore: Timestamp.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: ConversationSort.default('updated_desc'),
  ...PageQuery,
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

export const MergeConversationBody = z.strictObject({ targetId: Id });
export const LinkConversationBody = z.strictObject({ conversationId: Id });
export const ConversationLink = z.object({
  conversationId: Id,
  number: z.number().int(),
  subject: z.string().nullable(),
  status: ConversationStatus,
  createdAt: Timestamp,
});

export const MessageListQuery = z.strictObject({
  ...PageQuery,
  limit: PageQuery.limit.default(50),
});

export const TimelineEvent = z.object({
  id: Id,
  type: z.string(),
  actorType: z.enum(['user', 'api_token', 'customer', 'system']),
  actorId: Id.nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
});

export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const SearchResult = z.object({
  messages: z.array(
    z.object({
      id: Id,
      conversationId: Id,
      conversationNumber: z.number().int(),
      body: z.string(),
      createdAt: Timestamp,
    }),
  ),
  customers: z.array(
    z.object({ id: Id, name: z.string().nullable(), identities: z.array(z.string()) }),
  ),
});
