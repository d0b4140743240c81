-- One routing assignment in one round trip. An assignment was six (begin, the agent lock, the
-- assigning statement, the read presenting the conversation for its event, the event rows,
-- commit), and on two busy cores every round trip adds its own tail: the committed decision's
-- p99 was three to four times the cost of its writes (docs/PERFORMANCE.md, routing run 3).
--
-- The function locks the agent's routing row (creating it on first use), checks the agent is
-- online and has room on the channel, then assigns in one statement as before. The load check
-- is a statement of its own after the lock: a volatile PL/pgSQL function takes a fresh snapshot
-- per statement under READ COMMITTED, so it sees the assignment that held the lock (a single
-- SQL statement that waited for the lock would read agent_load as of its own start).
--
-- With p_emit it also writes the realtime events. The `conversation.updated` payload carries
-- `presentAtPublish` instead of the presented conversation, and the counted fields the change
-- left (`current`): whoever positions the event presents the conversation, once for a whole
-- batch (modules/conversations/deferred-presentation.ts).
create function routing_assign(
  p_workspace uuid,
  p_conversation uuid,
  p_team uuid,
  p_agent uuid,
  p_channel text,
  p_default_capacity integer,
  p_reason text,
  p_at timestamptz,
  p_event_ids uuid[],
  p_assignment_id uuid,
  p_emit boolean
)
returns table (outcome text, previous_status text)
language plpgsql volatile as $$
declare
  v_status text;
  v_capacity jsonb;
  v_limit numeric;
  v_load integer;
  v_id uuid;
  v_previous text;
begin
  -- Lock order everywhere: the agent's routing row, then the queue row, then the conversation.
  select ar.status, ar.capacity into v_status, v_capacity from agent_routing ar
    where ar.workspace_id = p_workspace and ar.user_id = p_agent for update;
  if not found then
    -- On a conflict the insert waited for the other creator's commit; the next statement's
    -- fresh snapshot finds its row.
    insert into agent_routing (workspace_id, user_id, capacity)
      values (p_workspace, p_agent, '{}'::jsonb)
      on conflict (workspace_id, user_id) do nothing;
    select ar.status, ar.capacity into v_status, v_capacity from agent_routing ar
      where ar.workspace_id = p_workspace and ar.user_id = p_agent for update;
  end if;
  if v_status is distinct from 'online' then
    return query select 'agent_unavailable'::text, null::text;
    return;
  end if;
  v_limit := case when jsonb_typeof(v_capacity -> p_channel) = 'number'
    then (v_capacity ->> p_channel)::numeric else p_default_capacity end;
  select coalesce((select l.open_count from agent_load l where l.workspace_id = p_workspace
    and l.user_id = p_agent and l.channel = p_channel), 0) into v_load;
  if v_load >= v_limit then
    return query select 'full'::text, null::text;
    return;
  end if;

  -- The queue row (SKIP LOCKED: another assigner has it; not on offer), then the conversation,
  -- assigned only if nobody has it and it is still open; its timeline as an agent's change is
  -- written; without an offer to wait for, the queue stay ends here too.
  with queued as (
    select q.conversation_id, q.queued_at from routing_queue q
    where q.workspace_id = p_workspace and q.conversation_id = p_conversation
      and q.team_id = p_team and q.offer_agent_id is null
    for update skip locked
  ),
  before as (
    select c.id, c.status from conversations c
    where c.id in (select conversation_id from queued) for update
  ),
  assigned as (
    update conversations c
    set assignee_id = p_agent,
      status = case when c.status = 'new' then 'open' else c.status end, updated_at = p_at
    from before
    where c.id = before.id and c.assignee_id is null and c.status in ('new', 'open')
      and c.merged_into_id is null
    returning c.id, c.workspace_id, c.team_id, c.status, c.assignee_id, c.merged_into_id,
      before.status as previous_status
  ),
  timeline as (
    insert into conversation_events
      (id, workspace_id, conversation_id, type, actor_type, actor_id, data, created_at)
    select e.id, a.workspace_id, a.id, e.type, 'system', null, e.data, p_at
    from assigned a cross join lateral (values
      (p_event_ids[1], 'assignee.changed', jsonb_build_object(
        'from', null, 'to', a.assignee_id, 'reason', p_reason), true),
      (p_event_ids[2], 'status.changed', jsonb_build_object(
        'from', a.previous_status, 'to', a.status, 'reason', p_reason),
        a.previous_status <> a.status)
    ) as e(id, type, data, wanted)
    where e.wanted
  ),
  gone as (
    delete from routing_queue where p_assignment_id is not null
      and conversation_id in (select id from assigned)
  ),
  agent as (
    update agent_routing set last_assigned_at = p_at
    where p_assignment_id is not null and workspace_id = p_workspace and user_id = p_agent
      and exists (select 1 from assigned)
  ),
  recorded as (
    insert into routing_assignments
      (id, workspace_id, team_id, conversation_id, agent_id, queued_at, assigned_at)
    select p_assignment_id, p_workspace, p_team, a.id, p_agent, q.queued_at, p_at
    from assigned a join queued q on q.conversation_id = a.id
    where p_assignment_id is not null
  ),
  events as (
    insert into realtime_outbox (workspace_id, type, conversation_id, internal, payload, created_at)
    select a.workspace_id, e.type, a.id, e.internal, e.payload, p_at
    from assigned a cross join lateral (values
      (1, 'conversation.updated', false, jsonb_build_object(
        'presentAtPublish', true,
        'changes', case when a.previous_status <> a.status
          then '["assigneeId", "status"]'::jsonb else '["assigneeId"]'::jsonb end,
        'previous', jsonb_build_object('status', a.previous_status, 'assigneeId', null,
          'teamId', a.team_id, 'mergedIntoId', a.merged_into_id),
        'current', jsonb_build_object('status', a.status, 'assigneeId', a.assignee_id,
          'teamId', a.team_id, 'mergedIntoId', a.merged_into_id))),
      (2, 'assignment.changed', true, jsonb_build_object('conversationId', a.id,
        'assigneeId', a.assignee_id, 'previousAssigneeId', null, 'teamId', a.team_id))
    ) as e(n, type, internal, payload)
    where p_emit
    order by e.n
  )
  select a.id, a.previous_status into v_id, v_previous from assigned a;

  if v_id is null then
    -- Not assigned. A queue row this call can lock, still this team's and not on offer, whose
    -- conversation can no longer be routed (taken by hand, closed, merged) is stale and goes; a
    -- row another assigner holds is theirs.
    delete from routing_queue q
    where q.conversation_id = p_conversation and q.team_id = p_team and q.offer_agent_id is null
      and q.conversation_id in (select l.conversation_id from routing_queue l
        where l.conversation_id = p_conversation for update skip locked)
      and not exists (select 1 from conversations c where c.id = p_conversation
        and c.assignee_id is null and c.status in ('new', 'open') and c.merged_into_id is null);
    return query select 'gone'::text, null::text;
    return;
  end if;
  return query select 'assigned'::text, v_previous;
end;
$$;
