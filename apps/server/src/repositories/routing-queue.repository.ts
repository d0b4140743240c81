import { sql } from 'kysely';
import type { ConversationRow } from '../db/schema.ts';
import type { QueueRow, SkillRequirement } from '../db/schema-routing.ts';
import { type Executor, json } from './executor.ts';

/** An online agent of a team with what a routing decision needs about them. */
export interface CandidateRow {
  user_id: string;
  capacity: Record<string, number> | null;
  last_assigned_at: Date | null;
  load: Record<string, number>;
}

/** Queue order: priority, then tier (VIP first), then SLA due time, then age. */
const queueOrder = sql`priority_rank desc, tier_rank desc, sla_due_at asc nulls last, queued_at, conversation_id`;

/**
 * A queued conversation still waits: nobody took it by hand, nobody closed or merged it. (The
 * next drain removes such rows; counts and positions must not show them meanwhile.)
 */
const stillWaiting = sql`c.assignee_id is null and c.status in ('new', 'open') and c.merged_into_id is null`;

/** The waiting queue, agent locks and the guarded assignment statements. */
export class RoutingQueueRepository {
  constructor(private readonly db: Executor) {}

  /** Puts a conversation in its team's queue; false when it is there already. */
  async enqueue(row: {
    conversationId: string;
    workspaceId: string;
    teamId: string;
    customerId: string;
    channel: string;
    priorityRank: number;
    tierRank: number;
    slaDueAt: Date | null;
    queuedAt: Date;
    requiredSkills: SkillRequirement[];
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('routing_queue')
      .values({
        conversation_id: row.conversationId,
        workspace_id: row.workspaceId,
        team_id: row.teamId,
        customer_id: row.customerId,
        channel: row.channel,
        priority_rank: row.priorityRank,
        tier_rank: row.tierRank,
        sla_due_at: row.slaDueAt,
        queued_at: row.queuedAt,
        required_skills: json(row.requiredSkills),
      })
      .onConflict((oc) => oc.column('conversation_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  find(workspaceId: string, conversationId: string) {
    return this.db
      .selectFrom('routing_queue')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
  }

  /** Locks a queue row, waiting for another holder (timeouts and moves must not be skipped). */
  lockQueuedWait(workspaceId: string, conversationId: string) {
    return this.db
      .selectFrom('routing_queue')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('conversation_id', '=', conversationId)
      .forUpdate()
      .executeTakeFirst();
  }

  /** The team's waiting conversations (not on offer) in queue order. */
  async waiting(
    workspaceId: string,
    teamId: string,
    limit: number,
    offset = 0,
  ): Promise<QueueRow[]> {
    const result = await sql<QueueRow>`
      select * from routing_queue
      where workspace_id = ${workspaceId} and team_id = ${teamId} and offer_agent_id is null
      order by ${queueOrder}
      limit ${limit} offset ${offset}`.execute(this.db);
    return result.rows;
  }

  /**
   * A page of the conversations still waiting in the team's queue (not on offer), in queue
   * order, with what a supervisor reads in a list, and how many wait in all.
   */
  async waitingList(workspaceId: string, teamId: string, page: { limit: number; offset: number }) {
    const result = await sql<{
      conversation_id: string;
      number: number;
      subject: string | null;
      channel: string;
      priority: ConversationRow['priority'];
      tier_rank: number;
      customer_name: string | null;
      queued_at: Date;
      sla_due_at: Date | null;
    }>`
      select q.conversation_id, c.number, c.subject, q.channel, c.priority, q.tier_rank,
        -- A visitor who gave only an email (or phone) is listed by it; an anonymous visitor's
        -- id or another system's id means nothing to a supervisor, so it is not a name.
        coalesce(cu.name, (select i.value from customer_identities i
          where i.customer_id = c.customer_id and i.kind in ('email', 'phone')
          order by i.kind <> 'email', i.value limit 1)) as customer_name,
        q.queued_at, q.sla_due_at
      from routing_queue q
      join conversations c on c.id = q.conversation_id and ${stillWaiting}
      left join customers cu on cu.id = c.customer_id
      where q.workspace_id = ${workspaceId} and q.team_id = ${teamId}
        and q.offer_agent_id is null
      order by ${queueOrder}
      limit ${page.limit} offset ${page.offset}`.execute(this.db);
    // Counted on its own: a page past the end still says how many wait.
    const counted = await sql<{ total: number }>`
      select count(*)::int as total from routing_queue q
      join conversations c on c.id = q.conversation_id and ${stillWaiting}
      where q.workspace_id = ${workspaceId} and q.team_id = ${teamId}
        and q.offer_agent_id is null`.execute(this.db);
    return { rows: result.rows, total: counted.rows[0]!.total };
  }

  /** Online, connected, active members of the team whose routing status is online. */
  async candidates(workspaceId: string, teamId: string, seenSince: Date): Promise<CandidateRow[]> {
    const result = await sql<CandidateRow>`
      select tm.user_id, ar.capacity, ar.last_assigned_at,
        coalesce((select jsonb_object_agg(l.channel, l.open_count) from agent_load l
          where l.workspace_id = tm.workspace_id and l.user_id = tm.user_id), '{}'::jsonb) as load
      from team_members tm
      join memberships m on m.workspace_id = tm.workspace_id and m.user_id = tm.user_id
        and m.status = 'active'
      join agent_presence p on p.workspace_id = tm.workspace_id and p.user_id = tm.user_id
      left join agent_routing ar on ar.workspace_id = tm.workspace_id and ar.user_id = tm.user_id
      where tm.workspace_id = ${workspaceId} and tm.team_id = ${teamId}
        and p.availability = 'online' and p.last_seen_at > ${seenSince}
        and coalesce(ar.status, 'online') = 'online'`.execute(this.db);
    return result.rows;
  }

  /**
   * One assignment (or offer) in one call of `routing_assign` (migration 0017): locks the
   * agent's routing row (creating it on first use), checks they are online and have room on the
   * channel (their override, else `defaultCapacity`), then locks the queue row (SKIP LOCKED:
   * another assigner has it; not on offer) and the conversation, assigns it only if nobody has
   * it and it is still open, and writes its timeline as `recordRoutingChange` would. With
   * `assignmentId` (no offer to wait for) it also ends the queue stay as `finishAssignment`
   * does; with `emit` it writes the realtime events, the conversation presented at publish. A
   * stale queue row (its conversation can no longer be routed) is removed. Autocommitted, it
   * is the whole assignment; inside a transaction it joins it.
   */
  async routeAssign(
    target: {
      workspaceId: string;
      conversationId: string;
      teamId: string;
      agentId: string;
      channel: string;
      defaultCapacity: number;
    },
    record: {
      timelineIds: [string, string];
      reason: string;
      assignmentId: string | null;
      emit: boolean;
    },
    at: Date,
  ): Promise<
    | { outcome: 'agent_unavailable' | 'full' | 'gone' }
    | { outcome: 'assigned'; previousStatus: ConversationRow['status'] }
  > {
    const result = await sql<{ outcome: string; previous_status: ConversationRow['status'] }>`
      select * from routing_assign(${target.workspaceId}, ${target.conversationId},
        ${target.teamId}, ${target.agentId}, ${target.channel}, ${target.defaultCapacity},
        ${record.reason}, ${at}, ${record.timelineIds}::uuid[], ${record.assignmentId},
        ${record.emit})`.execute(this.db);
    const row = result.rows[0]!;
    if (row.outcome === 'assigned')
      return { outcome: 'assigned', previousStatus: row.previous_status };
    return { outcome: row.outcome as 'agent_unavailable' | 'full' | 'gone' };
  }

  /** Takes the conversation back from the agent, only if it is still theirs. */
  unassignFrom(workspaceId: string, conversationId: string, agentId: string, at: Date) {
    return this.db
      .updateTable('conversations')
      .set({ assignee_id: null, updated_at: at })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', conversationId)
      .where('assignee_id', '=', agentId)
      .returningAll()
      .executeTakeFirst();
  }

  async markAssigned(workspaceId: string, userId: string, at: Date) {
    await this.db
      .updateTable('agent_routing')
      .set({ last_assigned_at: at })
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .execute();
  }

  async remove(conversationId: string) {
    await this.db
      .deleteFrom('routing_queue')
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  /** Marks the conversation offered to the agent; returns the offer's sequence number. */
  async setOffer(conversationId: string, agentId: string, expiresAt: Date): Promise<number> {
    const row = await this.db
      .updateTable('routing_queue')
      .set((eb) => ({
        offer_agent_id: agentId,
        offer_expires_at: expiresAt,
        offer_seq: eb('offer_seq', '+', 1),
      }))
      .where('conversation_id', '=', conversationId)
      .returning('offer_seq')
      .executeTakeFirstOrThrow();
    return row.offer_seq;
  }

  /** Ends an offer; the agent who let it lapse is not offered this conversation again. */
  async clearOffer(conversationId: string, declinedBy: string | null) {
    await this.db
      .updateTable('routing_queue')
      .set({
        offer_agent_id: null,
        offer_expires_at: null,
        ...(declinedBy
          ? { declined_by: sql<string[]>`array_append(declined_by, ${declinedBy}::uuid)` }
          : {}),
      })
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  async moveToTeam(conversationId: string, teamId: string, requiredSkills: SkillRequirement[]) {
    await this.db
      .updateTable('routing_queue')
      .set({ team_id: teamId, declined_by: [], required_skills: json(requiredSkills) })
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  /**
   * The conversation leaves the queue for good, in one statement: the queue row goes, the
   * assignment is recorded for throughput, and the agent's last assignment time moves.
   */
  async finishAssignment(row: {
    id: string;
    workspaceId: string;
    teamId: string | null;
    conversationId: string;
    agentId: string;
    queuedAt: Date;
    at: Date;
  }) {
    await sql`
      with gone as (delete from routing_queue where conversation_id = ${row.conversationId}),
      agent as (
        update agent_routing set last_assigned_at = ${row.at}
        where workspace_id = ${row.workspaceId} and user_id = ${row.agentId}
      )
      insert into routing_assignments
        (id, workspace_id, team_id, conversation_id, agent_id, queued_at, assigned_at)
      values (${row.id}, ${row.workspaceId}, ${row.teamId}, ${row.conversationId}, ${row.agentId},
        ${row.queuedAt}, ${row.at})`.execute(this.db);
  }

  /** Assignments the team made since `since`: the queue's recent throughput. */
  async assignedSince(workspaceId: string, teamId: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('routing_assignments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('team_id', '=', teamId)
      .where('assigned_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Who last had another conversation of this customer (sticky routing). */
  async previousAgent(workspaceId: string, customerId: string, exceptId: string) {
    const row = await this.db
      .selectFrom('conversations')
      .select('assignee_id')
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', '=', customerId)
      .where('id', '!=', exceptId)
      .where('assignee_id', 'is not', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.assignee_id ?? null;
  }

  /** 1-based place of the conversation in its team's queue, or null when not waiting. */
  async position(workspaceId: string, conversationId: string) {
    const result = await sql<{ position: string; team_id: string }>`
      select position, team_id from (
        select q.conversation_id, q.team_id,
          row_number() over (order by ${queueOrder}) as position
        from routing_queue q
        join conversations c on c.id = q.conversation_id and ${stillWaiting}
        where q.workspace_id = ${workspaceId} and q.offer_agent_id is null
          and q.team_id = (select team_id from routing_queue where conversation_id = ${conversationId})
      ) ranked where conversation_id = ${conversationId}`.execute(this.db);
    const row = result.rows[0];
    return row ? { position: Number(row.position), teamId: row.team_id } : null;
  }

  /** Per team: waiting, on offer, and the oldest queued time. */
  async summaries(workspaceId: string) {
    const result = await sql<{
      team_id: string;
      waiting: string;
      offered: string;
      oldest: Date | null;
      channels: string[];
    }>`
      select q.team_id,
        count(*) filter (where q.offer_agent_id is null) as waiting,
        count(*) filter (where q.offer_agent_id is not null) as offered,
        min(q.queued_at) filter (where q.offer_agent_id is null) as oldest,
        array_agg(distinct q.channel) as channels
      from routing_queue q
      join conversations c on c.id = q.conversation_id
        and (${stillWaiting} or q.offer_agent_id is not null)
      where q.workspace_id = ${workspaceId}
      group by q.team_id`.execute(this.db);
    return result.rows.map((row) => ({
      teamId: row.team_id,
      waiting: Number(row.waiting),
      offered: Number(row.offered),
      oldest: row.oldest ? new Date(row.oldest) : null,
      channels: row.channels,
    }));
  }

  /** The agent's open conversations in a team (what goes back to the queue when they leave). */
  openAssignedTo(workspaceId: string, agentId: string) {
    return this.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('assignee_id', '=', agentId)
      .where('status', 'in', ['new', 'open'])
      .where('team_id', 'is not', null)
      .where('merged_into_id', 'is', null)
      .execute();
  }

  /** Unassigned open conversations of a team not yet in its queue (routing turned on later). */
  unqueued(workspaceId: string, teamId: string, limit: number) {
    return this.db
      .selectFrom('conversations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('team_id', '=', teamId)
      .where('assignee_id', 'is', null)
      .where('status', 'in', ['new', 'open'])
      .where('merged_into_id', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('routing_queue')
              .select('conversation_id')
              .whereRef('routing_queue.conversation_id', '=', 'conversations.id'),
          ),
        ),
      )
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  /** A waiting conversation's priority changed: its place in the queue follows. */
  async setPriority(workspaceId: string, conversationId: string, priorityRank: number) {
    await this.db
      .updateTable('routing_queue')
      .set({ priority_rank: priorityRank })
      .where('workspace_id', '=', workspaceId)
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  /** Every team whose strategy is not manual. */
  routedTeams() {
    return this.db
      .selectFrom('team_routing')
      .select(['workspace_id', 'team_id'])
      .where('strategy', '!=', 'manual')
      .execute();
  }

  /**
   * What orders a conversation in the queue besides its priority: the customer's tier
   * (`customers.tier`, VIP first) and the SLA's earliest due time (`conversation_sla`), both
   * from the SLA migration (0006).
   */
  async queueFacts(workspaceId: string, conversationId: string) {
    const result = await sql<{ tier: string | null; due: Date | null }>`
      select cu.tier, sla.next_due_at as due
      from conversations c
      join customers cu on cu.id = c.customer_id
      left join conversation_sla sla on sla.conversation_id = c.id
      where c.workspace_id = ${workspaceId} and c.id = ${conversationId}`.execute(this.db);
    const row = result.rows[0];
    return { tierRank: row?.tier === 'vip' ? 1 : 0, slaDueAt: row?.due ? new Date(row.due) : null };
  }

  /**
   * The conversation a processed inbound mail opened (its first message), if it opened one and
   * routing has something to do with it (see `routingCondition`).
   */
  async conversationOpenedByMail(inboundEmailId: string) {
    const result = await sql<{ workspace_id: string; conversation_id: string }>`
      select ie.workspace_id, ie.conversation_id from inbound_emails ie
      join conversations c on c.id = ie.conversation_id
      where ie.id = ${inboundEmailId} and ie.status = 'processed'
        and ie.message_id = (select m.id from messages m where m.conversation_id = ie.conversation_id
          order by m.created_at, m.id limit 1)
        and ${routingCondition}`.execute(this.db);
    const row = result.rows[0];
    return row ? { workspaceId: row.workspace_id, conversationId: row.conversation_id } : null;
  }

  /** Whether routing has something to do with the conversation (see `routingCondition`). */
  async needsRouting(workspaceId: string, conversationId: string) {
    const result = await sql<{ one: number }>`
      select 1 as one from conversations c
      where c.workspace_id = ${workspaceId} and c.id = ${conversationId}
        and ${routingCondition}`.execute(this.db);
    return result.rows.length > 0;
  }

  /** What is on offer to the agent now, soonest to lapse first. */
  offersFor(workspaceId: string, agentId: string) {
    return this.db
      .selectFrom('routing_queue')
      .innerJoin('conversations', 'conversations.id', 'routing_queue.conversation_id')
      .select([
        'routing_queue.conversation_id',
        'conversations.number',
        'routing_queue.offer_expires_at',
      ])
      .where('routing_queue.workspace_id', '=', workspaceId)
      .where('routing_queue.offer_agent_id', '=', agentId)
      .orderBy('routing_queue.offer_expires_at')
      .execute();
  }

  /** Timeline entries routing writes, in one statement. */
  async insertTimeline(
    rows: {
      id: string;
      workspaceId: string;
      conversationId: string;
      type: string;
      data: Record<string, unknown>;
      at: Date;
    }[],
  ) {
    if (rows.length === 0) return;
    await this.db
      .insertInto('conversation_events')
      .values(
        rows.map((row) => ({
          id: row.id,
          workspace_id: row.workspaceId,
          conversation_id: row.conversationId,
          type: row.type,
          actor_type: 'system',
          actor_id: null,
          data: json(row.data),
          created_at: row.at,
        })),
      )
      .execute();
  }
}

/**
 * A new conversation (alias `c`) that routing would act on: unassigned, open and not merged,
 * and either without a team while its channel has an entry team, or on a team that routes.
 * Without this one read, every new conversation of a workspace that does not route paid for a
 * transaction of four statements that found nothing to do (docs/PERFORMANCE.md, inbound email).
 */
const routingCondition = sql`c.assignee_id is null and c.status in ('new', 'open')
  and c.merged_into_id is null
  and (case when c.team_id is null
    then exists (select 1 from routing_settings rs
      where rs.workspace_id = c.workspace_id
        and coalesce(rs.channel_teams ->> c.channel, '') <> '')
    else exists (select 1 from team_routing tr
      where tr.team_id = c.team_id and tr.strategy <> 'manual') end)`;
