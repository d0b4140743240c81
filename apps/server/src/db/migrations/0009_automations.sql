-- Automations: triggers (run in the writing transaction, before SLA policy selection), time
-- rules (checked by a recurring job, once per stay in a status), macros (applied by an agent),
-- standard procedures (a checklist per request type, ticked per conversation), and the
-- workspace's webhook signing secret.

create table automation_triggers (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  position integer not null,
  enabled boolean not null default true,
  -- ["created", "updated"]
  events jsonb not null,
  match text not null check (match in ('all', 'any')),
  conditions jsonb not null default '[]',
  actions jsonb not null default '[]',
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index automation_triggers_workspace on automation_triggers (workspace_id, position);

create table automation_time_rules (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  enabled boolean not null default true,
  status text not null,
  hours double precision not null check (hours > 0),
  match text not null check (match in ('all', 'any')),
  conditions jsonb not null default '[]',
  actions jsonb not null default '[]',
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index automation_time_rules_workspace on automation_time_rules (workspace_id)
  where enabled;

-- "True only once": a rule acts on a conversation once per stay in the rule's status. The
-- period is the time the conversation entered that status; the primary key is the guard.
create table automation_time_rule_runs (
  rule_id uuid not null references automation_time_rules(id) on delete cascade,
  conversation_id uuid not null references conversations(id) on delete cascade,
  period_start timestamptz not null,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  applied_at timestamptz not null,
  primary key (rule_id, conversation_id, period_start)
);

create table macros (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  actions jsonb not null default '[]',
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index macros_name on macros (workspace_id, lower(name));

create table procedures (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  -- The tag (lower-cased) that names the request type.
  tag_key text not null,
  tag text not null,
  -- [{ "id": "a1b2", "title": "Check the order number" }]
  steps jsonb not null default '[]',
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index procedures_tag on procedures (workspace_id, tag_key);

create table conversation_procedure_steps (
  conversation_id uuid not null references conversations(id) on delete cascade,
  procedure_id uuid not null references procedures(id) on delete cascade,
  step_id text not null,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  done_by uuid references users(id) on delete set null,
  done_at timestamptz not null,
  primary key (conversation_id, procedure_id, step_id)
);

create table automation_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  webhook_secret text not null,
  created_at timestamptz not null
);
