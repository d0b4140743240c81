import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '../state/chat-state.ts';
import { VisitorSocket } from './visitor-socket.ts';

/** A stand-in for the browser's WebSocket: records what is sent, lets the test play the server. */
class FakeSocket {
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  serverSends(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  serverCloses(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const frames: unknown[] = [];
  const ready: boolean[] = [];
  const onUnauthenticated = vi.fn();
  const socket = new VisitorSocket({
    url: 'ws://kefu.test/api/v1/widget/realtime',
    token: () => 'wv_token_abcdefghijklmnopqrst',
    onFrame: (frame) => frames.push(frame),
    onReady: (resumed) => ready.push(resumed),
    onState: (state) => states.push(state),
    onUnauthenticated,
    createSocket: () => {
      const fake = new FakeSocket();
      sockets.push(fake);
      return fake as unknown as WebSocket;
    },
    backoff: () => 1000,
  });
  return { socket, sockets, states, frames, ready, onUnauthenticated };
}

describe('VisitorSocket', () => {
  it('authenticates first, then resumes from the highest position after a drop', () => {
    vi.useFakeTimers();
    const { socket, sockets, states, ready } = setup();
    socket.start();
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual([{ type: 'auth', token: 'wv_token_abcdefghijklmnopqrst' }]);
    sockets[0]!.serverSends({ type: 'ready', position: 7 });
    sockets[0]!.serverSends({ type: 'message', position: 9, message: {} });
    sockets[0]!.serverSends({
      type: 'typing',
      conversationId: 'c',
      agent: { name: 'a' },
      typing: true,
    });
    sockets[0]!.serverCloses(1006);
    expect(states).toEqual(['connecting', 'online', 'reconnecting']);

    vi.advanceTimersByTime(1000);
    sockets[1]!.open();
    expect(sockets[1]!.sent).toEqual([
      { type: 'auth', token: 'wv_token_abcdefghijklmnopqrst', since: 9 },
    ]);
    sockets[1]!.serverSends({ type: 'ready', position: 9 });
    expect(ready).toEqual([false, true]);
  });

  it('stops and asks for a new session when the token is refused', () => {
    vi.useFakeTimers();
    const { socket, sockets, onUnauthenticated } = setup();
    socket.start();
    sockets[0]!.open();
    sockets[0]!.serverSends({ type: 'error', code: 'unauthenticated', message: 'no' });
    sockets[0]!.serverCloses(4401);
    vi.advanceTimersByTime(60_000);
    expect(onUnauthenticated).toHaveBeenCalledOnce();
    expect(sockets).toHaveLength(1);
  });

  it('treats a socket that stops answering pings as dropped', () => {
    vi.useFakeTimers();
    const { socket, sockets } = setup();
    socket.start();
    sockets[0]!.open();
    sockets[0]!.serverSends({ type: 'ready', position: 1 });
    vi.advanceTimersByTime(25_000);
    expect(sockets[0]!.sent.at(-1)).toEqual({ type: 'ping' });
    vi.advanceTimersByTime(10_000 + 1000);
    expect(sockets).toHaveLength(2);
  });
});
