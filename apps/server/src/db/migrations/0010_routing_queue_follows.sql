-- A waiting conversation keeps its place right when what orders the queue changes after it
-- joined: routing reads the customer's tier and the SLA's next due time once, when it queues
-- (0007), so these triggers carry later changes over.
create function routing_queue_follow_sla() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    update routing_queue set sla_due_at = null where conversation_id = old.conversation_id;
    return old;
  end if;
  update routing_queue set sla_due_at = new.next_due_at
    where conversation_id = new.conversation_id and sla_due_at is distinct from new.next_due_at;
  return new;
end $$;

create trigger conversation_sla_routing_queue
  after insert or update of next_due_at or delete on conversation_sla
  for each row execute function routing_queue_follow_sla();

create function routing_queue_follow_tier() returns trigger language plpgsql as $$
begin
  update routing_queue set tier_rank = case when new.tier = 'vip' then 1 else 0 end
    where customer_id = new.id;
  return new;
end $$;

create trigger customers_routing_queue
  after update of tier on customers
  for each row when (old.tier is distinct from new.tier)
  execute function routing_queue_follow_tier();
