import { describe, expect, it } from 'vitest';
import { RealtimeClient, type SocketLike } from './realtime.ts';
import type { RealtimeEvent, ServerFrame } from './types.ts';

class FakeSocket implements SocketLike {
  readyState = 1;
  sent: unknown[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  receive(frame: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const event = (position: number): RealtimeEvent => ({
  position,
  type: 'message.created',
  workspaceId: 'w',
  conversationId: 'c',
  internal: false,
  payload: {} as RealtimeEvent['payload'],
  createdAt: '2026-01-01T00:00:00.000Z',
});

function setup() {
  const sockets: FakeSocket[] = [];
  // Fake timers: pending callbacks by handle; a cleared one never runs.
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let nextHandle = 1;
  const client = new RealtimeClient({
    url: 'ws://test/api/v1/realtime',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    setTimeout: (callback, ms) => {
      const handle = nextHandle++;
      timers.set(handle, { callback, ms });
      return handle;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    random: () => 0.5,
  });
  const seen: number[] = [];
  client.onEvent((e) => seen.push(e.position));
  /** Runs the one pending timer of this delay range (the reconnect backoff is under 15 s). */
  const runReconnect = () => {
    const entry = [...timers.entries()].find(([, timer]) => timer.ms < 15_000);
    if (!entry) throw new Error('no reconnect scheduled');
    timers.delete(entry[0]);
    entry[1].callback();
  };
  return { client, sockets, timers, seen, runReconnect };
}

describe('RealtimeClient', () => {
  it('subscribes without since first, then resumes with since after a drop', () => {
    const { client, sockets, seen, runReconnect } = setup();
    const resyncs: string[] = [];
    client.onResync((reason) => resyncs.push(reason));
    client.start();
    const first = sockets[0]!;
    first.receive({ type: 'ready', userId: 'u', workspaceId: 'w' });
    expect(first.sent).toEqual([{ type: 'subscribe', topic: 'workspace' }]);
    first.receive({ type: 'subscribed', topic: 'workspace', id: 'w', position: 10 });
    first.receive({ type: 'event', event: event(11) });
    expect(client.status).toBe('live');

    first.close(1006);
    expect(client.status).toBe('reconnecting');
    runReconnect();
    const second = sockets[1]!;
    second.receive({ type: 'ready', userId: 'u', workspaceId: 'w' });
    expect(second.sent).toEqual([{ type: 'subscribe', topic: 'workspace', since: 11 }]);
    second.receive({ type: 'subscribed', topic: 'workspace', id: 'w', position: 13 });
    // The replay overlaps what was already delivered: 11 must not arrive twice.
    for (const position of [11, 12, 13]) second.receive({ type: 'event', event: event(position) });
    expect(seen).toEqual([11, 12, 13]);
    expect(resyncs).toEqual(['reconnected']);
  });

  it('stops for good when the session has ended', () => {
    const { client, sockets, timers } = setup();
    client.start();
    sockets[0]!.close(4401);
    expect(client.status).toBe('unauthenticated');
    expect(timers.size).toBe(0);
  });

  it('starts over from now when the server refuses its position', () => {
    const { client, sockets } = setup();
    const resyncs: string[] = [];
    client.onResync((reason) => resyncs.push(reason));
    client.position = 99;
    client.start();
    const socket = sockets[0]!;
    socket.receive({ type: 'ready', userId: 'u', workspaceId: 'w' });
    socket.receive({
      type: 'error',
      code: 'validation_failed',
      message: 'ahead',
      field: 'since',
      topic: 'workspace',
    });
    expect(socket.sent.at(-1)).toEqual({ type: 'subscribe', topic: 'workspace' });
    expect(resyncs).toEqual(['reset']);
  });
});
