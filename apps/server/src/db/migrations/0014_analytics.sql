-- Analytics: one row of facts per conversation (its slice dimensions and its durations and
-- counts, computed from its timeline by modules/analytics/conversation-facts.ts), kept up to
-- date incrementally. Triggers mark a conversation dirty in the writing transaction whenever
-- something its facts depend on changes; the analytics refresher recomputes the dirty ones
-- (before every report read, and every few seconds in the worker role). Reports aggregate these
-- rows with indexed range queries, never the messages.

create table conversation_facts (
  conversation_id uuid primary key references conversations(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  -- Slice dimensions, as they are now.
  channel text not null,
  team_id uuid,
  assignee_id uuid,
  priority text not null,
  tier text not null,
  language text,
  tag_ids uuid[] not null default '{}',
  status text not null,
  merged boolean not null,
  created_at timestamptz not null,
  created_by_agent boolean not null,
  -- Events.
  first_reply_at timestamptz,
  first_solved_at timestamptz,
  -- The latest solve while the conversation is solved or closed now; null otherwise.
  solved_at timestamptz,
  reopens integer not null,
  agent_replies integer not null,
  customer_messages_after_first integer not null,
  one_touch boolean not null,
  fcr boolean not null,
  -- Durations in milliseconds, calendar and business time (business: null without a calendar).
  first_reply_ms bigint,
  first_reply_business_ms bigint,
  next_reply_ms bigint[] not null default '{}',
  next_reply_business_ms bigint[] not null default '{}',
  first_resolution_ms bigint,
  first_resolution_business_ms bigint,
  full_resolution_ms bigint,
  full_resolution_business_ms bigint,
  requester_wait_ms bigint,
  requester_wait_business_ms bigint,
  agent_work_ms bigint,
  agent_work_business_ms bigint,
  handling_ms bigint,
  handling_business_ms bigint,
  computed_at timestamptz not null
);
create index conversation_facts_created on conversation_facts (workspace_id, created_at);
create index conversation_facts_solved on conversation_facts (workspace_id, solved_at)
  where solved_at is not null;
create index conversation_facts_backlog on conversation_facts (workspace_id)
  where solved_at is null and not merged;

-- Conversations whose facts must be recomputed. seq changes on every mark, so a refresher that
-- read an older mark leaves the row for the next run (delete … where seq = the one it read).
create sequence analytics_dirty_seq;
create table analytics_dirty (
  conversation_id uuid primary key references conversations(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  seq bigint not null
);
create index analytics_dirty_workspace on analytics_dirty (workspace_id, seq);

create function analytics_mark_conversation() returns trigger language plpgsql as $$
begin
  insert into analytics_dirty (conversation_id, workspace_id, seq)
    values (new.id, new.workspace_id, nextval('analytics_dirty_seq'))
    on conflict (conversation_id) do update set seq = excluded.seq;
  return null;
end;
$$;

create function analytics_mark_child() returns trigger language plpgsql as $$
declare
  target record;
begin
  if tg_op = 'DELETE' then target := old; else target := new; end if;
  insert into analytics_dirty (conversation_id, workspace_id, seq)
    select c.id, c.workspace_id, nextval('analytics_dirty_seq')
    from conversations c where c.id = target.conversation_id
    on conflict (conversation_id) do update set seq = excluded.seq;
  return null;
end;
$$;

create trigger analytics_conversation_insert after insert on conversations
  for each row execute function analytics_mark_conversation();
create trigger analytics_conversation_update after update of
    status, assignee_id, team_id, priority, channel, customer_id, merged_into_id on conversations
  for each row execute function analytics_mark_conversation();
-- Internal notes change no metric.
create trigger analytics_message_insert after insert on messages
  for each row when (new.visibility = 'public') execute function analytics_mark_child();
create trigger analytics_tag_change after insert or delete on conversation_tags
  for each row execute function analytics_mark_child();

-- A customer's tier or language is a slice of all their conversations.
create function analytics_mark_customer() returns trigger language plpgsql as $$
begin
  insert into analytics_dirty (conversation_id, workspace_id, seq)
    select c.id, c.workspace_id, nextval('analytics_dirty_seq')
    from conversations c where c.customer_id = new.id
    on conflict (conversation_id) do update set seq = excluded.seq;
  return null;
end;
$$;
create trigger analytics_customer_update after update of tier, locale on customers
  for each row when (old.tier is distinct from new.tier or old.locale is distinct from new.locale)
  execute function analytics_mark_customer();
