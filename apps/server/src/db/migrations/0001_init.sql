-- Kefu's first schema. Every tenant-owned row carries workspace_id; ids are UUIDv7 made by the
-- application, so they sort by creation and leak no counts across workspaces.

create table workspaces (
  id uuid primary key,
  name text not null,
  slug text not null unique,
  timezone text not null default 'UTC',
  default_locale text not null default 'en',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  email text not null,
  email_key text not null unique,
  name text not null,
  password_hash text not null,
  locale text not null default 'en',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table memberships (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'supervisor', 'agent')),
  status text not null default 'active' check (status in ('active', 'deactivated')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index memberships_user on memberships (user_id);

create table invitations (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  email text not null,
  role text not null check (role in ('admin', 'supervisor', 'agent')),
  team_ids uuid[] not null default '{}',
  token_hash text not null unique,
  invited_by uuid references users(id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index invitations_workspace on invitations (workspace_id, created_at desc);

create table sessions (
  id uuid primary key,
  user_id uuid not null references users(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  token_hash text not null unique,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on sessions (user_id);

-- Failed logins, counted per account and per address over a sliding hour.
create table login_failures (
  id uuid primary key,
  email_key text not null,
  ip text not null,
  created_at timestamptz not null default now()
);
create index login_failures_email on login_failures (email_key, created_at);
create index login_failures_ip on login_failures (ip, created_at);

create table api_tokens (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  prefix text not null,
  token_hash text not null unique,
  scopes text[] not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_workspace on api_tokens (workspace_id, created_at desc);

create table teams (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index teams_name on teams (workspace_id, lower(name));

create table team_members (
  team_id uuid not null references teams(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  primary key (team_id, user_id)
);
create index team_members_user on team_members (workspace_id, user_id);

create table companies (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  domain text,
  attributes jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index companies_workspace on companies (workspace_id, name);

create table customers (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text,
  company_id uuid references companies(id) on delete set null,
  attributes jsonb not null default '{}',
  custom_fields jsonb not null default '{}',
  locale text,
  timezone text,
  merged_into_id uuid references customers(id),
  search_vector tsvector not null default ''::tsvector,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index customers_workspace on customers (workspace_id, created_at desc, id desc);
create index customers_search on customers using gin (search_vector);

-- One person, many identities: email addresses, phone numbers, widget visitors, external ids.
create table customer_identities (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  kind text not null check (kind in ('email', 'phone', 'visitor', 'external')),
  value text not null,
  value_key text not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, kind, value_key)
);
create index customer_identities_customer on customer_identities (customer_id);

create table customer_notes (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  body text not null,
  created_at timestamptz not null default now()
);
create index customer_notes_customer on customer_notes (customer_id, created_at desc);

create table tags (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  name_key text not null,
  color text,
  created_at timestamptz not null default now(),
  unique (workspace_id, name_key)
);

create table custom_field_definitions (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  entity text not null check (entity in ('conversation', 'customer')),
  key text not null,
  label text not null,
  type text not null check (type in ('text', 'number', 'boolean', 'date', 'select', 'multiselect')),
  options text[] not null default '{}',
  required boolean not null default false,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  unique (workspace_id, entity, key)
);

-- Per-workspace sequences (conversation numbers, realtime positions). Incremented with
-- UPDATE … RETURNING inside the writing transaction: the row lock serialises writers, so numbers
-- are consecutive and a rolled-back transaction gives its number back.
create table workspace_counters (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  value bigint not null default 0,
  primary key (workspace_id, name)
);

create table conversations (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  number integer not null,
  channel text not null check (channel in ('chat', 'email', 'api', 'phone', 'wechat', 'wecom')),
  subject text,
  status text not null check (status in ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
  priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  customer_id uuid not null references customers(id),
  assignee_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  custom_fields jsonb not null default '{}',
  merged_into_id uuid references conversations(id),
  last_message_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, number)
);
create index conversations_status_team on conversations (workspace_id, status, team_id, updated_at desc, id desc);
create index conversations_updated on conversations (workspace_id, updated_at desc, id desc);
create index conversations_created on conversations (workspace_id, created_at desc, id desc);
create index conversations_assignee on conversations (workspace_id, assignee_id, updated_at desc, id desc);
create index conversations_customer on conversations (customer_id, created_at desc);

create table conversation_tags (
  conversation_id uuid not null references conversations(id) on delete cascade,
  tag_id uuid not null references tags(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  primary key (conversation_id, tag_id)
);
create index conversation_tags_tag on conversation_tags (workspace_id, tag_id);

create table conversation_links (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  linked_id uuid not null references conversations(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (conversation_id, linked_id)
);

create table messages (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  author_type text not null check (author_type in ('customer', 'agent', 'bot', 'system')),
  author_id uuid,
  visibility text not null check (visibility in ('public', 'internal')),
  body text not null,
  html text,
  search_vector tsvector not null default ''::tsvector,
  created_at timestamptz not null default now()
);
create index messages_conversation on messages (conversation_id, created_at, id);
create index messages_search on messages using gin (search_vector);

create table attachments (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  message_id uuid references messages(id) on delete cascade,
  blob_key text not null,
  filename text not null,
  content_type text not null,
  size integer not null,
  uploaded_by uuid,
  created_at timestamptz not null default now()
);
create index attachments_message on attachments (message_id);

-- What happened to a conversation: status and assignment changes, merges, links.
create table conversation_events (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  type text not null,
  actor_type text not null,
  actor_id uuid,
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index conversation_events_conversation on conversation_events (conversation_id, created_at, id);

create table audit_log (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  actor_type text not null,
  actor_id uuid,
  action text not null,
  target_type text not null,
  target_id text,
  data jsonb not null default '{}',
  ip text,
  created_at timestamptz not null default now()
);
create index audit_log_workspace on audit_log (workspace_id, created_at desc, id desc);

-- The audit log is append-only: rows are never changed, and removed only when their whole
-- workspace is deleted (the cascade runs after the workspace row is gone).
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and not exists (select 1 from workspaces where id = old.workspace_id) then
    return old;
  end if;
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

-- Realtime events with a per-workspace position; a reconnecting client replays from here.
create table realtime_events (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  position bigint not null,
  type text not null,
  conversation_id uuid,
  internal boolean not null default false,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, position)
);
