import type { InboundEmail, MailChannel, MessageEmail } from '@kefu/contracts';
import type { EmailFlag } from '@kefu/contracts';
import type { EmailMessageRow, InboundEmailRow, MailChannelRow } from '../../db/schema-email.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentMessageEmail(row: EmailMessageRow): MessageEmail {
  return {
    direction: row.direction,
    from: { address: row.from_address, name: row.from_name },
    to: row.to_addresses,
    cc: row.cc_addresses,
    subject: row.subject,
    flags: row.flags as EmailFlag[],
    deliveryStatus: row.delivery_status,
    deliveryError: row.delivery_error,
    sentAt: row.sent_at ? iso(row.sent_at) : null,
    hasQuotedText: Boolean(row.quoted_text),
  };
}

export function presentMessageEmailDetail(row: EmailMessageRow) {
  return {
    ...presentMessageEmail(row),
    messageId: row.message_id,
    rfcMessageId: row.rfc_message_id,
    inReplyTo: row.in_reply_to,
    quotedText: row.quoted_text,
    fullText: row.full_text,
    inboundEmailId: row.inbound_email_id,
  };
}

/** The outgoing server as an admin may see it: no password. */
function serverWithoutPassword(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return null;
  }
}

export function presentMailChannel(row: MailChannelRow, needsAttention: number): MailChannel {
  const state = row.imap_state;
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    fromName: row.from_name,
    smtpServer: serverWithoutPassword(row.smtp_url),
    imap: row.imap
      ? {
          host: row.imap.host,
          port: row.imap.port,
          secure: row.imap.secure,
          user: row.imap.user,
          mailbox: row.imap.mailbox,
          uidValidity: state.uidValidity ?? null,
          lastUid: state.lastUid ?? null,
          lastPolledAt: state.lastPolledAt ?? null,
          lastError: state.lastError ?? null,
        }
      : null,
    autoAcknowledge: row.auto_acknowledge,
    enabled: row.enabled,
    oversizeRejected: row.oversize_rejected,
    needsAttention,
    createdAt: iso(row.created_at),
  };
}

export function presentInboundEmail(row: InboundEmailRow): InboundEmail {
  return {
    id: row.id,
    channelId: row.channel_id,
    status: row.status,
    reason: row.reason,
    detail: row.detail,
    from: row.from_address,
    subject: row.subject,
    size: row.size,
    source: row.source,
    conversationId: row.conversation_id,
    receivedAt: iso(row.received_at),
    processedAt: row.processed_at ? iso(row.processed_at) : null,
  };
}
