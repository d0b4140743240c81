-- Realtime events get their workspace position after they commit, not inside the writing
-- transaction. Taking the position from the counter row inside every writer made all writers
-- of a workspace queue on that row until each one's commit had reached the disk; under load,
-- on two busy cores, that queue and not the work set the latency. Now a writer puts its events
-- in this outbox (ids from an identity, which never blocks), and one positioner per node moves
-- whatever has committed into realtime_events with the next positions, in a short transaction
-- of its own that holds the counter row (db/event-positioner.ts). Positions stay dense and in
-- commit order for the replay cursor.
create table realtime_outbox (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  type text not null,
  conversation_id uuid,
  internal boolean not null default false,
  payload jsonb not null,
  created_at timestamptz not null default now()
) with (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
-- Rows live for milliseconds; vacuum it often so its index stays small.
create index realtime_outbox_workspace on realtime_outbox (workspace_id, id);

-- A message's workspace is its conversation's (and goes with it through the conversation's
-- cascade); checking it against workspaces took a key-share lock on the one hot workspace row
-- in every posting transaction.
alter table messages drop constraint messages_workspace_id_fkey;

-- The positioner's one round trip: lock the counter row, then (a new statement, so a snapshot
-- taken after any other positioner's commit) move the oldest outbox events into the log with
-- the next positions. A volatile PL/pgSQL function takes a fresh snapshot per statement under
-- READ COMMITTED, which is what makes the two steps safe without a client-side transaction.
create function position_realtime_events(p_workspace uuid, p_limit integer)
returns table (
  event_position bigint,
  event_type text,
  event_conversation_id uuid,
  event_internal boolean,
  event_payload jsonb,
  event_created_at timestamptz
)
language plpgsql volatile as $$
begin
  perform 1 from workspace_counters
    where workspace_id = p_workspace and name = 'event' for update;
  return query
    with moved as (
      delete from realtime_outbox o where o.id in (
        select p.id from realtime_outbox p where p.workspace_id = p_workspace
        order by p.id limit p_limit)
      returning o.*
    ), numbered as (
      select m.*, row_number() over (order by m.id) as n from moved m
    ), counter as (
      update workspace_counters c set value = c.value + (select count(*) from moved)
      where c.workspace_id = p_workspace and c.name = 'event' and exists (select from moved)
      returning c.value - (select count(*) from moved) as base
    )
    insert into realtime_events as e (workspace_id, position, type, conversation_id, internal,
      payload, created_at)
    select p_workspace, counter.base + numbered.n, numbered.type, numbered.conversation_id,
      numbered.internal, numbered.payload, numbered.created_at
    from numbered, counter
    returning e.position, e.type, e.conversation_id, e.internal, e.payload, e.created_at;
end;
$$;
