-- Surveys (metrics.md §4): CSAT after a conversation is solved (2, 3 or 5 points), NPS (0–10,
-- transactional after each solve or periodic per customer with a minimum interval) and CES
-- (1–7 agree/disagree). A request is one survey put to one customer about one conversation;
-- a response is its one answer, changeable until the request expires.

create table survey_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  csat_enabled boolean not null default false,
  csat_scale smallint not null default 5 check (csat_scale in (2, 3, 5)),
  -- [{ "id": "slow", "en": "Took too long", "zh": "等待时间太长" }]
  csat_reasons jsonb not null default '[]',
  csat_comment boolean not null default true,
  nps_enabled boolean not null default false,
  nps_mode text not null default 'periodic' check (nps_mode in ('transactional', 'periodic')),
  nps_interval_days integer not null default 90 check (nps_interval_days between 1 and 3650),
  ces_enabled boolean not null default false,
  -- Conversation channels whose solved conversations get surveys: ["chat", "email"].
  channels jsonb not null default '["chat", "email"]',
  -- Minutes between the solve and the survey going out.
  delay_minutes integer not null default 0 check (delay_minutes between 0 and 43200),
  -- Days a survey accepts answers after it was sent (Zendesk's 28); never after Closed.
  window_days integer not null default 28 check (window_days between 1 and 365),
  -- HMAC key of the one-click links in survey mail (per workspace, never shown).
  link_secret text not null,
  updated_at timestamptz not null
);

create table survey_requests (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  kind text not null check (kind in ('csat', 'nps', 'ces')),
  conversation_id uuid not null references conversations(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  -- How it reached the customer: the widget, a mail with signed links, or an API client.
  channel text not null check (channel in ('widget', 'email', 'api')),
  -- The conversation's assignee and team when the survey was sent.
  agent_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  -- Points on the scale: 2, 3 or 5 (CSAT), 11 (NPS 0–10), 7 (CES 1–7).
  scale smallint not null,
  locale text not null,
  -- pending: created, mail not yet out; sent; answered; failed: the mail could not go out.
  status text not null check (status in ('pending', 'sent', 'answered', 'failed')),
  sent_at timestamptz,
  expires_at timestamptz not null,
  created_at timestamptz not null
);
-- One survey of each kind per conversation: a reopened and solved-again conversation is not
-- surveyed twice, and two jobs for one solve cannot both send.
create unique index survey_requests_conversation_kind on survey_requests (conversation_id, kind);
-- Periodic NPS: when was this customer last asked?
create index survey_requests_customer on survey_requests (workspace_id, customer_id, kind, created_at);

create table survey_responses (
  request_id uuid primary key references survey_requests(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  kind text not null check (kind in ('csat', 'nps', 'ces')),
  conversation_id uuid not null references conversations(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  channel text not null,
  -- The conversation's assignee and team at the time of the (latest) rating.
  agent_id uuid references users(id) on delete set null,
  team_id uuid references teams(id) on delete set null,
  score smallint not null check (score between 0 and 10),
  scale smallint not null,
  -- The score's bucket (metrics.md §4): good/bad (CSAT), promoter/passive/detractor (NPS),
  -- agree/neutral/disagree (CES); stored so reports count without re-deriving it.
  rating text not null check (rating in
    ('good', 'bad', 'promoter', 'passive', 'detractor', 'agree', 'neutral', 'disagree')),
  -- Ids of the workspace's CSAT reasons the customer picked.
  reasons jsonb not null default '[]',
  comment text,
  locale text not null,
  -- First answer (reports count a response in the period it was first given) and last change.
  answered_at timestamptz not null,
  updated_at timestamptz not null
);
create index survey_responses_range on survey_responses (workspace_id, answered_at);
create index survey_responses_conversation on survey_responses (conversation_id);
