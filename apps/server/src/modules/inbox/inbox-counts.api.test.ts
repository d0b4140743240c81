import {
  type InboxCounts,
  type RealtimeEvent,
  adjustInboxCounts,
  countChangeOf,
  emptyInboxCounts,
} from '@kefu/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, createApiToken, signUp, startTestKefu } from '../../test/harness.ts';
import { addMember, bearer } from '../../test/members.ts';

const openish = ['new', 'open', 'pending', 'on_hold'];

describe.each(databaseKinds)('inbox counts on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let agent: SignedIn;
  let teamA: string;
  let teamB: string;
  let customerId: string;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Counts');
    agent = await addMember(kefu.app, owner, 'agent');
    const team = async (name: string, memberIds: string[]) =>
      (await send(owner, 'POST', '/api/v1/teams', { name, memberIds })).json<{ id: string }>().id;
    teamA = await team('Billing', [agent.userId]);
    teamB = await team('Shipping', [owner.userId]);
    customerId = (await send(owner, 'POST', '/api/v1/customers', { name: '王芳' })).json<{
      id: string;
    }>().id;
  });
  afterAll(() => kefu.close());

  async function send(
    who: SignedIn,
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) {
    const response = await kefu.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...as(who),
    });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.body}`);
    return response;
  }
  const start = async (extra: Record<string, unknown> = {}) =>
    (
      await send(owner, 'POST', '/api/v1/conversations', {
        customer: { id: customerId },
        message: { body: '我的订单还没有到' },
        ...extra,
      })
    ).json<{ id: string }>().id;
  const change = (id: string, patch: Record<string, unknown>, who = owner) =>
    send(who, 'PATCH', `/api/v1/conversations/${id}`, patch);

  async function counts(who: SignedIn): Promise<InboxCounts> {
    const response = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations/counts',
      ...as(who),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<InboxCounts>();
  }

  /** The same views computed by COUNT queries over the conversations themselves. */
  async function exactCounts(who: SignedIn, teamIds: string[]): Promise<InboxCounts> {
    const rows = await sql<{
      status: string;
      assignee_id: string | null;
      team_id: string | null;
      n: number;
    }>`
      select status, assignee_id, team_id, count(*)::int as n from conversations
      where workspace_id = ${who.workspaceId} and merged_into_id is null
      group by status, assignee_id, team_id`.execute(kefu.database.db);
    const result = emptyInboxCounts({ userId: who.userId, teamIds });
    for (const row of rows.rows) {
      result.byStatus[row.status as keyof InboxCounts['byStatus']] += row.n;
      if (!openish.includes(row.status)) continue;
      result.all += row.n;
      if (row.assignee_id === null) result.unassigned += row.n;
      if (row.assignee_id === who.userId) result.mine += row.n;
      if (row.team_id && teamIds.includes(row.team_id)) {
        result.myTeams += row.n;
        result.byTeam[row.team_id] = (result.byTeam[row.team_id] ?? 0) + row.n;
      }
    }
    return result;
  }

  async function expectExact(step: string) {
    expect(await counts(owner), `${step} (owner)`).toEqual(await exactCounts(owner, [teamB]));
    expect(await counts(agent), `${step} (agent)`).toEqual(await exactCounts(agent, [teamA]));
    await expectListsMatch(step);
  }

  /** Each view's conversation list holds as many conversations as its count says. */
  async function expectListsMatch(step: string) {
    const open = 'status=new,open,pending,on_hold&limit=100';
    for (const who of [owner, agent]) {
      const shown = await counts(who);
      for (const [view, query] of [
        ['mine', `assigneeId=me&${open}`],
        ['unassigned', `assigneeId=none&${open}`],
        ['myTeams', `teamId=mine&${open}`],
        ['all', open],
      ] as const) {
        const list = await kefu.app.inject({
          method: 'GET',
          url: `/api/v1/conversations?${query}`,
          ...as(who),
        });
        expect(list.json<{ items: unknown[] }>().items.length, `${step}: ${view}`).toBe(
          shown[view],
        );
      }
    }
  }

  /** Counts rebuilt from the workspace's realtime events, as the workspace UI keeps them. */
  async function countsFromEvents(who: SignedIn, teamIds: string[]) {
    const events = await sql<Pick<RealtimeEvent, 'type' | 'payload'>>`
      select type, payload from realtime_events where workspace_id = ${who.workspaceId}
      order by position`.execute(kefu.database.db);
    const viewer = { userId: who.userId, teamIds };
    return events.rows.reduce((current, event) => {
      const change = countChangeOf(event);
      return change ? adjustInboxCounts(current, change, viewer) : current;
    }, emptyInboxCounts(viewer));
  }

  it('stays exact through create, assign, reassign, team change, solve, close, merge and reopen', async () => {
    await expectExact('empty');
    const a = await start();
    const b = await start({ assigneeId: agent.userId, teamId: teamA });
    const c = await start({ teamId: teamB, priority: 'high' });
    await expectExact('created');
    expect(await counts(agent)).toMatchObject({ mine: 1, unassigned: 2, myTeams: 1, all: 3 });

    await change(a, { assigneeId: owner.userId });
    await expectExact('assigned');
    await change(a, { assigneeId: agent.userId, expectedAssigneeId: owner.userId });
    await expectExact('reassigned');
    await change(a, { teamId: teamA });
    await change(c, { teamId: teamA, assigneeId: null });
    await expectExact('team changed');
    await change(b, { status: 'pending' });
    await change(b, { status: 'on_hold' });
    await change(a, { status: 'solved' });
    await expectExact('solved');
    await change(b, { status: 'closed' });
    await expectExact('closed');
    await send(owner, 'POST', `/api/v1/conversations/${c}/merge`, { targetId: a });
    await expectExact('merged');
    await change(a, { status: 'open' });
    await expectExact('reopened by an agent');
    await change(a, { status: 'solved' });
    // An integration records the customer's message, which reopens the solved conversation.
    const token = await createApiToken(kefu, owner.workspaceId, ['conversations:write']);
    const reply = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${a}/messages`,
      payload: { author: 'customer', body: '还是没收到' },
      ...bearer(token),
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await expectExact('reopened by the customer');
    await change(a, { assigneeId: null, teamId: null, priority: 'urgent' });
    await expectExact('unassigned');

    const agentCounts = await counts(agent);
    expect(agentCounts).toMatchObject({ mine: 0, unassigned: 1, myTeams: 0, all: 1 });
    expect(agentCounts.byStatus).toEqual({
      new: 0,
      open: 1,
      pending: 0,
      on_hold: 0,
      solved: 0,
      closed: 1,
    });
    // One counter row per key: the unique index treats null assignee and team as equal.
    const duplicates = await sql<{ n: number }>`select count(*)::int as n from (
        select 1 from conversation_counts group by workspace_id, status, assignee_id, team_id
        having count(*) > 1) d`.execute(kefu.database.db);
    expect(duplicates.rows[0]!.n).toBe(0);
    // The UI's way, one event at a time, ends at the same numbers.
    expect(await countsFromEvents(owner, [teamB])).toEqual(await counts(owner));
    expect(await countsFromEvents(agent, [teamA])).toEqual(agentCounts);
  });

  it('stays exact when many changes run at once, in opposite directions', async () => {
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        start(i % 2 ? { assigneeId: agent.userId, teamId: teamA } : { teamId: teamB }),
      ),
    );
    // Half move A→B and half B→A at the same time: the trigger locks counter rows in one order.
    await Promise.all(
      ids.map((id, i) =>
        change(
          id,
          i % 2
            ? { assigneeId: owner.userId, teamId: teamB, status: 'pending' }
            : { assigneeId: agent.userId, teamId: teamA, status: 'open' },
        ),
      ),
    );
    await expectExact('after parallel changes');
  });

  it('does not touch the counter rows when a message changes no counted field', async () => {
    const id = await start({ assigneeId: agent.userId });
    const versions = async () =>
      (
        await sql<{ v: string }>`select xmin::text as v from conversation_counts
          where workspace_id = ${owner.workspaceId} order by status, assignee_id, team_id`.execute(
          kefu.database.db,
        )
      ).rows.map((r) => r.v);
    const before = await versions();
    await send(owner, 'POST', `/api/v1/conversations/${id}/messages`, { body: 'On it' });
    await send(owner, 'POST', `/api/v1/conversations/${id}/messages`, {
      body: 'note',
      visibility: 'internal',
    });
    await change(id, { priority: 'low', tags: ['vip'] });
    expect(await versions()).toEqual(before);
    await expectExact('after messages');
  });

  it('stays exact when a team or an agent’s account goes away without a conversation event', async () => {
    const doomed = (
      await send(owner, 'POST', '/api/v1/teams', { name: 'Temporary', memberIds: [agent.userId] })
    ).json<{ id: string }>().id;
    await start({ teamId: doomed, assigneeId: agent.userId });
    await send(owner, 'DELETE', `/api/v1/teams/${doomed}`);
    await expectExact('team deleted');
    await sql`delete from conversations where workspace_id = ${owner.workspaceId}
      and id = (select id from conversations where workspace_id = ${owner.workspaceId}
                order by created_at desc limit 1)`.execute(kefu.database.db);
    await expectExact('conversation deleted');

    // A whole workspace can still be deleted: the cascade takes its counters with it.
    const gone = await signUp(kefu.app, 'Gone');
    const goneTeam = (
      await send(gone, 'POST', '/api/v1/teams', { name: 'Gone team', memberIds: [gone.userId] })
    ).json<{ id: string }>().id;
    const goneCustomer = (
      await send(gone, 'POST', '/api/v1/customers', { name: 'Gone customer' })
    ).json<{ id: string }>().id;
    await send(gone, 'POST', '/api/v1/conversations', {
      customer: { id: goneCustomer },
      message: { body: 'hello' },
      teamId: goneTeam,
      assigneeId: gone.userId,
    });
    expect((await counts(gone)).myTeams).toBe(1);
    await sql`delete from workspaces where id = ${gone.workspaceId}`.execute(kefu.database.db);
    const left = await sql<{ n: number }>`select count(*)::int as n from conversation_counts
      where workspace_id = ${gone.workspaceId}`.execute(kefu.database.db);
    expect(left.rows[0]!.n).toBe(0);
    await expectExact('another workspace deleted');
  });

  it('keeps workspaces apart, and gives API tokens no "mine"', async () => {
    const stranger = await signUp(kefu.app, 'Stranger');
    expect(await counts(stranger)).toEqual(await exactCounts(stranger, []));
    expect((await counts(stranger)).all).toBe(0);

    const token = await createApiToken(kefu, owner.workspaceId, ['conversations:read']);
    const response = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations/counts',
      ...bearer(token),
    });
    expect(response.statusCode).toBe(200);
    const exact = await exactCounts({ ...owner, userId: 'nobody' }, []);
    expect(response.json()).toEqual(exact);
    expect(exact.all).toBeGreaterThan(0);
  });
});
