-- SLA: business calendars, ordered SLA policies, and each conversation's applied policy and clock
-- results. Clocks are computed from the conversation's facts (messages, status changes); these
-- tables hold configuration, what was applied, and outcomes (for badges, breach-once and reports).

-- Customer tier (VIP first in queues, an SLA policy condition). Nothing provided one before.
alter table customers add column tier text not null default 'standard'
  check (tier in ('standard', 'vip'));

create table business_calendars (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  timezone text not null,
  -- [{ "weekday": 1..7 (ISO, Monday = 1), "start": "HH:MM", "end": "HH:MM" | "24:00" }]
  intervals jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index business_calendars_name on business_calendars (workspace_id, lower(name));

-- Days (or parts of days, from a timed iCal event) a calendar is closed, in its own time zone.
create table calendar_holidays (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  calendar_id uuid not null references business_calendars(id) on delete cascade,
  name text not null,
  start_date date not null,
  end_date date not null,
  -- Minutes after local midnight; null = the whole first / last day.
  start_minute integer check (start_minute between 0 and 1440),
  end_minute integer check (end_minute between 0 and 1440),
  yearly boolean not null default false,
  -- The iCal UID (plus recurrence) when imported, so importing the same file again adds nothing.
  source_uid text,
  created_at timestamptz not null default now(),
  check (end_date >= start_date)
);
create index calendar_holidays_calendar on calendar_holidays (calendar_id, start_date);
create unique index calendar_holidays_uid on calendar_holidays (calendar_id, source_uid)
  where source_uid is not null;

create table sla_policies (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  position integer not null,
  enabled boolean not null default true,
  calendar_id uuid references business_calendars(id) on delete set null,
  -- { priorities?, channels?, teamIds?, tiers?, tags? }: every given list must match.
  conditions jsonb not null default '{}',
  -- [{ metric, priority, minutes, businessHours }]
  targets jsonb not null default '[]',
  warning_minutes integer not null default 15,
  warning_actions jsonb not null default '[]',
  breach_actions jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sla_policies_workspace on sla_policies (workspace_id, position);

-- The policy applied to a conversation, with the targets and calendar as they were when it was
-- applied (a later edit applies at the conversation's next policy selection), and the clocks as
-- last computed: the badge, and the earliest due time for queue order.
create table conversation_sla (
  conversation_id uuid primary key references conversations(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  policy_id uuid references sla_policies(id) on delete set null,
  policy_name text not null,
  applied jsonb not null,
  clocks jsonb not null default '[]',
  next_due_at timestamptz,
  breached boolean not null default false,
  applied_at timestamptz not null,
  updated_at timestamptz not null
);
create index conversation_sla_due on conversation_sla (workspace_id, next_due_at)
  where next_due_at is not null;

-- One row per clock cycle (first reply is one cycle; next reply one per exchange). breached_at is
-- when the clock passed its target; breach_actioned_at / warned_at make the actions run once.
create table sla_metric_results (
  conversation_id uuid not null references conversations(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  metric text not null,
  cycle integer not null,
  policy_id uuid,
  team_id uuid,
  assignee_id uuid,
  target_ms bigint not null,
  business_hours boolean not null,
  started_at timestamptz not null,
  due_at timestamptz,
  fulfilled_at timestamptz,
  breached_at timestamptz,
  warned_at timestamptz,
  breach_actioned_at timestamptz,
  updated_at timestamptz not null,
  primary key (conversation_id, metric, cycle)
);
create index sla_metric_results_ended on sla_metric_results
  (workspace_id, (coalesce(fulfilled_at, breached_at)));
