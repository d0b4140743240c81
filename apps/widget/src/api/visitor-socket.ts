/**
 * The visitor's WebSocket (`/api/v1/widget/realtime`). It authenticates with the first frame,
 * remembers the highest event position it has seen and resumes from it after any drop, so the
 * server replays exactly what was missed; the chat state drops anything seen twice by id.
 */
import type { VisitorClientFrame, VisitorServerFrame } from '@kefu/contracts';
import type { ConnectionState } from '../state/chat-state.ts';

export interface VisitorSocketOptions {
  url: string;
  token: () => string | null;
  onFrame: (frame: VisitorServerFrame) => void;
  /**
   * The socket is live. `resumed` is false when it connected without `since` (first connect,
   * or a new visitor): the caller should then load the history, which the socket did not replay.
   */
  onReady: (resumed: boolean) => void;
  onState: (state: ConnectionState) => void;
  /** The token was refused (4401): the caller should renew the session and call start again. */
  onUnauthenticated: () => void;
  createSocket?: (url: string) => WebSocket;
  /** Backoff before reconnect attempt `n` (0-based), in ms. */
  backoff?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) =>
  Math.min(30_000, 1000 * 2 ** attempt) * (0.75 + Math.random() * 0.5);

// WebSocket.OPEN, spelled out so the class also runs where WebSocket is not a global (tests).
const openState = 1;
const pingEveryMs = 25_000;
const pongWithinMs = 10_000;

export class VisitorSocket {
  private socket: WebSocket | null = null;
  private position: number | null = null;
  private attempt = 0;
  private stopped = true;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: VisitorSocketOptions) {}

  /** The highest position seen, sent as `since` on the next connect. */
  get lastPosition(): number | null {
    return this.position;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.clearKeepAlive();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    this.options.onState('idle');
  }

  /** Forgets the position: the next connection is a fresh start (a new visitor). */
  resetPosition() {
    this.position = null;
  }

  /** Reconnects now instead of waiting for the backoff (the browser came back online). */
  retryNow() {
    if (this.stopped || this.socket) return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  send(frame: VisitorClientFrame): boolean {
    if (this.socket?.readyState !== openState) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private connect() {
    const token = this.options.token();
    if (!token) return;
    this.options.onState(
      this.attempt === 0 && this.position === null ? 'connecting' : 'reconnecting',
    );
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url));
    const socket = create(this.options.url);
    this.socket = socket;
    const since = this.position;

    socket.onopen = () => {
      const auth: VisitorClientFrame = { type: 'auth', token };
      if (since !== null) auth.since = since;
      socket.send(JSON.stringify(auth));
    };
    socket.onmessage = (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      let frame: VisitorServerFrame;
      try {
        frame = JSON.parse(event.data) as VisitorServerFrame;
      } catch {
        return;
      }
      if ('position' in frame && typeof frame.position === 'number') {
        this.position = Math.max(this.position ?? 0, frame.position);
      }
      if (frame.type === 'ready') {
        this.attempt = 0;
        this.options.onState('online');
        this.startKeepAlive(socket);
        this.options.onReady(since !== null);
      }
      if (frame.type === 'pong') clearTimeout(this.pongTimer);
      this.options.onFrame(frame);
    };
    socket.onclose = (event: CloseEvent) => this.closed(socket, event.code);
  }

  private closed(socket: WebSocket, code: number) {
    if (this.socket !== socket) return;
    this.socket = null;
    this.clearKeepAlive();
    if (this.stopped) return;
    if (code === 4401) {
      this.stopped = true;
      this.options.onState('idle');
      this.options.onUnauthenticated();
      return;
    }
    if (code === 4403) {
      this.stop();
      return;
    }
    this.options.onState('reconnecting');
    const wait = (this.options.backoff ?? defaultBackoff)(this.attempt++);
    this.retryTimer = setTimeout(() => this.connect(), wait);
  }

  private startKeepAlive(socket: WebSocket) {
    this.clearKeepAlive();
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: 'ping' })) return;
      // A socket that stopped answering is dead even if the browser has not noticed yet.
      this.pongTimer = setTimeout(() => {
        socket.close(4000);
        this.closed(socket, 4000);
      }, pongWithinMs);
    }, pingEveryMs);
  }

  private clearKeepAlive() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}
