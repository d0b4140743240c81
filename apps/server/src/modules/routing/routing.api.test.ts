import type { RealtimeEvent } from '@kefu/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPositioner } from '../../db/event-positioner.ts';
import { createRepositories } from '../../repositories/index.ts';
import { onlineWindowMs } from '../widget/availability.service.ts';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, signUp, startTestKefu } from '../../test/harness.ts';
import { manualClock } from '../../test/mail.ts';
import { widgetHelpers } from '../widget/widget-test-helpers.ts';
import { routingHelpers } from './routing-test-helpers.ts';

describe.each(databaseKinds)('routing on %s', (kind) => {
  let kefu: Kefu;
  const clock = manualClock();
  const widget = widgetHelpers(() => kefu);
  const { call, team, online, conversation } = routingHelpers(() => kefu);

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual', clock });
  });
  afterAll(() => kefu.close());

  /** A workspace whose chats enter `teamId`, and a visitor token for it. */
  const chatsInto = async (owner: SignedIn, teamId: string, capacity: Record<string, number>) => {
    await call(owner, 'PATCH', '/api/v1/routing/settings', {
      channelTeams: { chat: teamId },
      defaultCapacity: capacity,
    });
    const { publicKey } = await widget.settings(owner);
    return widget.anonymous(publicKey);
  };
  const positioned = async (workspaceId: string) =>
    (
      await sql<{ type: string }>`select type from realtime_events
        where workspace_id = ${workspaceId} order by position`.execute(kefu.database.db)
    ).rows.map((row) => row.type);
  const unpositioned = async (workspaceId: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from realtime_outbox
        where workspace_id = ${workspaceId}`.execute(kefu.database.db)
    ).rows[0]!.n;
  const position = async (token: string, id: string) => {
    const response = await widget.asVisitor(token, {
      method: 'GET',
      url: `/api/v1/widget/conversations/${id}/queue`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{
      queued: boolean;
      position: number | null;
      estimatedWaitMinutes: number | null;
    }>();
  };

  it('balances widget chats under capacity, queues the rest and shows the place in line', async () => {
    const owner = await signUp(kefu.app, 'Balanced');
    const { id: teamId, agents } = await team(owner, 2, { strategy: 'balanced' });
    for (const agent of agents) await online(agent);
    const token = await chatsInto(owner, teamId, { chat: 2 });
    const chats = [];
    for (let i = 0; i < 6; i += 1)
      chats.push((await widget.startChat(token, `hello ${i}`)).conversation.id);
    const assignees = await Promise.all(
      chats.map(async (id) => (await conversation(owner, id)).assigneeId),
    );
    expect(assignees.slice(0, 4).sort()).toEqual(
      [agents[0]!.userId, agents[0]!.userId, agents[1]!.userId, agents[1]!.userId].sort(),
    );
    // Balanced alternates: fewest open first, the tie to the agent idle longest.
    expect(assignees[0]).not.toBe(assignees[1]);
    expect(assignees.slice(4)).toEqual([null, null]);
    expect(await position(token, chats[4]!)).toEqual({
      queued: true,
      position: 1,
      estimatedWaitMinutes: 15,
    });
    expect(await position(token, chats[5]!)).toEqual({
      queued: true,
      position: 2,
      estimatedWaitMinutes: 30,
    });
    expect(await position(token, chats[0]!)).toEqual({
      queued: false,
      position: null,
      estimatedWaitMinutes: null,
    });

    const queues = (await call(owner, 'GET', '/api/v1/routing/queues')) as {
      items: Record<string, unknown>[];
    };
    expect(queues.items.find((q) => q.teamId === teamId)).toMatchObject({
      waiting: 2,
      agentsOnline: 2,
      agentsAvailable: 0,
      strategy: 'balanced',
    });

    // Solving one frees a slot; the worker's drain gives the head of the queue to that agent.
    const freedBy = assignees[0]!;
    await call(
      agents.find((a) => a.userId === freedBy)!,
      'PATCH',
      `/api/v1/conversations/${chats[0]}`,
      { status: 'solved' },
    );
    await kefu.services.routing.lifecycle.agentStatusChanged(owner.workspaceId, freedBy);
    expect((await conversation(owner, chats[4]!)).assigneeId).toBe(freedBy);
    expect(await position(token, chats[5]!)).toMatchObject({ queued: true, position: 1 });

    // Taken by hand: it no longer shows as waiting, to the visitor or the supervisor.
    await call(owner, 'PATCH', `/api/v1/conversations/${chats[5]}`, {
      assigneeId: agents[1]!.userId,
    });
    expect(await position(token, chats[5]!)).toMatchObject({ queued: false });
    const after = (await call(owner, 'GET', '/api/v1/routing/queues')) as {
      items: Record<string, unknown>[];
    };
    expect(after.items.find((q) => q.teamId === teamId)).toMatchObject({ waiting: 0 });
  });

  it('the live view lists agents by status, each with their unsolved conversations', async () => {
    const owner = await signUp(kefu.app, 'Live agents');
    const { id: teamId, agents } = await team(owner, 3, { strategy: 'balanced' });
    const [busy, away, gone] = agents as [SignedIn, SignedIn, SignedIn];
    await online(busy);
    const token = await chatsInto(owner, teamId, { chat: 3 });
    const chats = [];
    for (const text of ['one', 'two'])
      chats.push((await widget.startChat(token, text)).conversation.id);
    await online(away);
    const reason = '午饭 Lunch';
    await call(owner, 'PATCH', '/api/v1/routing/settings', { awayReasons: [reason] });
    await call(away, 'PUT', '/api/v1/me/status', { status: 'away', awayReason: reason });
    await call(gone, 'PUT', '/api/v1/me/status', { status: 'offline' });
    type Live = {
      agents: {
        status: string;
        count: number;
        members: { userId: string; awayReason: string | null; unsolved: number }[];
      }[];
    };
    const groups = async () =>
      ((await call(owner, 'GET', '/api/v1/analytics/live')) as Live).agents.map((g) => [
        g.status,
        g.count,
        g.members.map((m) => [m.userId, m.awayReason, m.unsolved]),
      ]);
    // The owner never opened a tab: online by choice, but not connected.
    expect(await groups()).toEqual([
      ['online', 1, [[busy.userId, null, 2]]],
      ['away', 1, [[away.userId, reason, 0]]],
      ['disconnected', 1, [[owner.userId, null, 0]]],
      ['offline', 1, [[gone.userId, null, 0]]],
    ]);
    // Pending still counts as work in hand; solved does not.
    await call(busy, 'PATCH', `/api/v1/conversations/${chats[0]}`, { status: 'pending' });
    await call(busy, 'PATCH', `/api/v1/conversations/${chats[1]}`, { status: 'solved' });
    expect((await groups())[0]).toEqual(['online', 1, [[busy.userId, null, 1]]]);
    await call(busy, 'GET', '/api/v1/analytics/live', undefined, 403);
  });

  it('orders the queue by priority, then VIP customers, then age', async () => {
    const owner = await signUp(kefu.app, 'Order');
    const { id: teamId, agents } = await team(owner, 1, { strategy: 'round_robin' });
    const token = await chatsInto(owner, teamId, { chat: 1 });
    const vipToken = await widget.anonymous((await widget.settings(owner)).publicKey);
    const first = (await widget.startChat(token, 'first')).conversation.id;
    const vipChat = (await widget.startChat(vipToken, 'vip')).conversation.id;
    const urgent = (await widget.startChat(token, 'urgent')).conversation.id;
    await call(owner, 'PATCH', `/api/v1/conversations/${urgent}`, { priority: 'urgent' });
    // The customer's tier comes from the SLA migration's column.
    await kefu.database.db
      .updateTable('customers')
      .set({ tier: 'vip' } as never)
      .where(
        'id',
        '=',
        ((await call(owner, 'GET', `/api/v1/conversations/${vipChat}`)).customer as { id: string })
          .id,
      )
      .execute();
    // Re-queue with the new facts (the worker role updates a waiting conversation's priority).
    await kefu.database.db
      .deleteFrom('routing_queue')
      .where('workspace_id', '=', owner.workspaceId)
      .execute();
    await kefu.services.routing.engine.queueBacklog(owner.workspaceId, teamId);
    // The supervisor's list of the queue shows the same order, with the reasons for it.
    const listed = (await call(owner, 'GET', `/api/v1/routing/queues/${teamId}/conversations`)) as {
      items: Record<string, unknown>[];
      total: number;
    };
    expect(listed.total).toBe(3);
    expect(listed.items.map((c) => [c.position, c.conversationId, c.priority, c.vip])).toEqual([
      [1, urgent, 'urgent', false],
      [2, vipChat, 'normal', true],
      [3, first, 'normal', false],
    ]);
    expect(listed.items[0]).toMatchObject({ channel: 'chat', slaDueAt: null });
    const head = (await call(
      owner,
      'GET',
      `/api/v1/routing/queues/${teamId}/conversations?limit=1`,
    )) as { items: { conversationId: string }[]; total: number };
    expect([head.items.map((c) => c.conversationId), head.total]).toEqual([[urgent], 3]);
    // The next page goes on from the place after the last one shown.
    const second = (await call(
      owner,
      'GET',
      `/api/v1/routing/queues/${teamId}/conversations?limit=1&offset=1`,
    )) as { items: { conversationId: string; position: number }[]; total: number };
    expect([second.items.map((c) => [c.position, c.conversationId]), second.total]).toEqual([
      [[2, vipChat]],
      3,
    ]);
    const past = (await call(
      owner,
      'GET',
      `/api/v1/routing/queues/${teamId}/conversations?offset=3`,
    )) as { items: unknown[]; total: number };
    expect([past.items, past.total]).toEqual([[], 3]);
    await call(
      owner,
      'GET',
      `/api/v1/routing/queues/${teamId}/conversations?offset=-1`,
      undefined,
      400,
    );
    await call(
      owner,
      'GET',
      `/api/v1/routing/queues/${teamId}/conversations?limit=0`,
      undefined,
      400,
    );
    const order: string[] = [];
    await online(agents[0]!);
    for (const _ of [1, 2, 3]) {
      await kefu.services.routing.lifecycle.agentStatusChanged(
        owner.workspaceId,
        agents[0]!.userId,
      );
      const mine = (await call(
        agents[0]!,
        'GET',
        `/api/v1/conversations?assigneeId=${agents[0]!.userId}&status=open`,
      )) as {
        items: { id: string }[];
      };
      const taken = mine.items[0]!.id;
      order.push(taken);
      await call(agents[0]!, 'PATCH', `/api/v1/conversations/${taken}`, { status: 'solved' });
    }
    expect(order).toEqual([urgent, vipChat, first]);
  });

  it('moves a waiting chat when its customer becomes VIP or its SLA falls due sooner', async () => {
    const owner = await signUp(kefu.app, 'Reorder');
    const { id: teamId } = await team(owner, 1, { strategy: 'balanced' });
    // Nobody is online, so every chat waits.
    const firstToken = await chatsInto(owner, teamId, { chat: 1 });
    const { publicKey } = await widget.settings(owner);
    const secondToken = await widget.anonymous(publicKey);
    const first = (await widget.startChat(firstToken, '第一位')).conversation.id;
    const second = (await widget.startChat(secondToken, '第二位')).conversation.id;
    const places = async () => [
      (await position(firstToken, first)).position,
      (await position(secondToken, second)).position,
    ];
    expect(await places()).toEqual([1, 2]);

    const customerOf = async (id: string) =>
      ((await call(owner, 'GET', `/api/v1/conversations/${id}`)).customer as { id: string }).id;
    await call(owner, 'PATCH', `/api/v1/customers/${await customerOf(second)}`, { tier: 'vip' });
    expect(await places()).toEqual([2, 1]);
    await call(owner, 'PATCH', `/api/v1/customers/${await customerOf(second)}`, {
      tier: 'standard',
    });
    expect(await places()).toEqual([1, 2]);

    // The SLA engine writes conversation_sla; a due time puts the second chat ahead of one
    // without, and removing it puts it back.
    const now = clock.now();
    await kefu.database.db
      .insertInto('conversation_sla')
      .values({
        conversation_id: second,
        workspace_id: owner.workspaceId,
        policy_name: 'Chat',
        applied: JSON.stringify({}),
        next_due_at: new Date(now.getTime() + 60_000),
        applied_at: now,
        updated_at: now,
      })
      .execute();
    expect(await places()).toEqual([2, 1]);
    await kefu.database.db
      .deleteFrom('conversation_sla')
      .where('conversation_id', '=', second)
      .execute();
    expect(await places()).toEqual([1, 2]);
  });

  it('times an offer out and moves it on; only the offered agent can accept', async () => {
    const owner = await signUp(kefu.app, 'Offers');
    const { id: teamId, agents } = await team(owner, 2, {
      strategy: 'round_robin',
      offerTimeoutSeconds: 30,
    });
    for (const agent of agents) await online(agent);
    const token = await chatsInto(owner, teamId, { chat: 5 });
    const chat = (await widget.startChat(token, 'anyone?')).conversation.id;
    const first = (await conversation(owner, chat)).assigneeId!;
    const other = agents.find((a) => a.userId !== first)!;
    await call(other, 'POST', `/api/v1/conversations/${chat}/accept`, undefined, 409);

    clock.advance(29_000);
    await kefu.jobs.drain();
    expect((await conversation(owner, chat)).assigneeId).toBe(first);
    clock.advance(2_000);
    await kefu.jobs.drain();
    expect((await conversation(owner, chat)).assigneeId).toBe(other.userId);

    await call(other, 'POST', `/api/v1/conversations/${chat}/accept`);
    clock.advance(60_000);
    await kefu.jobs.drain();
    expect((await conversation(owner, chat)).assigneeId).toBe(other.userId);
    expect(await position(token, chat)).toMatchObject({ queued: false });
  });

  it('times out an offer made in a later stay in the queue too', async () => {
    const owner = await signUp(kefu.app, 'Offers again');
    const { id: teamId, agents } = await team(owner, 3, {
      strategy: 'round_robin',
      offerTimeoutSeconds: 30,
    });
    for (const agent of agents) await online(agent);
    const token = await chatsInto(owner, teamId, { chat: 5 });
    const chat = (await widget.startChat(token, 'anyone?')).conversation.id;
    const firstId = (await conversation(owner, chat)).assigneeId!;
    const accepting = agents.find((a) => a.userId === firstId)!;
    await call(accepting, 'POST', `/api/v1/conversations/${chat}/accept`);
    // Its agent leaves: the chat is queued again and offered to someone else, who lets it lapse.
    await call(accepting, 'PUT', '/api/v1/me/status', { status: 'offline' });
    await kefu.jobs.drain();
    const second = (await conversation(owner, chat)).assigneeId;
    expect(second).not.toBeNull();
    expect(second).not.toBe(firstId);
    clock.advance(31_000);
    for (const agent of agents) if (agent !== accepting) await online(agent);
    await kefu.jobs.drain();
    // The lapsed offer moves on (before the fix it stayed with that agent for good).
    const third = (await conversation(owner, chat)).assigneeId;
    expect(third).not.toBeNull();
    expect(third).not.toBe(second);
  });

  it('an offer from an earlier stay does not time out a newer offer to the same agent', async () => {
    const owner = await signUp(kefu.app, 'Offers stale');
    const { id: teamId, agents } = await team(owner, 1, {
      strategy: 'round_robin',
      offerTimeoutSeconds: 30,
    });
    const [agent] = agents as [SignedIn];
    await online(agent);
    const token = await chatsInto(owner, teamId, { chat: 5 });
    const chat = (await widget.startChat(token, 'anyone?')).conversation.id;
    await call(agent, 'POST', `/api/v1/conversations/${chat}/accept`);
    // Away and back within seconds: the chat is queued again and offered to them again, with
    // the same offer number; the first offer's job (due at 30 s) is still waiting.
    await call(agent, 'PUT', '/api/v1/me/status', { status: 'offline' });
    await kefu.jobs.drain();
    clock.advance(10_000);
    await call(agent, 'PUT', '/api/v1/me/status', { status: 'online' });
    expect((await conversation(owner, chat)).assigneeId).toBe(agent.userId);
    const timeouts = async () =>
      (
        await kefu.database.db
          .selectFrom('conversation_events')
          .select('id')
          .where('conversation_id', '=', chat)
          .where(sql<boolean>`data->>'reason' = 'offer_timeout'`)
          .execute()
      ).length;
    clock.advance(21_000);
    await online(agent);
    await kefu.jobs.drain();
    expect([await timeouts(), (await conversation(owner, chat)).assigneeId]).toEqual([
      0,
      agent.userId,
    ]);
    // The new offer runs out at 40 s (and, with nobody else in the team, comes back to them).
    clock.advance(10_000);
    await online(agent);
    await kefu.jobs.drain();
    expect(await timeouts()).toBe(1);
  });

  /** A front team of one that overflows after 60 s to a backup team of one. */
  async function overflowingTeams(owner: SignedIn) {
    const backup = await team(owner, 1, { strategy: 'balanced' });
    const front = await team(owner, 1, {
      strategy: 'balanced',
      overflowTeamId: backup.id,
      overflowAfterSeconds: 60,
    });
    return { backup, front };
  }

  it('overflows a conversation that waited too long to the overflow team', async () => {
    const owner = await signUp(kefu.app, 'Overflow');
    const { backup, front } = await overflowingTeams(owner);
    await online(backup.agents[0]!); // the front team's agent stays offline
    const token = await chatsInto(owner, front.id, { chat: 3 });
    const chat = (await widget.startChat(token, 'waiting')).conversation.id;
    expect(await conversation(owner, chat)).toMatchObject({ teamId: front.id, assigneeId: null });
    clock.advance(61_000);
    await online(backup.agents[0]!);
    await kefu.jobs.drain();
    expect(await conversation(owner, chat)).toMatchObject({
      teamId: backup.id,
      assigneeId: backup.agents[0]!.userId,
    });
  });

  it('overflows again after a re-queue: the chats of an agent who left do not wait forever', async () => {
    const owner = await signUp(kefu.app, 'Overflow again');
    const { backup, front } = await overflowingTeams(owner);
    const [frontAgent] = front.agents as [SignedIn];
    await online(frontAgent);
    const token = await chatsInto(owner, front.id, { chat: 3 });
    const chat = (await widget.startChat(token, 'hello')).conversation.id;
    expect((await conversation(owner, chat)).assigneeId).toBe(frontAgent.userId);
    // The first stay's overflow check runs and finds the chat served.
    clock.advance(61_000);
    await kefu.jobs.drain();
    expect(await conversation(owner, chat)).toMatchObject({ teamId: front.id });
    // The only front agent leaves: the chat goes back to the front queue with its place by age,
    // so it has waited past the overflow time already, and nobody in front can take it: it
    // moves on to the backup team's agent (before the fix it stayed in the front queue for good).
    await online(backup.agents[0]!);
    await call(frontAgent, 'PUT', '/api/v1/me/status', { status: 'offline' });
    await kefu.jobs.drain();
    expect(await conversation(owner, chat)).toMatchObject({
      teamId: backup.id,
      assigneeId: backup.agents[0]!.userId,
    });
  });

  it('routes by skills and hands an offline agent’s chats back to the queue', async () => {
    const owner = await signUp(kefu.app, 'Skills');
    const skill = (await call(owner, 'POST', '/api/v1/skills', { name: '中文' }, 201)) as {
      id: string;
    };
    const { id: teamId, agents } = await team(owner, 3, {
      strategy: 'skills',
      requiredSkills: [{ skillId: skill.id, minLevel: 5, optional: false }],
    });
    const [strong, weak, also] = agents as [SignedIn, SignedIn, SignedIn];
    await call(owner, 'PUT', `/api/v1/routing/agents/${strong.userId}`, {
      skills: [{ skillId: skill.id, level: 8 }],
    });
    await call(owner, 'PUT', `/api/v1/routing/agents/${weak.userId}`, {
      skills: [{ skillId: skill.id, level: 4 }],
    });
    await call(owner, 'PUT', `/api/v1/routing/agents/${also.userId}`, {
      skills: [{ skillId: skill.id, level: 5 }],
      capacity: { chat: 1 },
    });
    for (const agent of agents) await online(agent);
    await call(also, 'PUT', '/api/v1/me/status', { status: 'away' });
    const token = await chatsInto(owner, teamId, { chat: 5 });
    const chats = [];
    for (let i = 0; i < 2; i += 1)
      chats.push((await widget.startChat(token, `你好 ${i}`)).conversation.id);
    for (const id of chats) expect((await conversation(owner, id)).assigneeId).toBe(strong.userId);

    // Back online: nothing new for them until the strong agent leaves; then one chat (capacity 1).
    await call(also, 'PUT', '/api/v1/me/status', { status: 'online' });
    await call(strong, 'PUT', '/api/v1/me/status', { status: 'offline' });
    await kefu.jobs.drain();
    const after = await Promise.all(
      chats.map(async (id) => (await conversation(owner, id)).assigneeId),
    );
    expect(after.sort()).toEqual([also.userId, null].sort());
    // Deleting the skill drops it from the team's requirements too.
    await call(owner, 'DELETE', `/api/v1/skills/${skill.id}`);
    const teams = (await call(owner, 'GET', '/api/v1/routing/teams')) as {
      items: { teamId: string; requiredSkills: unknown[] }[];
    };
    expect(teams.items.find((t) => t.teamId === teamId)?.requiredSkills).toEqual([]);
    const agentsView = (await call(owner, 'GET', '/api/v1/routing/agents')) as {
      items: { userId: string; status: string; effectiveCapacity: Record<string, number> }[];
    };
    expect(agentsView.items.find((a) => a.userId === strong.userId)?.status).toBe('offline');
    expect(agentsView.items.find((a) => a.userId === also.userId)?.effectiveCapacity.chat).toBe(1);
  });

  it('re-queues an agent’s chats each time they go offline, twice within a minute too', async () => {
    const owner = await signUp(kefu.app, 'Twice');
    const { id: teamId, agents } = await team(owner, 1, { strategy: 'round_robin' });
    const [agent] = agents as [SignedIn];
    await online(agent);
    const token = await chatsInto(owner, teamId, { chat: 5 });
    const chat = (await widget.startChat(token, 'still there?')).conversation.id;
    expect((await conversation(owner, chat)).assigneeId).toBe(agent.userId);
    // The clock stands still: both changes fall in the same minute.
    for (const round of [1, 2]) {
      await call(agent, 'PUT', '/api/v1/me/status', { status: 'offline' });
      await kefu.jobs.drain();
      expect([round, (await conversation(owner, chat)).assigneeId]).toEqual([round, null]);
      await call(agent, 'PUT', '/api/v1/me/status', { status: 'online' });
      expect([round, (await conversation(owner, chat)).assigneeId]).toEqual([round, agent.userId]);
    }
  });

  /** A team of two, one agent online and serving a chat; the other will take it over. */
  async function chatWithAgentWhoLeaves(name: string) {
    const owner = await signUp(kefu.app, name);
    const { id: teamId, agents } = await team(owner, 2, { strategy: 'round_robin' });
    const [leaving, staying] = agents as [SignedIn, SignedIn];
    await online(leaving);
    const token = await chatsInto(owner, teamId, { chat: 5 });
    const chat = (await widget.startChat(token, 'hello?')).conversation.id;
    expect((await conversation(owner, chat)).assigneeId).toBe(leaving.userId);
    return { owner, leaving, staying, chat };
  }

  it('re-queues the chats of an agent whose last tab closed and who did not come back', async () => {
    const { owner, leaving, staying, chat } = await chatWithAgentWhoLeaves('Closed');
    await kefu.services.routing.lifecycle.agentDisconnected(owner.workspaceId, leaving.userId);
    clock.advance(60_000);
    await kefu.jobs.drain();
    expect((await conversation(owner, chat)).assigneeId).toBe(leaving.userId);
    clock.advance(70_000);
    await online(staying);
    await kefu.jobs.drain();
    expect((await conversation(owner, chat)).assigneeId).toBe(staying.userId);
  });

  it('re-queues the chats of an agent whose connection flapped before they left', async () => {
    const { owner, leaving, staying, chat } = await chatWithAgentWhoLeaves('Flapping');
    // Both disconnects' checks fall due in the same minute: the tab closes, the agent is back
    // 10 s later, and 5 s after that gone for good.
    const due = (at: number) => at + onlineWindowMs + 5000;
    clock.advance((((1000 - due(clock.now().getTime())) % 60_000) + 60_000) % 60_000);
    const lifecycle = kefu.services.routing.lifecycle;
    await lifecycle.agentDisconnected(owner.workspaceId, leaving.userId);
    clock.advance(10_000);
    await online(leaving);
    clock.advance(5_000);
    await lifecycle.agentDisconnected(owner.workspaceId, leaving.userId);
    // The first check runs on time and finds them seen 10 s after it was queued: still here.
    clock.advance(onlineWindowMs - 10_000);
    await online(staying);
    await kefu.jobs.drain();
    expect((await conversation(owner, chat)).assigneeId).toBe(leaving.userId);
    // The second check finds them gone.
    clock.advance(20_000);
    await online(staying);
    await kefu.jobs.drain();
    expect((await conversation(owner, chat)).assigneeId).toBe(staying.userId);
  });

  it('returns a customer to the agent who served them last (sticky)', async () => {
    const owner = await signUp(kefu.app, 'Sticky');
    const { id: teamId, agents } = await team(owner, 2, { strategy: 'sticky' });
    for (const agent of agents) await online(agent);
    const token = await chatsInto(owner, teamId, { chat: 5 });
    const first = (await widget.startChat(token, 'one')).conversation.id;
    const served = (await conversation(owner, first)).assigneeId!;
    const otherToken = await widget.anonymous((await widget.settings(owner)).publicKey);
    const stranger = (await widget.startChat(otherToken, 'hi')).conversation.id;
    expect((await conversation(owner, stranger)).assigneeId).not.toBe(served);
    const again = (await widget.startChat(token, 'me again')).conversation.id;
    expect((await conversation(owner, again)).assigneeId).toBe(served);
  });

  it('routes a conversation opened by an inbound mail to the email entry team', async () => {
    const owner = await signUp(kefu.app, 'MailRoute');
    const { id: teamId, agents } = await team(owner, 1, { strategy: 'round_robin' });
    await online(agents[0]!);
    await call(owner, 'PATCH', '/api/v1/routing/settings', { channelTeams: { email: teamId } });
    const mailbox = (await call(
      owner,
      'POST',
      '/api/v1/mail-channels',
      {
        name: 'Support',
        address: `routing-${Date.now()}@example.com`,
      },
      201,
    )) as { id: string };
    const receive = (raw: string) =>
      kefu.services.email.inbound.receive({
        channelId: mailbox.id,
        workspaceId: owner.workspaceId,
        raw: Buffer.from(raw),
        source: 'smtp',
      });
    await receive(
      'From: buyer@example.com\r\nSubject: 发票\r\nMessage-ID: <m1@example.com>\r\n\r\n请开发票\r\n',
    );
    await kefu.jobs.drain();
    const list = (await call(owner, 'GET', '/api/v1/conversations?channel=email')) as {
      items: { id: string; assigneeId: string | null; teamId: string | null }[];
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ teamId, assigneeId: agents[0]!.userId });
  });

  it('routes a conversation created through the API into the channel’s entry team', async () => {
    const owner = await signUp(kefu.app, 'ApiRoute');
    const { id: teamId, agents } = await team(owner, 1, { strategy: 'balanced' });
    await online(agents[0]!);
    await call(owner, 'PATCH', '/api/v1/routing/settings', { channelTeams: { api: teamId } });
    const customer = (await call(owner, 'POST', '/api/v1/customers', { name: 'API' }, 201)) as {
      id: string;
    };
    const created = await call(
      owner,
      'POST',
      '/api/v1/conversations',
      {
        channel: 'api',
        customer: { id: customer.id },
        message: { body: '订单 8812 没有物流信息' },
      },
      201,
    );
    expect(created).toMatchObject({ teamId, assigneeId: agents[0]!.userId });
  });

  it('the worker’s sweep routes a routed team’s conversations that were never queued', async () => {
    const owner = await signUp(kefu.app, 'Sweep');
    // Created while the team was not routed (manual), then the team turns routing on.
    const { id: teamId, agents } = await team(owner, 1, { strategy: 'manual' });
    await online(agents[0]!);
    const customer = (await call(owner, 'POST', '/api/v1/customers', { name: 'API' }, 201)) as {
      id: string;
    };
    const created = await call(
      owner,
      'POST',
      '/api/v1/conversations',
      { channel: 'api', teamId, customer: { id: customer.id }, message: { body: 'via API' } },
      201,
    );
    expect((await conversation(owner, created.id as string)).assigneeId).toBeNull();
    await call(owner, 'PUT', `/api/v1/routing/teams/${teamId}`, { strategy: 'balanced' });
    await kefu.services.routing.engine.sweep();
    expect((await conversation(owner, created.id as string)).assigneeId).toBe(agents[0]!.userId);
  });

  it('looks past a full page of conversations nobody online can take', async () => {
    const owner = await signUp(kefu.app, 'DeepQueue');
    const { id: teamId, agents } = await team(owner, 1, { strategy: 'manual' });
    await online(agents[0]!);
    // Nobody takes phone conversations; the agent has room for one API conversation.
    await call(owner, 'PATCH', '/api/v1/routing/settings', {
      defaultCapacity: { phone: 0, api: 1 },
    });
    const customer = (await call(owner, 'POST', '/api/v1/customers', { name: 'Deep' }, 201)) as {
      id: string;
    };
    const open = (channel: string, priority: string) =>
      call(
        owner,
        'POST',
        '/api/v1/conversations',
        { channel, priority, teamId, customer: { id: customer.id }, message: { body: channel } },
        201,
      );
    // More urgent phone conversations than one page of the queue, ahead of the API one.
    for (let i = 0; i < 205; i += 1) await open('phone', 'urgent');
    const behind = await open('api', 'low');
    await call(owner, 'PUT', `/api/v1/routing/teams/${teamId}`, { strategy: 'balanced' });
    await kefu.services.routing.engine.sweep();
    expect((await conversation(owner, behind.id as string)).assigneeId).toBe(agents[0]!.userId);
  });

  it('a drain writes each assignment’s timeline once and has published every event when it returns', async () => {
    const owner = await signUp(kefu.app, 'BigDrain');
    const { id: teamId, agents } = await team(owner, 2, { strategy: 'balanced' });
    await call(owner, 'PATCH', '/api/v1/routing/settings', { defaultCapacity: { api: 20 } });
    const customer = (await call(owner, 'POST', '/api/v1/customers', { name: 'Many' }, 201)) as {
      id: string;
    };
    // Nobody is online yet: all 30 wait (more than one batch of deferred events).
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const created = await call(
        owner,
        'POST',
        '/api/v1/conversations',
        { channel: 'api', teamId, customer: { id: customer.id }, message: { body: `q${i}` } },
        201,
      );
      ids.push(created.id as string);
    }
    for (const agent of agents) await online(agent);
    const before = await positioned(owner.workspaceId);
    const published: RealtimeEvent[] = [];
    const stop = kefu.bus.subscribe((event) => {
      if (event.workspaceId === owner.workspaceId) published.push(event);
    });

    expect(await kefu.services.routing.engine.drainTeam(owner.workspaceId, teamId)).toBe(30);
    stop();

    expect(await unpositioned(owner.workspaceId)).toBe(0);
    const after = await positioned(owner.workspaceId);
    expect(after.filter((type) => type === 'assignment.changed').length).toBe(
      before.filter((type) => type === 'assignment.changed').length + 30,
    );
    // The assigning statement wrote each conversation.updated unpresented; the positioner
    // presented all 30 before publishing them, and stored them presented, in position order.
    const updates = published.filter((e) => e.type === 'conversation.updated');
    expect(updates.map((e) => e.conversationId).sort()).toEqual([...ids].sort());
    for (const event of updates) {
      const payload = event.payload as RealtimeEvent<'conversation.updated'>['payload'];
      expect(payload).not.toHaveProperty('presentAtPublish');
      expect(payload.changes).toEqual(['assigneeId', 'status']);
      expect(payload.previous).toEqual({
        status: 'new',
        assigneeId: null,
        teamId,
        mergedIntoId: null,
      });
      expect(payload.conversation).toMatchObject({
        id: event.conversationId,
        status: 'open',
        teamId,
        customer: expect.objectContaining({ id: customer.id, name: 'Many' }),
      });
      expect(agents.map((a) => a.userId)).toContain(payload.conversation.assigneeId);
    }
    expect(published.map((e) => e.position)).toEqual(
      [...published.map((e) => e.position)].sort((a, b) => a - b),
    );
    const stored = await sql<{ n: number }>`select count(*)::int as n from realtime_events
      where workspace_id = ${owner.workspaceId} and payload ? 'presentAtPublish'`.execute(
      kefu.database.db,
    );
    expect(stored.rows[0]!.n).toBe(0);
    const routed = await conversation(owner, ids[29]!);
    expect(agents.map((a) => a.userId)).toContain(routed.assigneeId);
    expect(routed.status).toBe('open');
    const timeline = (await call(owner, 'GET', `/api/v1/conversations/${ids[29]}/timeline`))
      .items as { type: string; data: Record<string, unknown> }[];
    const changes = timeline.filter((e) => e.type.endsWith('.changed'));
    expect(changes).toEqual([
      expect.objectContaining({
        type: 'assignee.changed',
        data: { from: null, to: routed.assigneeId, reason: 'routing' },
      }),
      expect.objectContaining({
        type: 'status.changed',
        data: { from: 'new', to: 'open', reason: 'routing' },
      }),
    ]);
  });

  it('a replay presents an assignment event that a stopped node positioned but never presented', async () => {
    const owner = await signUp(kefu.app, 'Replay');
    const { id: teamId, agents } = await team(owner, 1, { strategy: 'balanced' });
    const customer = (await call(owner, 'POST', '/api/v1/customers', { name: 'Late' }, 201)) as {
      id: string;
    };
    const created = await call(
      owner,
      'POST',
      '/api/v1/conversations',
      { channel: 'api', teamId, customer: { id: customer.id }, message: { body: 'waiting' } },
      201,
    );
    const from = await kefu.services.realtime.currentPosition(owner.workspaceId);
    // The assigning statement on its own, then a positioner with no presenting step: what a
    // node that stopped between the two leaves in the log.
    const result = await createRepositories(kefu.database.db).routingQueue.routeAssign(
      {
        workspaceId: owner.workspaceId,
        conversationId: created.id as string,
        teamId,
        agentId: agents[0]!.userId,
        channel: 'api',
        defaultCapacity: 5,
      },
      {
        timelineIds: [crypto.randomUUID(), crypto.randomUUID()],
        reason: 'routing',
        assignmentId: crypto.randomUUID(),
        emit: true,
      },
      clock.now(),
    );
    expect(result).toEqual({ outcome: 'assigned', previousStatus: 'new' });
    const deaf = { publish() {}, subscribe: () => () => {} } as never;
    await new EventPositioner(kefu.database.db, deaf).settle(owner.workspaceId);
    expect(await positioned(owner.workspaceId)).toContain('assignment.changed');

    const replayed = await kefu.services.realtime.eventsAfter(owner.workspaceId, from, 50);
    expect(replayed.map((e) => e.type)).toEqual(['conversation.updated', 'assignment.changed']);
    expect(replayed[0]!.payload).toEqual({
      conversation: expect.objectContaining({
        id: created.id,
        assigneeId: agents[0]!.userId,
        status: 'open',
        customer: expect.objectContaining({ name: 'Late' }),
      }),
      changes: ['assigneeId', 'status'],
      previous: { status: 'new', assigneeId: null, teamId, mergedIntoId: null },
    });
    expect(replayed[1]!.payload).toEqual({
      conversationId: created.id,
      assigneeId: agents[0]!.userId,
      previousAssigneeId: null,
      teamId,
    });
  });

  it('refuses bad settings with a 4xx and keeps status changes to the workspace’s reasons', async () => {
    const owner = await signUp(kefu.app, 'Checks');
    const { id: teamId, agents } = await team(owner, 1, { strategy: 'balanced' });
    await call(owner, 'PUT', `/api/v1/routing/teams/${teamId}`, { overflowTeamId: teamId }, 400);
    await call(owner, 'PUT', `/api/v1/routing/teams/${teamId}`, { strategy: 'fastest' }, 400);
    await call(owner, 'PATCH', '/api/v1/routing/settings', { defaultCapacity: { chat: -1 } }, 400);
    await call(
      agents[0]!,
      'PUT',
      '/api/v1/me/status',
      { status: 'away', awayReason: 'Lunch' },
      400,
    );
    await call(owner, 'PATCH', '/api/v1/routing/settings', { awayReasons: ['Lunch', '开会'] });
    const status = await call(agents[0]!, 'PUT', '/api/v1/me/status', {
      status: 'away',
      awayReason: 'Lunch',
    });
    expect(status).toMatchObject({
      status: 'away',
      awayReason: 'Lunch',
      awayReasons: ['Lunch', '开会'],
    });
    await call(agents[0]!, 'GET', '/api/v1/routing/queues', undefined, 403);
    await call(agents[0]!, 'GET', `/api/v1/routing/queues/${teamId}/conversations`, undefined, 403);
    // Another workspace's team is not found, not listed.
    const other = await signUp(kefu.app, 'Other queue');
    await call(other, 'GET', `/api/v1/routing/queues/${teamId}/conversations`, undefined, 404);
    await call(agents[0]!, 'PUT', `/api/v1/routing/teams/${teamId}`, { strategy: 'manual' }, 403);
  });
});
