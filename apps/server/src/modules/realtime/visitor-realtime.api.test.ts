import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMember } from '../../test/members.ts';
import { TestSocket, refusedStatus } from '../../test/ws-client.ts';
import { widgetHelpers } from '../widget/widget-test-helpers.ts';

type Frame = Record<string, unknown> & { type: string };

/**
 * The visitor socket and presence: a visitor sees only public events of their own
 * conversations, resumes without gaps, and typing and viewing travel between agents and the
 * visitor (internal typing never reaches the visitor).
 */
describe.each(databaseKinds)('visitor realtime on %s', (kind) => {
  let kefu: Kefu;
  let base: string;
  let port: number;
  let owner: SignedIn;
  let key: string;
  const h = widgetHelpers(() => kefu);

  beforeAll(async () => {
    kefu = await startTestKefu(kind, { PUBLIC_URL: 'https://kefu.example.com' });
    const address = await kefu.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(address).port);
    base = `ws://127.0.0.1:${port}`;
    owner = await signUp(kefu.app, 'Live');
    key = (await h.settings(owner)).publicKey;
  });
  afterAll(() => kefu.close());

  const visitorSocket = async (token: string, since?: number) => {
    const socket = await TestSocket.open(`${base}/api/v1/widget/realtime`, {
      origin: `http://127.0.0.1:${port}`,
    });
    socket.send({ type: 'auth', token, ...(since === undefined ? {} : { since }) });
    const ready = (await socket.next()) as unknown as Frame;
    expect(ready.type).toBe('ready');
    return { socket, position: ready.position as number };
  };
  const agentSocket = async (who: SignedIn) => {
    const socket = await TestSocket.open(`${base}/api/v1/realtime`, { cookie: who.cookie });
    expect((await socket.next()).type).toBe('ready');
    return socket;
  };
  const nextOf = async (socket: TestSocket, type: string) =>
    (await socket.until((f) => f.type === type)).at(-1) as unknown as Frame;
  /** The first presence frame whose viewers are exactly these agents. */
  const presenceWith = async (socket: TestSocket, userIds: string[]) =>
    (
      await socket.until(
        (f) =>
          f.type === 'presence' &&
          f.agents
            .map((a) => a.userId)
            .sort()
            .join() === [...userIds].sort().join(),
      )
    ).at(-1) as unknown as Frame;

  it('refuses bad tokens with 4401 and other origins before the upgrade', async () => {
    const socket = await TestSocket.open(`${base}/api/v1/widget/realtime`);
    socket.send({ type: 'auth', token: 'wv_this-token-does-not-exist' });
    expect(await socket.next()).toMatchObject({ type: 'error', code: 'unauthenticated' });
    expect((await socket.closed).code).toBe(4401);
    const early = await TestSocket.open(`${base}/api/v1/widget/realtime`);
    early.send({ type: 'ping' });
    expect(await early.next()).toMatchObject({ type: 'error', code: 'unauthenticated' });
    expect((await early.closed).code).toBe(4401);
    expect(
      await refusedStatus(`${base}/api/v1/widget/realtime`, { origin: 'https://evil.example' }),
    ).toBe(403);
  });

  it('streams public replies but never internal notes, and resumes without gaps', async () => {
    const token = await h.anonymous(key);
    const { conversation } = await h.startChat(token, 'hello from the widget');
    const first = await visitorSocket(token);
    await h.agentPost(owner, conversation.id, 'secret note', 'internal');
    await h.agentPost(owner, conversation.id, 'public reply 1');
    const live = await nextOf(first.socket, 'message');
    expect(live).toMatchObject({
      message: { body: 'public reply 1', author: { type: 'agent' } },
    });
    const seenUpTo = live.position as number;
    await first.socket.close();

    // While disconnected: a note, two replies, and a message in another visitor's chat.
    const other = await h.anonymous(key);
    await h.startChat(other, 'someone else');
    await h.agentPost(owner, conversation.id, 'secret note 2', 'internal');
    await h.agentPost(owner, conversation.id, 'public reply 2');
    await h.agentPost(owner, conversation.id, 'public reply 3');

    const second = await visitorSocket(token, seenUpTo);
    expect(second.position).toBe(seenUpTo);
    const replayed: Frame[] = [];
    while (replayed.length < 2) replayed.push(await nextOf(second.socket, 'message'));
    expect(replayed.map((f) => (f.message as { body: string }).body)).toEqual([
      'public reply 2',
      'public reply 3',
    ]);
    await h.agentPost(owner, conversation.id, 'public reply 4');
    expect(await nextOf(second.socket, 'message')).toMatchObject({
      message: { body: 'public reply 4' },
    });
    second.socket.send({ type: 'ping' });
    const pong = await nextOf(second.socket, 'pong');
    expect(pong.position).toBeGreaterThan(seenUpTo);
    const everything = JSON.stringify([...first.socket.frames, ...second.socket.frames]);
    expect(everything).not.toContain('secret note');
    expect(everything).not.toContain('someone else');
    expect(
      (second.socket.frames as unknown as Frame[]).filter((f) => f.type === 'message'),
    ).toHaveLength(3);
    await second.socket.close();
  });

  it('carries typing both ways, hides note typing from the visitor, and shows viewers', async () => {
    const token = await h.anonymous(key);
    const { conversation } = await h.startChat(token, 'typing test');
    const visitor = await visitorSocket(token);
    const agent = await agentSocket(owner);
    await agent.subscribe({ topic: 'conversation', id: conversation.id });

    visitor.socket.send({ type: 'typing', conversationId: conversation.id, typing: true });
    expect(await nextOf(agent, 'presence')).toMatchObject({
      conversationId: conversation.id,
      visitorTyping: true,
    });

    agent.send({
      type: 'typing',
      conversationId: conversation.id,
      typing: true,
      visibility: 'internal',
    });
    expect(await nextOf(agent, 'presence')).toMatchObject({
      agents: [{ userId: owner.userId, typing: 'internal' }],
    });
    agent.send({ type: 'typing', conversationId: conversation.id, typing: true });
    expect(await nextOf(visitor.socket, 'typing')).toMatchObject({
      conversationId: conversation.id,
      typing: true,
      agent: { name: owner.name },
    });
    agent.send({ type: 'typing', conversationId: conversation.id, typing: false });
    expect(await nextOf(visitor.socket, 'typing')).toMatchObject({ typing: false });
    // Only the public typing reached the visitor: one start, one stop.
    expect(
      (visitor.socket.frames as unknown as Frame[]).filter((f) => f.type === 'typing'),
    ).toHaveLength(2);

    // A second agent opening the conversation sees who is already there, and the first sees
    // the second arrive (collision warning); an agent of another workspace is refused.
    agent.send({ type: 'viewing', conversationId: conversation.id, viewing: true });
    await presenceWith(agent, [owner.userId]);
    const colleague = await addMember(kefu.app, owner);
    const second = await agentSocket(colleague);
    second.send({ type: 'viewing', conversationId: conversation.id, viewing: true });
    expect(await presenceWith(second, [owner.userId, colleague.userId])).toMatchObject({
      conversationId: conversation.id,
    });
    await presenceWith(agent, [owner.userId, colleague.userId]);
    await second.close();
    // Closing the socket announces that the colleague left.
    expect(await presenceWith(agent, [owner.userId])).toMatchObject({
      agents: [{ userId: owner.userId, viewing: true, typing: null }],
    });
    const stranger = await signUp(kefu.app, 'Other');
    const foreign = await agentSocket(stranger);
    foreign.send({ type: 'viewing', conversationId: conversation.id, viewing: true });
    expect(await foreign.next()).toMatchObject({ type: 'error', code: 'not_found' });
    await foreign.close();

    const seen = await h.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/seen`,
      ...as(owner),
    });
    expect(await nextOf(visitor.socket, 'read')).toMatchObject({
      conversationId: conversation.id,
      agentLastReadAt: seen.json().agentLastReadAt,
    });
    await h.asVisitor(token, {
      method: 'POST',
      url: `/api/v1/widget/conversations/${conversation.id}/read`,
    });
    expect(await nextOf(agent, 'read')).toMatchObject({ conversationId: conversation.id });
    await agent.close();
    await visitor.socket.close();
  });

  it('counts agents online from availability and a live socket', async () => {
    const team = await signUp(kefu.app, 'Avail');
    const teamKey = (await h.settings(team)).publicKey;
    const online = async () =>
      (await h.inject({ method: 'GET', url: `/api/v1/widget/config?key=${teamKey}` })).json()
        .agentsOnline as boolean;
    expect(await online()).toBe(false);
    const socket = await agentSocket(team);
    await expect.poll(online).toBe(true);
    const away = await h.inject({
      method: 'PUT',
      url: '/api/v1/me/availability',
      payload: { availability: 'away' },
      ...as(team),
    });
    expect(away.json()).toMatchObject({ availability: 'away', online: false });
    expect(await online()).toBe(false);
    const agents = await h.inject({ method: 'GET', url: '/api/v1/agents', ...as(team) });
    expect(agents.json().items[0]).toMatchObject({ availability: 'away', online: false });
    await h.inject({
      method: 'PUT',
      url: '/api/v1/me/availability',
      payload: { availability: 'online' },
      ...as(team),
    });
    expect(await online()).toBe(true);
    await socket.close();
  });
});
