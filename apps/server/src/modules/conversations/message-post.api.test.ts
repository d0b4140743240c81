import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { createRepositories } from '../../repositories/index.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';

// Posting takes a one-statement path when nothing but times change and a transaction otherwise;
// these tests hold the two paths to the same result, also when they race.
describe.each(databaseKinds)('posting messages on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app);
  });
  afterAll(() => kefu.close());

  const newConversation = async () => {
    const response = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: {
        channel: 'chat',
        customer: { name: 'Lin', identity: { kind: 'email', value: 'lin@example.com' } },
        message: { body: '你好' },
      },
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const post = (id: string, payload: Record<string, unknown>) =>
    kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      payload,
      ...as(owner),
    });
  const setStatus = (id: string, status: string) =>
    kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${id}`,
      payload: { status },
      ...as(owner),
    });
  const events = async () =>
    (
      await sql<{ position: number; type: string; payload: { message?: { id: string } } }>`
        select position, type, payload from realtime_events
        where workspace_id = ${owner.workspaceId} order by position`.execute(kefu.database.db)
    ).rows.map((r) => ({ ...r, position: Number(r.position) }));

  it('a conversation outside the guard (status, channel, workspace) writes nothing at all', async () => {
    const id = await newConversation();
    const before = await events();
    const repos = createRepositories(kefu.database.db);
    const at = new Date();
    const attempt = (
      guard: { statuses: string[]; excludeChannel: string | null },
      workspaceId = owner.workspaceId,
    ) =>
      repos.messages.insertPlainReply(
        {
          id: crypto.randomUUID(),
          workspaceId,
          conversationId: id,
          authorType: 'agent',
          authorId: owner.userId,
          visibility: 'public',
          body: 'stale',
          html: null,
          searchTokens: 'stale',
          at,
          isPublic: true,
          ...guard,
        },
        { type: 'message.created', internal: false, payload: {}, at },
      );
    // The conversation is new: a guard for other statuses, its own channel excluded, or another
    // workspace's id all leave it alone.
    expect(await attempt({ statuses: ['open', 'pending'], excludeChannel: null })).toBe(false);
    expect(await attempt({ statuses: ['new'], excludeChannel: 'chat' })).toBe(false);
    expect(await attempt({ statuses: ['new'], excludeChannel: null }, crypto.randomUUID())).toBe(
      false,
    );
    const messages = await sql<{ n: number }>`
      select count(*)::int as n from messages where conversation_id = ${id}`.execute(
      kefu.database.db,
    );
    expect(messages.rows[0]!.n).toBe(1);
    expect(await events()).toEqual(before);
    // … and the same statement with a guard it meets writes the message and its event.
    expect(await attempt({ statuses: ['new'], excludeChannel: 'email' })).toBe(true);
  });

  it('keeps statuses, times and events the same as the transactional path', async () => {
    const id = await newConversation();
    expect((await post(id, { body: 'first reply' })).statusCode).toBe(201); // new → open
    const note = await post(id, { body: 'internal', visibility: 'internal' });
    expect(note.statusCode).toBe(201);
    const reply = await post(id, { body: 'second reply' });
    expect(reply.statusCode).toBe(201);
    const conversation = (
      await kefu.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, ...as(owner) })
    ).json<{ status: string; lastMessageAt: string; updatedAt: string }>();
    expect(conversation.status).toBe('open');
    expect(conversation.lastMessageAt).toBe(reply.json<{ createdAt: string }>().createdAt);
    expect(conversation.updatedAt).toBe(reply.json<{ createdAt: string }>().createdAt);

    const mine = (await events()).filter((e) => e.type === 'message.created');
    const ids = mine.map((e) => e.payload.message?.id);
    expect(ids).toContain(note.json<{ id: string }>().id);
    expect(ids).toContain(reply.json<{ id: string }>().id);
    expect(mine.at(-1)!.payload.message).toEqual(reply.json());
  });

  it('under concurrent replies and status changes, every message lands once with one event', async () => {
    const id = await newConversation();
    const writes = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => post(id, { body: `reply ${i}` })),
      setStatus(id, 'pending'),
      setStatus(id, 'solved'),
      setStatus(id, 'open'),
    ]);
    expect(writes.map((w) => w.statusCode).filter((s) => s >= 300)).toEqual([]);
    const messages = await sql<{ id: string }>`
      select id from messages where conversation_id = ${id}`.execute(kefu.database.db);
    expect(messages.rows).toHaveLength(31);
    const all = await events();
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    const created = all
      .filter((e) => e.type === 'message.created')
      .map((e) => e.payload.message?.id);
    for (const row of messages.rows) expect(created.filter((m) => m === row.id)).toHaveLength(1);
  });

  it('refuses replies to closed and merged conversations on the fast path too', async () => {
    const id = await newConversation();
    expect((await setStatus(id, 'closed')).statusCode).toBe(200);
    const response = await post(id, { body: 'too late' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
  });
});
