-- The answer bot: settings per workspace, one session per widget conversation the bot took part
-- in (with its outcome, metrics.md §6), and one turn per question (what was answered, from which
-- article, with what confidence, and whether the customer said it helped).

create table answer_bot_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  enabled boolean not null default false,
  threshold double precision not null default 0.5,
  window_hours integer not null default 24,
  -- An OpenAI-compatible endpoint; null base URL: no generated answers, nothing leaves the server.
  llm_base_url text,
  llm_model text,
  llm_api_key text,
  llm_timeout_ms integer not null default 15000,
  updated_at timestamptz not null
);

-- outcome: pending (the bot is still in it), confirmed (the customer said it helped), assumed
-- (answered, and the customer stayed away for the window), handed_over (to a person),
-- unanswered (nothing answered, or the customer came back within the window).
create table answer_bot_sessions (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  conversation_id uuid not null unique references conversations(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  outcome text not null check (outcome in ('pending', 'confirmed', 'assumed', 'handed_over', 'unanswered')),
  started_at timestamptz not null,
  last_answer_at timestamptz,
  settled_at timestamptz,
  returned_at timestamptz
);
create index answer_bot_sessions_started on answer_bot_sessions (workspace_id, started_at);
create index answer_bot_sessions_customer on answer_bot_sessions (workspace_id, customer_id, last_answer_at);

create table answer_bot_turns (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  session_id uuid not null references answer_bot_sessions(id) on delete cascade,
  question text not null,
  locale text,
  answered boolean not null,
  article_id uuid references kb_articles(id) on delete set null,
  article_title text,
  article_url text,
  answer text,
  generated boolean not null default false,
  citations jsonb not null default '[]',
  confidence double precision not null,
  helpful boolean,
  created_at timestamptz not null
);
create index answer_bot_turns_session on answer_bot_turns (session_id, created_at);
create index answer_bot_turns_unanswered on answer_bot_turns (workspace_id, created_at) where not answered;
