import { randomUUID } from 'node:crypto';
import type { RealtimeEvent } from '@kefu/contracts';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnitOfWork } from '../../db/unit-of-work.ts';
import { systemClock } from '../../lib/clock.ts';
import type { Kefu } from '../../server.ts';
import { databaseKinds, freshPostgresUrl } from '../../test/databases.ts';
import {
  type SignedIn,
  as,
  createApiToken,
  signUp,
  startTestKefu,
  startTestNode,
} from '../../test/harness.ts';
import { TestSocket, refusedStatus } from '../../test/ws-client.ts';
import type { EventBus } from './event-bus.ts';
import { RealtimeService } from './realtime.service.ts';

const publicUrl = 'https://kefu.example.com';

/** What every test needs from one running node. */
function helpers(node: () => { kefu: Kefu; url: string }) {
  const inject = (options: InjectOptions) => node().kefu.app.inject(options);
  const connect = async (who: SignedIn, headers: Record<string, string> = {}) => {
    const socket = await TestSocket.open(node().url, { cookie: who.cookie, ...headers });
    expect(await socket.next()).toEqual({
      type: 'ready',
      userId: who.userId,
      workspaceId: who.workspaceId,
    });
    return socket;
  };
  const createConversation = async (who: SignedIn, body = 'hello') => {
    const response = await inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: {
        customer: { identity: { kind: 'email', value: 'customer@example.com' } },
        message: { body },
      },
      ...as(who),
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>();
  };
  const postMessage = async (
    who: SignedIn,
    conversationId: string,
    body: string,
    visibility: 'public' | 'internal' = 'public',
  ) => {
    const response = await inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      payload: { body, visibility },
      ...as(who),
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>();
  };
  /** The event log as the database holds it: the truth the socket must reproduce. */
  const logAfter = (workspaceId: string, position: number) =>
    new RealtimeService({
      uow: createUnitOfWork(node().kefu.database.db, node().kefu.bus, systemClock),
    }).eventsAfter(workspaceId, position, 10_000);
  const isMessage = (id: string) => (event: RealtimeEvent) =>
    event.type === 'message.created' &&
    (event as RealtimeEvent<'message.created'>).payload.message.id === id;
  return { inject, connect, createConversation, postMessage, logAfter, isMessage };
}

const positions = (events: RealtimeEvent[]) => events.map((event) => event.position);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A bus that drops everything: events written through it reach only the log. */
const deafBus: EventBus = {
  publish() {},
  subscribe: () => () => {},
  signal() {},
  onSignal: () => () => {},
  close: async () => {},
};

describe.each(databaseKinds)('realtime gateway on %s', (kind) => {
  let kefu: Kefu;
  let url: string;
  let port: number;
  const h = helpers(() => ({ kefu, url }));

  beforeAll(async () => {
    kefu = await startTestKefu(kind, { PUBLIC_URL: publicUrl });
    const address = await kefu.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(address).port);
    url = `ws://127.0.0.1:${port}/api/v1/realtime`;
  });
  afterAll(() => kefu.close());

  it('sends ready, then message.created live after a POST', async () => {
    const owner = await signUp(kefu.app);
    const socket = await h.connect(owner);
    const subscribed = await socket.subscribe({ topic: 'workspace' });
    expect(subscribed).toEqual({
      type: 'subscribed',
      topic: 'workspace',
      id: owner.workspaceId,
      position: 0,
    });
    const conversation = await h.createConversation(owner);
    const message = await h.postMessage(owner, conversation.id, 'live hello');
    const events = await socket.eventsUntil(h.isMessage(message.id));
    expect(events.map((e) => e.type)).toEqual([
      'conversation.created',
      'message.created',
      'message.created',
    ]);
    expect(positions(events)).toEqual([1, 2, 3]);
    expect(events[2]).toMatchObject({
      workspaceId: owner.workspaceId,
      conversationId: conversation.id,
      internal: false,
      payload: { message: { id: message.id, body: 'live hello' } },
    });
    expect(events).toEqual((await h.logAfter(owner.workspaceId, 0)).slice(0, 3));
    await socket.close();
  });

  it('replays exactly the missed events after a reconnect, in order, then goes live', async () => {
    const owner = await signUp(kefu.app);
    const conversation = await h.createConversation(owner);
    const first = await h.connect(owner);
    const start = await first.subscribe({ topic: 'workspace' });
    await h.postMessage(owner, conversation.id, 'seen before the drop');
    const seen = await first.eventsUntil((e) => e.type === 'conversation.updated');
    expect(positions(seen)).toEqual(range(start.position + 1, start.position + 2));
    const last = seen.at(-1)!.position;
    await first.close();

    // While the client is away: replies, a note, a status change.
    const away = [
      await h.postMessage(owner, conversation.id, 'one'),
      await h.postMessage(owner, conversation.id, 'two'),
      await h.postMessage(owner, conversation.id, 'a note', 'internal'),
    ];
    const patch = await h.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${conversation.id}`,
      payload: { status: 'pending', priority: 'high' },
      ...as(owner),
    });
    expect(patch.statusCode).toBe(200);
    const missed = await h.logAfter(owner.workspaceId, last);
    expect(missed.map((e) => e.type)).toEqual([
      'message.created',
      'message.created',
      'message.created',
      'conversation.updated',
    ]);

    const second = await h.connect(owner);
    const resumed = await second.subscribe({ topic: 'workspace', since: last });
    expect(resumed.position).toBe(missed.at(-1)!.position);
    const replayed = await second.eventsUntil((e) => e.position === resumed.position);
    expect(replayed).toEqual(missed);
    expect(
      replayed
        .filter((e) => e.type === 'message.created')
        .map((e) => (e as RealtimeEvent<'message.created'>).payload.message.id),
    ).toEqual(away.map((m) => m.id));
    expect(replayed[2]!.internal).toBe(true); // agents get notes

    const live = await h.postMessage(owner, conversation.id, 'after the reconnect');
    const after = await second.eventsUntil(h.isMessage(live.id));
    expect(positions(after)).toEqual([resumed.position + 1]);
    await second.close();
  });

  it('delivers concurrent writes in position order, once each, also to a client resuming mid-way', async () => {
    const owner = await signUp(kefu.app);
    const conversation = await h.createConversation(owner);
    const steady = await h.connect(owner);
    const start = await steady.subscribe({ topic: 'workspace' });

    const writes = Promise.all(
      Array.from({ length: 20 }, (_, i) => h.postMessage(owner, conversation.id, `burst ${i}`)),
    );
    // Resumes from the start while the burst is being written and published.
    const resuming = await h.connect(owner);
    await resuming.subscribe({ topic: 'workspace', since: start.position });
    await writes;
    const sentinel = await h.postMessage(owner, conversation.id, 'sentinel');

    const log = await h.logAfter(owner.workspaceId, start.position);
    const end = log.find(h.isMessage(sentinel.id))!.position;
    const expected = log.filter((e) => e.position <= end);
    expect(expected.filter((e) => e.type === 'message.created')).toHaveLength(21);
    for (const socket of [steady, resuming]) {
      const events = await socket.eventsUntil(h.isMessage(sentinel.id));
      expect(positions(events)).toEqual(range(start.position + 1, end));
      expect(events).toEqual(expected);
      await socket.close();
    }
  });

  it('reads from the log an event the bus never delivered, before the next one', async () => {
    const owner = await signUp(kefu.app);
    const conversation = await h.createConversation(owner);
    const socket = await h.connect(owner);
    const start = await socket.subscribe({ topic: 'workspace' });
    const silent = createUnitOfWork(kefu.database.db, deafBus, systemClock);
    await silent.transaction((scope) =>
      scope.emit({
        type: 'assignment.changed',
        workspaceId: owner.workspaceId,
        conversationId: conversation.id,
        internal: true,
        payload: {
          conversationId: conversation.id,
          assigneeId: owner.userId,
          previousAssigneeId: null,
          teamId: null,
        },
      }),
    );
    const message = await h.postMessage(owner, conversation.id, 'after the lost one');
    const events = await socket.eventsUntil(h.isMessage(message.id));
    expect(events.map((e) => [e.position, e.type])).toEqual([
      [start.position + 1, 'assignment.changed'],
      [start.position + 2, 'message.created'],
    ]);
    await socket.close();
  });

  it('gives a conversation subscription only that conversation, and unsubscribe stops it', async () => {
    const owner = await signUp(kefu.app);
    const one = await h.createConversation(owner, 'one');
    const two = await h.createConversation(owner, 'two');
    const socket = await h.connect(owner);
    expect(await socket.subscribe({ topic: 'conversation', id: one.id })).toMatchObject({
      topic: 'conversation',
      id: one.id,
    });
    await h.postMessage(owner, two.id, 'not for this subscription');
    const inOne = await h.postMessage(owner, one.id, 'for this subscription');
    const events = await socket.eventsUntil(h.isMessage(inOne.id));
    expect(events).toHaveLength(1);

    socket.send({ type: 'unsubscribe', topic: 'conversation', id: one.id });
    expect(await socket.until((f) => f.type === 'unsubscribed')).toContainEqual({
      type: 'unsubscribed',
      topic: 'conversation',
      id: one.id,
    });
    await socket.subscribe({ topic: 'conversation', id: two.id });
    await h.postMessage(owner, one.id, 'no longer followed');
    const inTwo = await h.postMessage(owner, two.id, 'followed now');
    const later = await socket.eventsUntil(h.isMessage(inTwo.id));
    expect(later.every((e) => e.conversationId === two.id)).toBe(true);
    expect(later.map((e) => e.type)).toEqual(['message.created']);
    await socket.close();
  });

  it('catches up a later subscription from its since, without repeating what was sent', async () => {
    const owner = await signUp(kefu.app);
    const one = await h.createConversation(owner, 'one');
    const two = await h.createConversation(owner, 'two');
    const socket = await h.connect(owner);
    const first = await socket.subscribe({ topic: 'conversation', id: one.id });
    await h.postMessage(owner, one.id, 'one a');
    await h.postMessage(owner, two.id, 'two a');
    const last = await h.postMessage(owner, one.id, 'one b');
    const inOne = await socket.eventsUntil(h.isMessage(last.id));
    const log = await h.logAfter(owner.workspaceId, first.position);
    expect(inOne).toEqual(log.filter((e) => e.conversationId === one.id));

    // The whole workspace from the same starting point: only what the connection has not sent.
    const workspace = await socket.subscribe({ topic: 'workspace', since: first.position });
    expect(workspace.position).toBe(log.at(-1)!.position);
    const missing = log.filter((e) => e.conversationId !== one.id);
    expect(missing.length).toBeGreaterThan(0);
    const caughtUp = await socket.eventsUntil((e) => e.position === missing.at(-1)!.position);
    expect(caughtUp).toEqual(missing);

    // Live events that both subscriptions match arrive once.
    const live = await h.postMessage(owner, one.id, 'one c');
    expect(positions(await socket.eventsUntil(h.isMessage(live.id)))).toEqual([
      workspace.position + 1,
    ]);
    await socket.close();
  });

  it('never lets workspace B follow workspace A', async () => {
    const a = await signUp(kefu.app, 'TenantA');
    const b = await signUp(kefu.app, 'TenantB');
    const ofA = await h.createConversation(a);
    const socket = await h.connect(b);

    socket.send({ type: 'subscribe', topic: 'conversation', id: ofA.id, since: 0 });
    const foreign = await socket.next();
    socket.send({ type: 'subscribe', topic: 'conversation', id: randomUUID() });
    const missing = await socket.next();
    expect(foreign).toEqual({
      type: 'error',
      code: 'not_found',
      message: 'Conversation not found',
      topic: 'conversation',
      id: ofA.id,
    });
    expect(missing).toMatchObject({
      type: 'error',
      code: 'not_found',
      message: foreign.type === 'error' ? foreign.message : '',
    });
    socket.send({ type: 'subscribe', topic: 'workspace', id: a.workspaceId });
    expect(await socket.next()).toMatchObject({
      type: 'error',
      code: 'not_found',
      topic: 'workspace',
    });

    // An API token of B is no different.
    const tokenOfB = await createApiToken(kefu, b.workspaceId, ['conversations:read']);
    const server = await TestSocket.open(url, { authorization: `Bearer ${tokenOfB}` });
    expect(await server.next()).toMatchObject({ type: 'ready', workspaceId: b.workspaceId });
    server.send({ type: 'subscribe', topic: 'conversation', id: ofA.id });
    expect(await server.next()).toMatchObject({ type: 'error', code: 'not_found' });
    await server.subscribe({ topic: 'workspace' });

    await socket.subscribe({ topic: 'workspace' });
    await h.postMessage(a, ofA.id, 'secret of A');
    await h.postMessage(a, ofA.id, 'internal of A', 'internal');
    const ofB = await h.createConversation(b, 'sentinel of B');
    for (const client of [socket, server]) {
      const events = await client.eventsUntil((e) => e.conversationId === ofB.id);
      expect(events.every((e) => e.workspaceId === b.workspaceId)).toBe(true);
      const delivered = JSON.stringify(client.frames.filter((f) => f.type === 'event'));
      expect(delivered).not.toContain(ofA.id);
      expect(delivered).not.toContain(a.workspaceId);
      await client.close();
    }
  });

  it('refuses connections without valid credentials with 4401, and tokens without the scope with 4403', async () => {
    const owner = await signUp(kefu.app);
    const refused: Record<string, string>[] = [
      {},
      { cookie: 'kefu_session=not-a-session' },
      { authorization: 'Bearer kefu_not-a-token' },
      { authorization: 'Basic b3duZXI6cGFzcw==' },
    ];
    for (const headers of refused) {
      const socket = await TestSocket.open(url, headers);
      expect(await socket.next()).toMatchObject({ type: 'error', code: 'unauthenticated' });
      expect((await socket.closed).code).toBe(4401);
      expect(socket.frames).toHaveLength(1);
    }

    const reader = await createApiToken(kefu, owner.workspaceId, ['conversations:read']);
    const server = await TestSocket.open(url, { authorization: `Bearer ${reader}` });
    expect(await server.next()).toEqual({
      type: 'ready',
      userId: null,
      workspaceId: owner.workspaceId,
    });
    await server.subscribe({ topic: 'workspace' });
    await server.close();

    const customersOnly = await createApiToken(kefu, owner.workspaceId, ['customers:read']);
    const narrow = await TestSocket.open(url, { authorization: `Bearer ${customersOnly}` });
    expect(await narrow.next()).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await narrow.closed).code).toBe(4403);
  });

  it('checks the session again on every subscribe', async () => {
    const owner = await signUp(kefu.app);
    const socket = await h.connect(owner);
    await socket.subscribe({ topic: 'workspace' });
    const logout = await h.inject({ method: 'POST', url: '/api/v1/auth/logout', ...as(owner) });
    expect(logout.statusCode).toBeLessThan(300);
    socket.send({ type: 'subscribe', topic: 'workspace' });
    expect(await socket.next()).toMatchObject({ type: 'error', code: 'unauthenticated' });
    expect((await socket.closed).code).toBe(4401);
  });

  it('refuses cross-site upgrades with a session cookie before the upgrade', async () => {
    const owner = await signUp(kefu.app);
    const cookie = { cookie: owner.cookie };
    expect(await refusedStatus(url, { ...cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await refusedStatus(url, { ...cookie, origin: 'null' })).toBe(403);
    expect(
      await refusedStatus(url, { ...cookie, origin: `http://127.0.0.1:${port}.evil.example` }),
    ).toBe(403);
    // Same host as the request, and PUBLIC_URL's host, are fine.
    for (const origin of [`http://127.0.0.1:${port}`, publicUrl]) {
      const socket = await h.connect(owner, { origin });
      await socket.close();
    }
    // A bearer token is not sent by browsers on their own, so the origin does not matter.
    const token = await createApiToken(kefu, owner.workspaceId, ['conversations:read']);
    const server = await TestSocket.open(url, {
      authorization: `Bearer ${token}`,
      origin: 'https://evil.example',
    });
    expect(await server.next()).toMatchObject({ type: 'ready' });
    await server.close();
  });

  it('answers bad frames with an error frame and keeps the connection', async () => {
    const owner = await signUp(kefu.app);
    const socket = await h.connect(owner);
    const bad: [unknown, string | undefined][] = [
      ['{not json', undefined],
      [{ type: 'dance' }, 'type'],
      [{ type: 'subscribe', topic: 'workspace', extra: true }, undefined],
      [{ type: 'subscribe', topic: 'everything' }, 'topic'],
      [{ type: 'subscribe', topic: 'workspace', id: 'not-a-uuid' }, 'id'],
      [{ type: 'subscribe', topic: 'workspace', since: -1 }, 'since'],
      [{ type: 'subscribe', topic: 'conversation' }, 'id'],
      [{ type: 'subscribe', topic: 'workspace', since: 1_000_000 }, 'since'],
    ];
    for (const [frame, field] of bad) {
      socket.send(frame);
      const reply = await socket.next();
      expect(reply, JSON.stringify(frame)).toMatchObject({
        type: 'error',
        code: 'validation_failed',
      });
      if (field) expect(reply, JSON.stringify(frame)).toMatchObject({ field });
    }
    socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await socket.next()).toMatchObject({ type: 'error', code: 'validation_failed' });
    socket.send({ type: 'ping' });
    expect(await socket.next()).toEqual({ type: 'pong' });

    socket.send({ type: 'ping', padding: 'x'.repeat(70 * 1024) });
    expect((await socket.closed).code).toBe(1009);

    const plain = await h.inject({ method: 'GET', url: '/api/v1/realtime', ...as(owner) });
    expect(plain.statusCode).toBe(426);
  });

  if (kind === 'postgres') {
    it('carries events between two nodes on one database through Redis', async () => {
      const databaseUrl = await freshPostgresUrl();
      const env = { REDIS_URL: 'redis://127.0.0.1:6379' };
      const redisChannel = `kefu:test:${randomUUID()}`;
      const one = await startTestNode(databaseUrl, env, { redisChannel });
      const two = await startTestNode(databaseUrl, env, { redisChannel });
      try {
        const urls = await Promise.all(
          [one, two].map(async (node) => {
            const address = await node.app.listen({ port: 0, host: '127.0.0.1' });
            return `${address.replace(/^http/, 'ws')}/api/v1/realtime`;
          }),
        );
        const on = (node: Kefu, socketUrl: string) =>
          helpers(() => ({ kefu: node, url: socketUrl }));
        const viaOne = on(one, urls[0]!);
        const viaTwo = on(two, urls[1]!);
        const owner = await signUp(one.app, 'Cluster');
        // What each node's bus hands its gateway: every event once, whichever node wrote it.
        const busOf = new Map<Kefu, number[]>([
          [one, []],
          [two, []],
        ]);
        for (const [node, seen] of busOf) {
          node.bus.subscribe((event) => {
            if (event.workspaceId === owner.workspaceId) seen.push(event.position);
          });
        }
        const conversation = await viaOne.createConversation(owner);
        const onTwo = await viaTwo.connect(owner);
        const onOne = await viaOne.connect(owner);
        const start = await onTwo.subscribe({ topic: 'workspace' });
        expect(await onOne.subscribe({ topic: 'workspace' })).toMatchObject({
          position: start.position,
        });

        // Each message is awaited on the other node before the next is posted, so only Redis
        // can have carried it there (no later local event reveals a gap).
        const first = await viaOne.postMessage(owner, conversation.id, 'posted on node one');
        const onTwoFirst = await onTwo.eventsUntil(viaOne.isMessage(first.id));
        const second = await viaTwo.postMessage(owner, conversation.id, 'posted on node two');
        const onOneUntilSecond = await onOne.eventsUntil(viaOne.isMessage(second.id));
        const third = await viaOne.postMessage(owner, conversation.id, 'node one again');
        const onTwoRest = await onTwo.eventsUntil(viaOne.isMessage(third.id));
        const onOneRest = await onOne.eventsUntil(viaOne.isMessage(third.id));

        const log = await viaOne.logAfter(owner.workspaceId, start.position);
        const end = log.find(viaOne.isMessage(third.id))!.position;
        const expected = log.filter((e) => e.position <= end);
        expect([...onTwoFirst, ...onTwoRest]).toEqual(expected);
        expect([...onOneUntilSecond, ...onOneRest]).toEqual(expected);
        expect(busOf.get(one)).toEqual(range(1, end));
        expect(busOf.get(two)).toEqual(range(1, end));
        await onOne.close();
        await onTwo.close();
      } finally {
        await one.close();
        await two.close();
      }
    });
  }
});

describe.each(databaseKinds)('realtime gateway checks on a timer on %s', (kind) => {
  let kefu: Kefu;
  let url: string;
  const h = helpers(() => ({ kefu, url }));

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { realtimeRevalidateMs: 50 });
    const address = await kefu.app.listen({ port: 0, host: '127.0.0.1' });
    url = `${address.replace(/^http/, 'ws')}/api/v1/realtime`;
  });
  afterAll(() => kefu.close());

  it('closes the socket with 4401 soon after the session is revoked', async () => {
    const owner = await signUp(kefu.app);
    const socket = await h.connect(owner);
    await socket.subscribe({ topic: 'workspace' });
    await h.inject({ method: 'POST', url: '/api/v1/auth/logout', ...as(owner) });
    expect((await socket.closed).code).toBe(4401);
    expect(socket.frames.at(-1)).toMatchObject({ type: 'error', code: 'unauthenticated' });
  });

  it('delivers an event whose bus message was lost, with no later event to reveal the gap', async () => {
    const owner = await signUp(kefu.app);
    const conversation = await h.createConversation(owner);
    const socket = await h.connect(owner);
    const start = await socket.subscribe({ topic: 'conversation', id: conversation.id });
    await createUnitOfWork(kefu.database.db, deafBus, systemClock).transaction((scope) =>
      scope.emit({
        type: 'assignment.changed',
        workspaceId: owner.workspaceId,
        conversationId: conversation.id,
        internal: true,
        payload: {
          conversationId: conversation.id,
          assigneeId: null,
          previousAssigneeId: null,
          teamId: null,
        },
      }),
    );
    const events = await socket.eventsUntil((e) => e.type === 'assignment.changed');
    expect(positions(events)).toEqual([start.position + 1]);
    await socket.close();
  });
});
