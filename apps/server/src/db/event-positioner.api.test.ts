import type { RealtimeEvent } from '@kefu/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../modules/realtime/event-bus.ts';
import type { Kefu } from '../server.ts';
import { RealtimeEventRepository } from '../repositories/realtime-event.repository.ts';
import { databaseKinds } from '../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../test/harness.ts';
import { EventPositioner } from './event-positioner.ts';

// Writers put events in an outbox; the positioner numbers them into the log after commit. These
// tests hold it to what the replay cursor needs: every committed event gets exactly one
// position, positions are dense per workspace, and a writer that stopped before positioning
// loses nothing.
describe.each(databaseKinds)('realtime event positions on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app);
  });
  afterAll(() => kefu.close());

  const log = async (workspaceId: string) =>
    (
      await sql<{ position: number; type: string; payload: { message?: { id: string } } }>`
        select position, type, payload from realtime_events
        where workspace_id = ${workspaceId} order by position`.execute(kefu.database.db)
    ).rows.map((r) => ({ ...r, position: Number(r.position) }));
  const outbox = async (workspaceId: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from realtime_outbox
        where workspace_id = ${workspaceId}`.execute(kefu.database.db)
    ).rows[0]!.n;

  const newConversation = async (i: number) => {
    const response = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: {
        channel: 'chat',
        customer: { name: `C${i}`, identity: { kind: 'email', value: `c${i}@example.com` } },
        message: { body: `hello ${i}` },
      },
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };

  it('gives concurrent writers dense positions, one per event, before they answer', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => newConversation(i)));
    const posts = await Promise.all(
      ids.flatMap((id, i) =>
        [0, 1, 2].map((n) =>
          kefu.app.inject({
            method: 'POST',
            url: `/api/v1/conversations/${id}/messages`,
            payload: { body: `reply ${i}.${n}`, visibility: n === 1 ? 'internal' : 'public' },
            ...as(owner),
          }),
        ),
      ),
    );
    expect(posts.map((p) => p.statusCode)).toEqual(posts.map(() => 201));
    // Every answer came after its event was positioned: nothing is left without a position.
    expect(await outbox(owner.workspaceId)).toBe(0);
    const events = await log(owner.workspaceId);
    const positions = events.map((e) => e.position);
    expect(positions).toEqual(positions.map((_, i) => i + 1));
    const posted = new Set(posts.map((p) => p.json<{ id: string }>().id));
    const messageEvents = events.filter((e) => posted.has(e.payload.message?.id ?? ''));
    expect(messageEvents).toHaveLength(posted.size);
    const counter = await sql<{ value: number }>`select value from workspace_counters
      where workspace_id = ${owner.workspaceId} and name = 'event'`.execute(kefu.database.db);
    expect(Number(counter.rows[0]!.value)).toBe(positions.length);
  });

  it('positions events a stopped writer left behind, and two nodes never number one twice', async () => {
    const other = await signUp(kefu.app, 'Other');
    const start = (await log(other.workspaceId)).length;
    // A writer that committed and stopped before positioning: events left in the outbox.
    const repos = new RealtimeEventRepository(kefu.database.db);
    for (let i = 0; i < 40; i++)
      await repos.append([
        {
          workspaceId: other.workspaceId,
          type: 'conversation.updated',
          conversationId: null,
          internal: false,
          payload: { i },
          at: new Date(),
        },
      ]);
    expect(await outbox(other.workspaceId)).toBe(40);
    expect(await log(other.workspaceId)).toHaveLength(start);

    // Two nodes (two positioners on the same database) at the same time.
    const published: RealtimeEvent[] = [];
    const bus = { publish: (event: RealtimeEvent) => void published.push(event) } as EventBus;
    const nodes = [
      new EventPositioner(kefu.database.db, bus),
      new EventPositioner(kefu.database.db, bus),
    ];
    await Promise.all([
      nodes[0]!.sweep(),
      nodes[1]!.settle(other.workspaceId),
      nodes[0]!.settle(other.workspaceId),
    ]);

    expect(await outbox(other.workspaceId)).toBe(0);
    const events = await log(other.workspaceId);
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
    expect(events.slice(start).map((e) => (e.payload as unknown as { i: number }).i)).toEqual(
      range(0, 39),
    );
    // Each event published once, in position order, with its stored payload.
    const mine = published.filter((e) => e.workspaceId === other.workspaceId);
    expect(mine.map((e) => e.position)).toEqual(range(start + 1, start + 40));
    expect(mine.map((e) => (e.payload as unknown as { i: number }).i)).toEqual(range(0, 39));
  });
});

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
