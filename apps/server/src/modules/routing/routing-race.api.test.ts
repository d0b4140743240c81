import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { signUp, startTestKefu } from '../../test/harness.ts';
import { routingHelpers } from './routing-test-helpers.ts';

/** A small seeded generator, so a failing scenario can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Property: however many assigners run at once (whole-queue drains and single assignments of
 * random pairs, with the strategy's snapshot gone stale), no conversation is assigned twice and
 * no agent ends over capacity; and while room and work remain, work is assigned.
 */
describe.each(databaseKinds)('routing under concurrent assigners on %s', (kind) => {
  let kefu: Kefu;
  const { call, team, online } = routingHelpers(() => kefu);

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual' });
  });
  afterAll(() => kefu.close());

  const seeds = [11, 23, 37, 41];
  it.each(seeds)('holds for scenario seed %i', async (seed) => {
    const next = random(seed);
    const agentCount = 2 + Math.floor(next() * 4);
    const capacity = 1 + Math.floor(next() * 3);
    const conversationCount = agentCount * capacity + Math.floor(next() * 8) - 3;
    const owner = await signUp(kefu.app, `Race${seed}`);
    const { id: teamId, agents } = await team(owner, agentCount, { strategy: 'manual' });
    await call(owner, 'PATCH', '/api/v1/routing/settings', { defaultCapacity: { chat: capacity } });
    const customer = (await call(owner, 'POST', '/api/v1/customers', { name: 'Racer' }, 201)) as {
      id: string;
    };
    const ids: string[] = [];
    for (let i = 0; i < conversationCount; i += 1) {
      const created = await call(
        owner,
        'POST',
        '/api/v1/conversations',
        {
          channel: 'chat',
          teamId,
          customer: { id: customer.id },
          message: { body: `race ${i}` },
        },
        201,
      );
      ids.push(created.id as string);
    }
    // Turning routing on queues the backlog; nobody is online yet, so nothing is assigned.
    await call(owner, 'PUT', `/api/v1/routing/teams/${teamId}`, { strategy: 'balanced' });
    for (const agent of agents) await online(agent);
    const engine = kefu.services.routing.engine;
    const snapshot = await engine.snapshot(owner.workspaceId, teamId);
    const queued = snapshot?.waiting ?? [];
    const workers: Promise<unknown>[] = [];
    for (let w = 0; w < 8; w += 1) {
      workers.push(engine.drainTeam(owner.workspaceId, teamId));
      for (let k = 0; k < 6 && queued.length > 0; k += 1) {
        const pick = queued[Math.floor(next() * queued.length)]!;
        const agent = agents[Math.floor(next() * agents.length)]!;
        // A stale decision: straight to assign(), as a second node with an old snapshot would.
        workers.push(engine.assign(snapshot!.team, pick, agent.userId, snapshot!.defaults));
      }
    }
    await Promise.all(workers);
    await engine.drainTeam(owner.workspaceId, teamId);

    const rows = await kefu.database.db
      .selectFrom('conversations')
      .select(['id', 'assignee_id'])
      .where('workspace_id', '=', owner.workspaceId)
      .where('id', 'in', ids)
      .execute();
    const perAgent = new Map<string, number>();
    for (const row of rows)
      if (row.assignee_id) perAgent.set(row.assignee_id, (perAgent.get(row.assignee_id) ?? 0) + 1);
    for (const count of perAgent.values()) expect(count).toBeLessThanOrEqual(capacity);

    const assignments = await kefu.database.db
      .selectFrom('routing_assignments')
      .select(['conversation_id'])
      .where('workspace_id', '=', owner.workspaceId)
      .execute();
    const once = new Set(assignments.map((a) => a.conversation_id));
    expect(once.size).toBe(assignments.length);
    const assigned = rows.filter((row) => row.assignee_id);
    expect(assignments.length).toBe(assigned.length);
    expect(assigned.length).toBe(Math.min(conversationCount, agentCount * capacity));

    // The trigger-kept load agrees with the conversations themselves.
    const load = await kefu.database.db
      .selectFrom('agent_load')
      .select(['user_id', 'open_count'])
      .where('workspace_id', '=', owner.workspaceId)
      .where('channel', '=', 'chat')
      .execute();
    for (const agent of agents) {
      const counted = load.find((row) => row.user_id === agent.userId)?.open_count ?? 0;
      expect(counted).toBe(perAgent.get(agent.userId) ?? 0);
    }
  });
});
