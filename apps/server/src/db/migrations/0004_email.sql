-- Durable background jobs (email sends and processing now; SLA clocks and webhooks later).
-- A job is claimed with FOR UPDATE SKIP LOCKED and a lease: a worker that dies leaves the
-- lease to run out and the job is taken again. An idempotency key makes "once per key" a
-- unique constraint instead of a hope.
create table jobs (
  id uuid primary key,
  workspace_id uuid references workspaces(id) on delete cascade,
  kind text not null,
  payload jsonb not null default '{}',
  idempotency_key text,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  run_at timestamptz not null,
  attempts integer not null default 0,
  max_attempts integer not null default 8,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index jobs_idempotency on jobs (kind, idempotency_key) where idempotency_key is not null;
create index jobs_due on jobs (run_at) where status in ('queued', 'running');

-- A support address of a workspace. The SMTP listener routes by address, so an address belongs
-- to one channel across the whole instance.
create table mail_channels (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  address text not null,
  address_key text not null unique,
  from_name text,
  -- Signs the tokens in outgoing Message-IDs and reply addresses.
  token_secret text not null,
  -- Outgoing server as an smtp(s):// URL; null uses the instance's SMTP_URL.
  smtp_url text,
  -- IMAP mailbox to fetch from ({ host, port, secure, user, password, mailbox }); null: none.
  imap jsonb,
  -- { uidValidity, lastUid, lastPolledAt, lastError }: what has been fetched so far.
  imap_state jsonb not null default '{}',
  auto_acknowledge boolean not null default false,
  enabled boolean not null default true,
  -- Mail refused at the SMTP listener for being over the size limit.
  oversize_rejected integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index mail_channels_workspace on mail_channels (workspace_id, created_at);

-- Every mail that arrived, stored (raw bytes in the blob store) before anything else happens.
-- The unique key per channel makes a second delivery of the same mail a no-op; the row stays
-- when its conversation is deleted, so a mail left on the IMAP server is never imported again.
create table inbound_emails (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  channel_id uuid not null references mail_channels(id) on delete cascade,
  dedup_key text not null,
  blob_key text not null,
  size integer not null,
  source text not null check (source in ('smtp', 'imap')),
  envelope jsonb not null default '{}',
  status text not null check (status in ('received', 'processed', 'quarantined', 'held', 'ignored')),
  reason text,
  detail text,
  rfc_message_id text,
  from_address text,
  subject text,
  conversation_id uuid references conversations(id) on delete set null,
  message_id uuid references messages(id) on delete set null,
  received_at timestamptz not null,
  processed_at timestamptz,
  unique (channel_id, dedup_key)
);
create index inbound_emails_status on inbound_emails (workspace_id, status, received_at desc, id desc);
create index inbound_emails_sender on inbound_emails (channel_id, from_address, received_at);

-- The mail side of a conversation: which channel it runs on and who is on it.
create table email_threads (
  conversation_id uuid primary key references conversations(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  channel_id uuid references mail_channels(id) on delete set null,
  customer_address text not null,
  -- [{ address, name }] copied on replies (reply-all), editable by agents.
  cc_addresses jsonb not null default '[]',
  subject text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The mail side of a message: headers that thread it, addresses, and the delivery state.
create table email_messages (
  message_id uuid primary key references messages(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  channel_id uuid references mail_channels(id) on delete set null,
  direction text not null check (direction in ('inbound', 'outbound')),
  rfc_message_id text not null,
  in_reply_to text,
  references_ids text[] not null default '{}',
  from_address text not null,
  from_name text,
  to_addresses jsonb not null default '[]',
  cc_addresses jsonb not null default '[]',
  subject text,
  -- Inbound: the quoted history and signature split off the new text, and the whole text.
  quoted_text text,
  full_text text,
  inbound_email_id uuid references inbound_emails(id) on delete set null,
  flags text[] not null default '{}',
  delivery_status text check (delivery_status in ('queued', 'sending', 'sent', 'failed', 'bounced')),
  delivery_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
create index email_messages_rfc on email_messages (workspace_id, rfc_message_id);
create index email_messages_conversation on email_messages (conversation_id, created_at);

alter table attachments add column content_id text;
