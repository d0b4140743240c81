import type { ClientFrame, RealtimeEvent, ServerFrame } from './types.ts';

/** What the app shows about the live connection. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'unauthenticated';

/** The part of the browser's WebSocket this client uses (a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface RealtimeOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Timers are injectable so tests control time. */
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
  pingEveryMs?: number;
}

/** Why listeners should refetch: after a reconnect, or when replay was impossible. */
export type ResyncReason = 'reconnected' | 'reset';

const OPEN = 1;
const unauthenticatedCode = 4401;
const forbiddenCode = 4403;

/**
 * One WebSocket to /api/v1/realtime for the whole app. It subscribes to the workspace, keeps
 * the last event position it saw and, after any drop, reconnects with backoff and subscribes
 * with `since` so the server replays what was missed. Events at or below the last position are
 * dropped, so nothing arrives twice.
 */
export class RealtimeClient {
  position: number | null = null;
  status: ConnectionStatus = 'connecting';
  private socket: SocketLike | null = null;
  private attempts = 0;
  private stopped = true;
  private hasConnected = false;
  private reconnectTimer: unknown = null;
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;
  private readonly eventListeners = new Set<(event: RealtimeEvent) => void>();
  private readonly frameListeners = new Set<(frame: ServerFrame) => void>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly resyncListeners = new Set<(reason: ResyncReason) => void>();
  private readonly set: (callback: () => void, ms: number) => unknown;
  private readonly clear: (handle: unknown) => void;

  constructor(private readonly options: RealtimeOptions) {
    this.set = options.setTimeout ?? ((callback, ms) => window.setTimeout(callback, ms));
    this.clear = options.clearTimeout ?? ((handle) => window.clearTimeout(handle as number));
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'Signed out');
  }

  /** Reconnect now if the connection is down (the browser came back online). */
  wake() {
    if (this.stopped || this.socket) return;
    if (this.reconnectTimer !== null) this.clear(this.reconnectTimer);
    this.reconnectTimer = null;
    this.connect();
  }

  /** Sends a frame if connected; returns whether it went out. */
  send(frame: ClientFrame | Record<string, unknown>): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  onEvent(listener: (event: RealtimeEvent) => void) {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  /** Every server frame, for features with their own frames (presence signals). */
  onFrame(listener: (frame: ServerFrame) => void) {
    this.frameListeners.add(listener);
    return () => void this.frameListeners.delete(listener);
  }

  onStatus(listener: (status: ConnectionStatus) => void) {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  onResync(listener: (reason: ResyncReason) => void) {
    this.resyncListeners.add(listener);
    return () => void this.resyncListeners.delete(listener);
  }

  private setStatus(status: ConnectionStatus) {
    if (this.status === status) return;
    this.status = status;
    this.statusListeners.forEach((listener) => listener(status));
  }

  private connect() {
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url) as SocketLike);
    const socket = create(this.options.url);
    this.socket = socket;
    socket.onmessage = (message) => {
      if (this.socket !== socket || typeof message.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(message.data) as ServerFrame;
      } catch {
        return;
      }
      this.handle(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (event.code === unauthenticatedCode || event.code === forbiddenCode) {
        this.stopped = true;
        this.setStatus('unauthenticated');
        return;
      }
      if (!this.stopped) this.scheduleReconnect();
    };
    socket.onerror = () => undefined;
  }

  private handle(frame: ServerFrame) {
    this.notePong();
    switch (frame.type) {
      case 'ready':
        this.subscribe();
        break;
      case 'subscribed':
        if (frame.topic !== 'workspace') break;
        this.attempts = 0;
        if (this.position === null || this.position > frame.position) {
          this.position = frame.position;
        }
        this.setStatus('live');
        if (this.hasConnected) this.resyncListeners.forEach((listener) => listener('reconnected'));
        this.hasConnected = true;
        this.schedulePing();
        break;
      case 'event':
        if (this.position !== null && frame.event.position <= this.position) break;
        this.position = frame.event.position;
        this.eventListeners.forEach((listener) => listener(frame.event));
        break;
      case 'error':
        // The server no longer has our position (a restored database): start over from now.
        if (frame.field === 'since' && frame.topic === 'workspace') {
          this.position = null;
          this.subscribe();
          this.resyncListeners.forEach((listener) => listener('reset'));
        }
        break;
      case 'pong':
      case 'unsubscribed':
      case 'presence':
      case 'read':
        // Presence and read frames go to frame listeners below.
        break;
    }
    this.frameListeners.forEach((listener) => listener(frame));
  }

  private subscribe() {
    const frame: ClientFrame =
      this.position === null
        ? { type: 'subscribe', topic: 'workspace' }
        : { type: 'subscribe', topic: 'workspace', since: this.position };
    this.send(frame);
  }

  private scheduleReconnect() {
    this.setStatus(this.hasConnected ? 'reconnecting' : 'connecting');
    const base = Math.min(15_000, 500 * 2 ** this.attempts);
    const delay = base / 2 + (this.options.random ?? Math.random)() * (base / 2);
    this.attempts += 1;
    this.reconnectTimer = this.set(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  /** A ping every so often; no answer in 10 s means the connection is dead, so reconnect. */
  private schedulePing() {
    if (this.pingTimer !== null) this.clear(this.pingTimer);
    this.pingTimer = this.set(() => {
      this.pingTimer = null;
      if (!this.send({ type: 'ping' })) return;
      this.pongTimer = this.set(() => {
        this.pongTimer = null;
        const socket = this.socket;
        this.socket = null;
        socket?.close(4000, 'No pong');
        if (!this.stopped) this.scheduleReconnect();
      }, 10_000);
    }, this.options.pingEveryMs ?? 25_000);
  }

  private notePong() {
    if (this.pongTimer !== null) {
      this.clear(this.pongTimer);
      this.pongTimer = null;
    }
    if (this.status === 'live' && this.pingTimer === null) this.schedulePing();
  }

  private clearTimers() {
    for (const timer of [this.pingTimer, this.pongTimer, this.reconnectTimer])
      if (timer !== null) this.clear(timer);
    this.pingTimer = this.pongTimer = this.reconnectTimer = null;
  }
}

/** The socket URL on this page's host (ws: or wss: to match the page). */
export function realtimeUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/realtime`;
}
