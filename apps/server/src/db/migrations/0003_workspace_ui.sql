-- What the agent workspace needs from the server: each user's time zone, canned responses, and
-- inbox view counts kept in a counter table by a trigger instead of a count query per event.

-- A user's own time zone; null means "use the workspace's".
alter table users add column timezone text;

-- Canned responses are shared by the whole workspace: every agent reads and inserts them,
-- admins and the author change them. `shortcut_key` (lower-cased) makes shortcuts unique.
create table canned_responses (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  shortcut text not null,
  shortcut_key text not null,
  title text not null,
  body text not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, shortcut_key)
);

-- Conversations per (status, assignee, team), merged ones left out. Rows are never deleted by
-- the trigger; a key whose conversations all moved keeps a zero. The unique index treats nulls
-- as equal (PostgreSQL 15+, PGlite), so "unassigned, no team" is one row like any other key.
create table conversation_counts (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  status text not null,
  assignee_id uuid,
  team_id uuid,
  count integer not null default 0
);
create unique index conversation_counts_unique
  on conversation_counts (workspace_id, status, assignee_id, team_id) nulls not distinct;

-- Lock order: every path below changes counter rows ordered by this key, so two transactions
-- moving conversations between the same keys in opposite directions cannot deadlock.
create function conversation_counts_key(st text, assignee uuid, team uuid) returns text
  language sql immutable as $$
  select st || '|' || coalesce(assignee::text, '-') || '|' || coalesce(team::text, '-')
$$;

create function conversation_counts_add(
  ws uuid, st text, assignee uuid, team uuid, delta integer
) returns void language plpgsql as $$
begin
  insert into conversation_counts as c (workspace_id, status, assignee_id, team_id, count)
  values (ws, st, assignee, team, delta)
  on conflict (workspace_id, status, assignee_id, team_id)
  do update set count = c.count + excluded.count;
end;
$$;

-- Inserts and deletes are counted once per statement from the transition table, so a bulk
-- load (the benchmark seed, an import) does one grouped upsert instead of one per row.
create function conversation_counts_inserted() returns trigger language plpgsql as $$
begin
  insert into conversation_counts as c (workspace_id, status, assignee_id, team_id, count)
  select workspace_id, status, assignee_id, team_id, count(*)::integer
  from inserted_conversations
  where merged_into_id is null
  group by workspace_id, status, assignee_id, team_id
  order by workspace_id, conversation_counts_key(status, assignee_id, team_id)
  on conflict (workspace_id, status, assignee_id, team_id)
  do update set count = c.count + excluded.count;
  return null;
end;
$$;

-- A cascade from a deleted workspace has nothing left to count (its counter rows are gone too).
create function conversation_counts_deleted() returns trigger language plpgsql as $$
begin
  insert into conversation_counts as c (workspace_id, status, assignee_id, team_id, count)
  select d.workspace_id, d.status, d.assignee_id, d.team_id, -count(*)::integer
  from deleted_conversations d
  where d.merged_into_id is null
    and exists (select 1 from workspaces w where w.id = d.workspace_id)
  group by d.workspace_id, d.status, d.assignee_id, d.team_id
  order by d.workspace_id, conversation_counts_key(d.status, d.assignee_id, d.team_id)
  on conflict (workspace_id, status, assignee_id, team_id)
  do update set count = c.count + excluded.count;
  return null;
end;
$$;

-- Updates are counted per row, and only when a counted column really changes (see the trigger's
-- WHEN): a new message touches updated_at and last_message_at and must not write or lock a
-- counter row. Merged conversations are not counted.
create function conversation_counts_updated() returns trigger language plpgsql as $$
begin
  -- A workspace being deleted may reach its conversations through a team's ON DELETE SET NULL:
  -- nothing to count then, and a new counter row would refer to the deleted workspace.
  if not exists (select 1 from workspaces where id = new.workspace_id) then
    return null;
  end if;
  if conversation_counts_key(old.status, old.assignee_id, old.team_id)
     < conversation_counts_key(new.status, new.assignee_id, new.team_id) then
    if old.merged_into_id is null then
      perform conversation_counts_add(old.workspace_id, old.status, old.assignee_id, old.team_id, -1);
    end if;
    if new.merged_into_id is null then
      perform conversation_counts_add(new.workspace_id, new.status, new.assignee_id, new.team_id, 1);
    end if;
  else
    if new.merged_into_id is null then
      perform conversation_counts_add(new.workspace_id, new.status, new.assignee_id, new.team_id, 1);
    end if;
    if old.merged_into_id is null then
      perform conversation_counts_add(old.workspace_id, old.status, old.assignee_id, old.team_id, -1);
    end if;
  end if;
  return null;
end;
$$;

create trigger conversation_counts_insert after insert on conversations
  referencing new table as inserted_conversations
  for each statement execute function conversation_counts_inserted();
create trigger conversation_counts_delete after delete on conversations
  referencing old table as deleted_conversations
  for each statement execute function conversation_counts_deleted();
create trigger conversation_counts_update
  after update of status, assignee_id, team_id, merged_into_id on conversations
  for each row
  when (old.status is distinct from new.status
     or old.assignee_id is distinct from new.assignee_id
     or old.team_id is distinct from new.team_id
     or old.merged_into_id is distinct from new.merged_into_id)
  execute function conversation_counts_updated();

-- Backfill from the conversations that exist when this migration runs.
insert into conversation_counts (workspace_id, status, assignee_id, team_id, count)
select workspace_id, status, assignee_id, team_id, count(*)::integer
from conversations
where merged_into_id is null
group by workspace_id, status, assignee_id, team_id;
