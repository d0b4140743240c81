-- The chat widget: per-workspace settings, visitor sessions, read state per conversation, and
-- agent availability for "agents online".

create table widget_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  -- Public: goes into the embed snippet on customers' sites.
  public_key text not null unique,
  -- HS256 key the site's server signs identity tokens with. Kept readable because verifying an
  -- HMAC needs the key itself; shown to admins, rotatable.
  identity_secret text not null,
  -- Signs attachment links for visitors; never leaves the server.
  link_secret text not null,
  enabled boolean not null default true,
  color text not null default '#2563eb',
  greeting_zh text not null default '',
  greeting_en text not null default '',
  prechat_name text not null default 'off' check (prechat_name in ('off', 'optional', 'required')),
  prechat_email text not null default 'off' check (prechat_email in ('off', 'optional', 'required')),
  expected_reply_minutes integer not null default 10,
  allowed_origins text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One row per widget session (a browser). Only the token's hash is stored.
create table widget_visitors (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  token_hash text not null unique,
  -- The site's user id when a signed identity token vouched for this visitor.
  external_id text,
  ip text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index widget_visitors_customer on widget_visitors (customer_id);

-- Who has read a conversation up to when, on each side ("Seen").
create table conversation_reads (
  conversation_id uuid primary key references conversations(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  visitor_last_read_at timestamptz,
  agent_last_read_at timestamptz
);

-- Availability per agent and workspace. last_seen_at is refreshed by live agent sockets, so
-- every node can tell whether someone is online without asking the others.
create table agent_presence (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  availability text not null default 'online' check (availability in ('online', 'away')),
  last_seen_at timestamptz,
  primary key (workspace_id, user_id)
);
