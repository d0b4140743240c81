import type { ColumnType, Selectable } from 'kysely';
import type { Defaulted, Json, Timestamp } from './schema.ts';

/** jsonb lists ([{ address, name }] and the like) read back as arrays. */
type JsonList<T> = ColumnType<T[], string | undefined, string>;

export interface EmailAddress {
  address: string;
  name: string | null;
}

export interface JobsTable {
  id: string;
  workspace_id: string | null;
  kind: string;
  payload: Json;
  idempotency_key: string | null;
  status: Defaulted<'queued' | 'running' | 'done' | 'failed'>;
  run_at: Timestamp;
  attempts: Defaulted<number>;
  max_attempts: Defaulted<number>;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

export interface ImapState {
  uidValidity?: string;
  lastUid?: number;
  lastPolledAt?: string;
  lastError?: string | null;
}

export interface MailChannelsTable {
  id: string;
  workspace_id: string;
  name: string;
  address: string;
  address_key: string;
  from_name: string | null;
  token_secret: string;
  smtp_url: string | null;
  imap: ColumnType<ImapSettings | null, string | null | undefined, string | null>;
  imap_state: ColumnType<ImapState, string | undefined, string>;
  auto_acknowledge: Defaulted<boolean>;
  enabled: Defaulted<boolean>;
  oversize_rejected: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type InboundStatus = 'received' | 'processed' | 'quarantined' | 'held' | 'ignored';

export interface InboundEmailsTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  dedup_key: string;
  blob_key: string;
  size: number;
  source: 'smtp' | 'imap';
  envelope: ColumnType<{ mailFrom?: string | null; rcptTo?: string[] }, string, string>;
  status: InboundStatus;
  reason: string | null;
  detail: string | null;
  rfc_message_id: string | null;
  from_address: string | null;
  subject: string | null;
  conversation_id: string | null;
  message_id: string | null;
  received_at: Timestamp;
  processed_at: Timestamp | null;
}

export interface EmailThreadsTable {
  conversation_id: string;
  workspace_id: string;
  channel_id: string | null;
  customer_address: string;
  cc_addresses: JsonList<EmailAddress>;
  subject: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced';

export interface EmailMessagesTable {
  message_id: string;
  workspace_id: string;
  conversation_id: string;
  channel_id: string | null;
  direction: 'inbound' | 'outbound';
  rfc_message_id: string;
  in_reply_to: string | null;
  references_ids: Defaulted<string[]>;
  from_address: string;
  from_name: string | null;
  to_addresses: JsonList<EmailAddress>;
  cc_addresses: JsonList<EmailAddress>;
  subject: string | null;
  quoted_text: string | null;
  full_text: string | null;
  inbound_email_id: string | null;
  flags: Defaulted<string[]>;
  delivery_status: DeliveryStatus | null;
  delivery_error: string | null;
  sent_at: Timestamp | null;
  created_at: Timestamp;
}

export interface EmailTables {
  jobs: JobsTable;
  mail_channels: MailChannelsTable;
  inbound_emails: InboundEmailsTable;
  email_threads: EmailThreadsTable;
  email_messages: EmailMessagesTable;
}

export type JobRow = Selectable<JobsTable>;
export type MailChannelRow = Selectable<MailChannelsTable>;
export type InboundEmailRow = Selectable<InboundEmailsTable>;
export type EmailThreadRow = Selectable<EmailThreadsTable>;
export type EmailMessageRow = Selectable<EmailMessagesTable>;
