import type { RealtimeEvent, ServerFrame } from '@kefu/contracts';
import WebSocket from 'ws';

/** How long a test waits for a frame before failing with what it did receive. */
const defaultWaitMs = 10_000;

/**
 * A real WebSocket client for gateway tests. Frames are recorded in order; `until` consumes them
 * up to the first one a predicate accepts, so tests can assert exact sequences.
 */
export class TestSocket {
  readonly frames: ServerFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private read = 0;
  private notify: (() => void) | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as ServerFrame);
      this.notify?.();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.notify?.();
      });
    });
  }

  /** Connects; rejects with the HTTP status when the server refuses the upgrade. */
  static open(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const socket = new TestSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_request, response) => {
        reject(new RefusedError(response.statusCode ?? 0));
        ws.terminate();
      });
      ws.on('error', reject); // after settling, a late error changes nothing
    });
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Frames not yet consumed by `until`. */
  get unread(): ServerFrame[] {
    return this.frames.slice(this.read);
  }

  /**
   * Waits for the first unread frame that `accept` takes and returns every unread frame up to
   * and including it, marking them read.
   */
  async until(accept: (frame: ServerFrame) => boolean, waitMs = defaultWaitMs) {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const index = this.frames.findIndex((frame, i) => i >= this.read && accept(frame));
      if (index >= 0) {
        const taken = this.frames.slice(this.read, index + 1);
        this.read = index + 1;
        return taken;
      }
      if (this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(`socket closed while waiting; unread: ${JSON.stringify(this.unread)}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no matching frame within ${waitMs} ms; unread: ${JSON.stringify(this.unread)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.notify = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.notify = null;
    }
  }

  /** The next unread frame. */
  async next(waitMs = defaultWaitMs): Promise<ServerFrame> {
    const [frame] = await this.until(() => true, waitMs);
    return frame!;
  }

  /** Subscribes and returns the `subscribed` frame (or throws with the error frame). */
  async subscribe(frame: { topic: 'workspace' | 'conversation'; id?: string; since?: number }) {
    this.send({ type: 'subscribe', ...frame });
    const reply = await this.next();
    if (reply.type !== 'subscribed') throw new Error(`subscribe failed: ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Waits for an event frame whose event passes `accept`; returns the events up to it. */
  async eventsUntil(accept: (event: RealtimeEvent) => boolean, waitMs = defaultWaitMs) {
    const frames = await this.until((f) => f.type === 'event' && accept(f.event), waitMs);
    return frames.map((frame) => {
      if (frame.type !== 'event')
        throw new Error(`expected only events, got ${JSON.stringify(frame)}`);
      return frame.event;
    });
  }

  async close() {
    if (this.ws.readyState !== WebSocket.CLOSED) {
      this.ws.close();
      await this.closed;
    }
  }
}

export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** The HTTP status with which the server refuses the upgrade; fails if it accepts it. */
export async function refusedStatus(url: string, headers: Record<string, string>) {
  try {
    const socket = await TestSocket.open(url, headers);
    await socket.close();
  } catch (error) {
    if (error instanceof RefusedError) return error.status;
    throw error;
  }
  throw new Error('the upgrade was accepted');
}
