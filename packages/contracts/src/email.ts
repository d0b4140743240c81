import { z } from 'zod';
import { Email, Id, Name, PageQuery, Timestamp, pageOf } from './common.ts';

/** An address on a mail: who it is and, when the mail said, their name. */
export const EmailAddress = z.object({ address: z.string(), name: z.string().nullable() });
export type EmailAddress = z.infer<typeof EmailAddress>;

export const DeliveryStatus = z.enum(['queued', 'sending', 'sent', 'failed', 'bounced']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/**
 * What Kefu noticed about a mail: `auto_submitted` (an auto-reply or list mail: no reply sent,
 * nothing reopened), `bounce` (a delivery report), `unverified_agent` (claims to be from an agent
 * without a valid reply token), `not_participant` (the sender is not on the conversation, so the
 * mail is kept internal), `remote_images_blocked`, `decode_uncertain`, `loop`.
 */
export const EmailFlag = z.enum([
  'auto_submitted',
  'bounce',
  'unverified_agent',
  'not_participant',
  'remote_images_blocked',
  'decode_uncertain',
  'loop',
]);
export type EmailFlag = z.infer<typeof EmailFlag>;

/** The mail side of a message, on messages that came or went by email. */
export const MessageEmail = z.object({
  direction: z.enum(['inbound', 'outbound']),
  from: EmailAddress,
  to: z.array(EmailAddress),
  cc: z.array(EmailAddress),
  subject: z.string().nullable(),
  flags: z.array(EmailFlag),
  /** Outbound only: where the mail is on its way to the recipients. */
  deliveryStatus: DeliveryStatus.nullable(),
  deliveryError: z.string().nullable(),
  sentAt: Timestamp.nullable(),
  /** Inbound: whether quoted history or a signature was split off (GET …/email shows it). */
  hasQuotedText: z.boolean(),
});
export type MessageEmail = z.infer<typeof MessageEmail>;

/** The whole mail behind a message: the new text, what was split off, and the headers. */
export const MessageEmailDetail = MessageEmail.extend({
  messageId: Id,
  rfcMessageId: z.string(),
  inReplyTo: z.string().nullable(),
  quotedText: z.string().nullable(),
  fullText: z.string().nullable(),
  /** The stored mail behind an inbound message: its raw .eml is GET …/messages/:id/email/raw. */
  inboundEmailId: Id.nullable(),
});

/** Who a reply by email goes to; agents see the default (reply-all) and may change it. */
export const EmailRecipientsInput = z.strictObject({
  to: z.array(Email).min(1).max(10),
  cc: z.array(Email).max(48).default([]),
});

export const EmailRecipients = z.object({
  channelId: Id.nullable(),
  from: EmailAddress.nullable(),
  to: z.array(EmailAddress),
  cc: z.array(EmailAddress),
  subject: z.string(),
});

const SmtpUrl = z
  .string()
  .max(500)
  .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL');

export const ImapSettingsInput = z.strictObject({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(993),
  secure: z.boolean().default(true),
  user: z.string().min(1).max(320),
  password: z.string().min(1).max(500),
  mailbox: z.string().min(1).max(200).default('INBOX'),
});

export const CreateMailChannelBody = z.strictObject({
  name: Name,
  address: Email,
  fromName: z.string().trim().max(200).nullable().optional(),
  smtpUrl: SmtpUrl.nullable().optional(),
  imap: ImapSettingsInput.nullable().optional(),
  autoAcknowledge: z.boolean().default(false),
  enabled: z.boolean().default(true),
});

export const UpdateMailChannelBody = z.strictObject({
  name: Name.optional(),
  fromName: z.string().trim().max(200).nullable().optional(),
  smtpUrl: SmtpUrl.nullable().optional(),
  imap: ImapSettingsInput.nullable().optional(),
  autoAcknowledge: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

/** A support address. Passwords are never sent back: only whether one is set. */
export const MailChannel = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  fromName: z.string().nullable(),
  /** The outgoing server without its password; null uses the instance's SMTP_URL. */
  smtpServer: z.string().nullable(),
  imap: z
    .object({
      host: z.string(),
      port: z.number(),
      secure: z.boolean(),
      user: z.string(),
      mailbox: z.string(),
      uidValidity: z.string().nullable(),
      lastUid: z.number().nullable(),
      lastPolledAt: Timestamp.nullable(),
      lastError: z.string().nullable(),
    })
    .nullable(),
  autoAcknowledge: z.boolean(),
  enabled: z.boolean(),
  /** Mail refused at the SMTP listener for being over the size limit. */
  oversizeRejected: z.number().int(),
  /** Mail waiting for an admin: quarantined or held. */
  needsAttention: z.number().int(),
  createdAt: Timestamp,
});
export type MailChannel = z.infer<typeof MailChannel>;

export const InboundStatus = z.enum(['received', 'processed', 'quarantined', 'held', 'ignored']);

/** One mail as it arrived, and what became of it. */
export const InboundEmail = z.object({
  id: Id,
  channelId: Id,
  status: InboundStatus,
  /** Why it is quarantined, held or ignored: a stable code (`parse_failed`, `too_complex`, …). */
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  size: z.number().int(),
  source: z.enum(['smtp', 'imap']),
  conversationId: Id.nullable(),
  receivedAt: Timestamp,
  processedAt: Timestamp.nullable(),
});
export type InboundEmail = z.infer<typeof InboundEmail>;

export const InboundEmailListQuery = z.strictObject({
  status: InboundStatus.optional(),
  channelId: Id.optional(),
  ...PageQuery,
});
export const InboundEmailPage = pageOf(InboundEmail);
