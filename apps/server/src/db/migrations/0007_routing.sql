-- Routing: agent status and capacity, skills, per-team strategies, the waiting queue, and each
-- agent's open load per channel (kept by a trigger so a routing decision reads one row per agent).

-- Workspace defaults: capacity per channel and the away reasons agents can pick.
create table routing_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  default_capacity jsonb not null default '{"chat":3,"email":10,"phone":1,"api":5,"wechat":3,"wecom":3}',
  away_reasons text[] not null default '{}',
  -- The workspace app sets an agent away after this many minutes without input (0: never).
  auto_away_minutes integer not null default 15,
  -- The team a new conversation of each channel joins when it has none ({"chat": team id}).
  channel_teams jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

-- Per agent: chosen routing status, capacity overrides, and when routing last gave them work.
-- Routing locks this row (FOR UPDATE) while it assigns to the agent, so two assigners never
-- both see the same free slot.
create table agent_routing (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  status text not null default 'online' check (status in ('online', 'away', 'offline')),
  away_reason text,
  capacity jsonb not null default '{}',
  last_assigned_at timestamptz,
  status_changed_at timestamptz,
  primary key (workspace_id, user_id)
);

create table skills (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  name_key text not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, name_key)
);

create table agent_skills (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  skill_id uuid not null references skills(id) on delete cascade,
  level integer not null check (level between 1 and 10),
  primary key (workspace_id, user_id, skill_id)
);

-- A team's routing: how it picks an agent and what happens when nobody takes the work.
create table team_routing (
  team_id uuid primary key references teams(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  strategy text not null default 'manual'
    check (strategy in ('manual', 'round_robin', 'balanced', 'skills', 'sticky')),
  -- null: routing assigns outright; otherwise the agent must accept within this many seconds.
  offer_timeout_seconds integer check (offer_timeout_seconds between 5 and 3600),
  overflow_team_id uuid references teams(id) on delete set null,
  overflow_after_seconds integer check (overflow_after_seconds between 10 and 86400),
  requeue_on_offline boolean not null default true,
  -- [{ "skillId": uuid, "minLevel": 1..10, "optional": bool }]
  required_skills jsonb not null default '[]',
  skill_relax_seconds integer check (skill_relax_seconds between 0 and 86400),
  updated_at timestamptz not null default now()
);

-- Conversations waiting for an agent (or offered to one). The row goes when an agent has it.
create table routing_queue (
  conversation_id uuid primary key references conversations(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  team_id uuid not null references teams(id) on delete cascade,
  customer_id uuid not null,
  channel text not null,
  priority_rank integer not null,
  tier_rank integer not null default 0,
  sla_due_at timestamptz,
  queued_at timestamptz not null,
  required_skills jsonb not null default '[]',
  -- Agents who let an offer of this conversation time out; it moves on to someone else.
  declined_by uuid[] not null default '{}',
  offer_agent_id uuid,
  offer_expires_at timestamptz,
  offer_seq integer not null default 0
);
-- Queue order: priority, then tier (VIP first), then SLA due time, then age.
create index routing_queue_order on routing_queue
  (workspace_id, team_id, priority_rank desc, tier_rank desc, sla_due_at asc nulls last, queued_at, conversation_id)
  where offer_agent_id is null;

-- Every assignment routing made: the last hour's throughput gives the estimated wait.
create table routing_assignments (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  team_id uuid,
  conversation_id uuid not null references conversations(id) on delete cascade,
  agent_id uuid not null,
  queued_at timestamptz not null,
  assigned_at timestamptz not null
);
create index routing_assignments_recent on routing_assignments (workspace_id, team_id, assigned_at);

-- Open conversations (new or open, not merged) per agent and channel.
create table agent_load (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id uuid not null,
  channel text not null,
  open_count integer not null default 0,
  primary key (workspace_id, user_id, channel)
);

create function agent_load_counts(st text, merged uuid) returns boolean
  language sql immutable as $$ select st in ('new', 'open') and merged is null $$;

create function agent_load_add(ws uuid, agent uuid, ch text, delta integer) returns void
  language plpgsql as $$
begin
  insert into agent_load as l (workspace_id, user_id, channel, open_count)
  values (ws, agent, ch, delta)
  on conflict (workspace_id, user_id, channel)
  do update set open_count = l.open_count + excluded.open_count;
end;
$$;

create function agent_load_inserted() returns trigger language plpgsql as $$
begin
  insert into agent_load as l (workspace_id, user_id, channel, open_count)
  select workspace_id, assignee_id, channel, count(*)::integer
  from inserted_conversations
  where assignee_id is not null and agent_load_counts(status, merged_into_id)
  group by workspace_id, assignee_id, channel
  order by workspace_id, assignee_id, channel
  on conflict (workspace_id, user_id, channel)
  do update set open_count = l.open_count + excluded.open_count;
  return null;
end;
$$;

-- Rows are changed in (user_id) order, so two reassignments in opposite directions cannot deadlock.
create function agent_load_updated() returns trigger language plpgsql as $$
declare
  was boolean := old.assignee_id is not null and agent_load_counts(old.status, old.merged_into_id);
  now_counts boolean := new.assignee_id is not null and agent_load_counts(new.status, new.merged_into_id);
begin
  if not exists (select 1 from workspaces where id = new.workspace_id) then
    return null;
  end if;
  if was and now_counts and old.assignee_id::text > new.assignee_id::text then
    perform agent_load_add(new.workspace_id, new.assignee_id, new.channel, 1);
    perform agent_load_add(old.workspace_id, old.assignee_id, old.channel, -1);
    return null;
  end if;
  if was then
    perform agent_load_add(old.workspace_id, old.assignee_id, old.channel, -1);
  end if;
  if now_counts then
    perform agent_load_add(new.workspace_id, new.assignee_id, new.channel, 1);
  end if;
  return null;
end;
$$;

create function agent_load_deleted() returns trigger language plpgsql as $$
begin
  insert into agent_load as l (workspace_id, user_id, channel, open_count)
  select d.workspace_id, d.assignee_id, d.channel, -count(*)::integer
  from deleted_conversations d
  where d.assignee_id is not null and agent_load_counts(d.status, d.merged_into_id)
    and exists (select 1 from workspaces w where w.id = d.workspace_id)
  group by d.workspace_id, d.assignee_id, d.channel
  order by d.workspace_id, d.assignee_id, d.channel
  on conflict (workspace_id, user_id, channel)
  do update set open_count = l.open_count + excluded.open_count;
  return null;
end;
$$;

create trigger agent_load_insert after insert on conversations
  referencing new table as inserted_conversations
  for each statement execute function agent_load_inserted();
create trigger agent_load_delete after delete on conversations
  referencing old table as deleted_conversations
  for each statement execute function agent_load_deleted();
create trigger agent_load_update
  after update of status, assignee_id, channel, merged_into_id on conversations
  for each row
  when (old.status is distinct from new.status
     or old.assignee_id is distinct from new.assignee_id
     or old.channel is distinct from new.channel
     or old.merged_into_id is distinct from new.merged_into_id)
  execute function agent_load_updated();

insert into agent_load (workspace_id, user_id, channel, open_count)
select workspace_id, assignee_id, channel, count(*)::integer
from conversations
where assignee_id is not null and status in ('new', 'open') and merged_into_id is null
group by workspace_id, assignee_id, channel;
