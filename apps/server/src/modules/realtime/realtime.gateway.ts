import websocket from '@fastify/websocket';
import {
  ClientFrame,
  type RealtimeEvent,
  type RealtimeTopic,
  type ServerFrame,
  realtimeCloseCodes,
} from '@kefu/contracts';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { sessionCookie, validationError } from '../../http/register.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { EventBus } from './event-bus.ts';
import type { RealtimeService } from './realtime.service.ts';
import {
  type Audience,
  EventSequencer,
  type Subscription,
  matches,
  subscriptionKey,
  visibleTo,
  wanted,
} from './subscription.ts';

/**
 * The realtime gateway: `GET /api/v1/realtime` upgraded to a WebSocket.
 *
 * - Credentials are checked before the upgrade: `Authorization: Bearer <api token>` (servers) or
 *   the `kefu_session` cookie (browsers). A cookie-authenticated upgrade whose `Origin` host is
 *   neither the request's `Host` nor PUBLIC_URL's host is refused with HTTP 403 before the
 *   upgrade (cross-site WebSocket hijacking). Missing, bad or revoked credentials are answered
 *   after the upgrade, with an `unauthenticated` error frame and close code 4401, so a browser
 *   client can tell "sign in again" from "network down"; a token without `conversations:read`
 *   gets `forbidden` and 4403.
 * - Frames are JSON text, at most 64 KiB (larger ones close the socket with 1009), validated with
 *   `ClientFrame`. A bad frame gets an error frame and the connection stays open. Frames are
 *   handled one at a time, in order, so replies (`subscribed`, `unsubscribed`, `pong`, `error`)
 *   come back in the order of the frames that caused them.
 * - Events arrive in position order with no gaps and no duplicates (see `EventSequencer`). The
 *   only exception: a subscription added later on a connection with an older `since` first
 *   receives its catch-up from the log, which lies below positions already sent for others.
 * - The credential is checked again on every subscribe and every `revalidateMs`; a revoked
 *   session or token closes the socket with 4401. Dead peers are dropped after a missed
 *   WebSocket ping, and a client that cannot keep up (over `maxBufferedBytes` unsent) is closed
 *   with 1013 and should reconnect with `since`.
 */
export const realtimePath = '/api/v1/realtime';

export interface GatewayOptions {
  auth: Pick<AuthService, 'authenticateSession' | 'authenticateApiToken'>;
  realtime: RealtimeService;
  bus: EventBus;
  /** PUBLIC_URL: browsers may connect from pages on this host as well as the request's Host. */
  publicUrl: string;
  maxPayloadBytes?: number;
  /** Events read from the log per query when replaying or filling a gap. */
  pageSize?: number;
  maxSubscriptions?: number;
  /** Frames waiting to be handled before further ones are refused. */
  maxQueuedFrames?: number;
  maxBufferedBytes?: number;
  /** How often credentials are re-checked and positions compared with the log. */
  revalidateMs?: number;
  heartbeatMs?: number;
}

type Credential = { kind: 'session' | 'api_token'; secret: string; ip: string };
type Outcome =
  | { ok: true; actor: Actor; credential: Credential }
  | { ok: false; code: 'unauthenticated' | 'forbidden'; message: string };

/** Whether a browser page on `origin` may use the session cookie on this connection. */
export function isCrossSite(
  origin: string | undefined,
  host: string | undefined,
  publicUrl: string,
): boolean {
  if (origin === undefined) return false;
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return true; // `null` (sandboxed frames, file:) and garbage are never same-site
  }
  const allowed = new Set([new URL(publicUrl).host]);
  if (host) {
    try {
      allowed.add(new URL(`${page.protocol}//${host}`).host);
    } catch {
      // an unparsable Host header allows nothing
    }
  }
  return !allowed.has(page.host);
}

interface Context {
  options: Required<Omit<GatewayOptions, 'auth' | 'realtime' | 'bus' | 'publicUrl'>>;
  realtime: RealtimeService;
  authenticate(credential: Credential): Promise<Actor | null>;
  remove(connection: Connection): void;
  log: FastifyBaseLogger;
}

/** One socket: its actor, subscriptions, sequencer and the serial queue of work. */
class Connection {
  /** Everything is an agent today; widget visitors (next issue) connect as 'visitor'. */
  readonly audience: Audience = 'agent';
  readonly workspaceId: string;
  closed = false;
  alive = true;
  private sequencer: EventSequencer | null = null;
  private readonly subscriptions = new Map<string, Subscription>();
  private chain: Promise<void> = Promise.resolve();
  private queuedFrames = 0;
  private flushScheduled = false;

  constructor(
    private readonly socket: WebSocket,
    private actor: Actor,
    private readonly credential: Credential,
    private readonly context: Context,
  ) {
    this.workspaceId = actor.workspaceId;
  }

  /** Resolves when the queued work has finished (used at shutdown). */
  settled(): Promise<void> {
    return this.chain;
  }

  ready() {
    this.send({
      type: 'ready',
      userId: this.actor.kind === 'user' ? this.actor.userId : null,
      workspaceId: this.workspaceId,
    });
  }

  onMessage(data: RawData, isBinary: boolean) {
    if (this.closed) return;
    if (isBinary) return this.reject('Send JSON in text frames');
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      return this.reject('The frame is not valid JSON');
    }
    const parsed = ClientFrame.safeParse(json);
    if (!parsed.success) {
      const error = validationError(parsed.error);
      return this.send({
        type: 'error',
        code: 'validation_failed',
        message: error.message,
        ...(error.options.field ? { field: error.options.field } : {}),
      });
    }
    if (this.queuedFrames >= this.context.options.maxQueuedFrames) {
      return this.send({
        type: 'error',
        code: 'rate_limited',
        message: 'Too many frames are waiting; wait for replies before sending more',
      });
    }
    const frame = parsed.data;
    this.queuedFrames += 1;
    this.enqueue(async () => {
      this.queuedFrames -= 1;
      switch (frame.type) {
        case 'ping':
          return this.send({ type: 'pong' });
        case 'subscribe':
          return this.subscribe(frame);
        case 'unsubscribe':
          return this.unsubscribe(frame);
      }
    });
  }

  /** A committed event from the bus, possibly early, late or twice. */
  onEvent(event: RealtimeEvent) {
    if (this.closed || !this.sequencer || event.workspaceId !== this.workspaceId) return;
    this.sequencer.receive(event);
    this.scheduleFlush();
  }

  /** The log holds events up to `position`: fetch whatever has not arrived through the bus. */
  expect(position: number) {
    if (this.closed || !this.sequencer || position <= this.sequencer.position) return;
    this.sequencer.expect(position);
    this.scheduleFlush();
  }

  revalidateSoon() {
    this.enqueue(async () => {
      await this.revalidate();
    });
  }

  heartbeat() {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  close(code: number, reason: string) {
    if (this.closed) return;
    this.closed = true;
    this.context.remove(this);
    this.socket.close(code, reason);
  }

  onClosed() {
    this.closed = true;
    this.context.remove(this);
  }

  private reject(message: string) {
    this.send({ type: 'error', code: 'validation_failed', message });
  }

  private enqueue(task: () => Promise<void>) {
    if (this.closed) return;
    this.chain = this.chain
      .then(async () => {
        if (!this.closed) await task();
      })
      .catch((error: unknown) => this.fail(error));
  }

  private scheduleFlush() {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.enqueue(async () => {
      this.flushScheduled = false;
      await this.flush();
    });
  }

  private fail(error: unknown) {
    this.context.log.error({ err: error, workspaceId: this.workspaceId }, 'realtime connection');
    this.send({ type: 'error', code: 'internal', message: 'Something went wrong; reconnect' });
    this.close(1011, 'Internal error');
  }

  private send(frame: ServerFrame) {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.context.options.maxBufferedBytes) {
      this.close(1013, 'Too far behind; reconnect with since');
      return;
    }
    this.socket.send(JSON.stringify(frame));
  }

  private sendError(
    error: AppError,
    about: { topic: RealtimeTopic; id?: string | undefined } | null = null,
  ) {
    this.send({
      type: 'error',
      code: error.code,
      message: error.message,
      ...(error.options.field ? { field: error.options.field } : {}),
      ...(about ? { topic: about.topic } : {}),
      ...(about?.id ? { id: about.id } : {}),
    });
  }

  /** Re-checks the credential; closes the socket and returns false when it no longer holds. */
  private async revalidate(): Promise<boolean> {
    const actor = await this.context.authenticate(this.credential);
    if (this.closed) return false;
    if (!actor) {
      this.sendError(new AppError('unauthenticated', 'The session or token has ended'));
      this.close(realtimeCloseCodes.unauthenticated, 'Unauthenticated');
      return false;
    }
    try {
      this.context.realtime.authorizeConnection(actor);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.sendError(error);
      this.close(realtimeCloseCodes.forbidden, 'Forbidden');
      return false;
    }
    this.actor = actor;
    return true;
  }

  private async subscribe(frame: Extract<ClientFrame, { type: 'subscribe' }>) {
    if (!(await this.revalidate())) return;
    const about = { topic: frame.topic, id: frame.id };
    let grant;
    try {
      grant = await this.context.realtime.authorizeSubscription(this.actor, frame.topic, frame.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return this.sendError(error, about);
    }
    if (this.closed) return;
    const key = subscriptionKey(grant.topic, grant.id);
    if (
      !this.subscriptions.has(key) &&
      this.subscriptions.size >= this.context.options.maxSubscriptions
    ) {
      return this.sendError(
        new AppError(
          'validation_failed',
          `At most ${this.context.options.maxSubscriptions} subscriptions per connection`,
        ),
        about,
      );
    }
    if (frame.since !== undefined && frame.since > grant.position) {
      return this.sendError(
        new AppError(
          'validation_failed',
          `since: ${frame.since} is ahead of this workspace's latest position (${grant.position}); reload and subscribe without since`,
          { field: 'since' },
        ),
        about,
      );
    }
    const from = frame.since ?? grant.position;
    this.subscriptions.delete(key);
    if (!this.sequencer) {
      this.sequencer = new EventSequencer(from);
      // Events published between reading the position and creating the sequencer were not
      // seen by it; they are committed, so the log's position now covers them.
      this.sequencer.expect(await this.context.realtime.currentPosition(this.workspaceId));
      if (this.closed) return;
    }
    this.sequencer.expect(grant.position);
    const subscription: Subscription = { topic: grant.topic, id: grant.id, from };
    this.send({ type: 'subscribed', topic: grant.topic, id: grant.id, position: grant.position });
    const cursor = this.sequencer.position;
    if (from < cursor) await this.catchUp(subscription, cursor);
    if (this.closed) return;
    this.subscriptions.set(key, subscription);
    await this.flush();
  }

  /**
   * Replays (from, cursor] for a subscription added after the connection's stream has passed
   * `from`, skipping what the other subscriptions have already sent.
   */
  private async catchUp(subscription: Subscription, cursor: number) {
    const others = [...this.subscriptions.values()];
    let after = subscription.from;
    while (after < cursor) {
      const page = await this.context.realtime.eventsAfter(
        this.workspaceId,
        after,
        Math.min(this.context.options.pageSize, cursor - after),
      );
      if (this.closed || page.length === 0) return;
      for (const event of page) {
        if (
          visibleTo(event, this.audience) &&
          matches(subscription, event) &&
          !others.some((other) => matches(other, event))
        )
          this.send({ type: 'event', event });
      }
      after = page[page.length - 1]!.position;
    }
  }

  /** Sends what is next in line; reads the log whenever something is missing. */
  private async flush() {
    const sequencer = this.sequencer;
    if (!sequencer) return;
    for (;;) {
      for (const event of sequencer.take()) {
        if (wanted(this.subscriptions.values(), event, this.audience))
          this.send({ type: 'event', event });
      }
      const gap = sequencer.gap();
      if (!gap || this.closed) return;
      const page = await this.context.realtime.eventsAfter(
        this.workspaceId,
        gap.after,
        Math.min(this.context.options.pageSize, gap.upTo - gap.after),
      );
      if (this.closed || this.sequencer !== sequencer) return;
      const first = page[0];
      if (!first || first.position !== gap.after + 1) {
        // Not reachable while events are never deleted; guards against looping for ever.
        const resume = first ? first.position - 1 : gap.upTo;
        this.sendError(
          new AppError(
            'internal',
            `Events ${gap.after + 1} to ${resume} are no longer available; reload this workspace`,
          ),
        );
        sequencer.skipTo(resume);
      }
      for (const event of page) sequencer.receive(event);
      if (sequencer.gap()?.after === gap.after)
        throw new Error('realtime: the log read made no progress');
    }
  }

  private async unsubscribe(frame: Extract<ClientFrame, { type: 'unsubscribe' }>) {
    const id = frame.id ?? (frame.topic === 'workspace' ? this.workspaceId : undefined);
    if (id === undefined) {
      return this.sendError(
        new AppError('validation_failed', 'id: a conversation subscription needs an id', {
          field: 'id',
        }),
        { topic: frame.topic },
      );
    }
    this.subscriptions.delete(subscriptionKey(frame.topic, id));
    if (this.subscriptions.size === 0) this.sequencer = null;
    this.send({ type: 'unsubscribed', topic: frame.topic, id });
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** The gateway as a `buildApp` plugin. */
export function realtimeGateway(options: GatewayOptions) {
  const settings: Context['options'] = {
    maxPayloadBytes: options.maxPayloadBytes ?? 64 * 1024,
    pageSize: options.pageSize ?? 500,
    maxSubscriptions: options.maxSubscriptions ?? 100,
    maxQueuedFrames: options.maxQueuedFrames ?? 64,
    maxBufferedBytes: options.maxBufferedBytes ?? 8 * 1024 * 1024,
    revalidateMs: options.revalidateMs ?? 60_000,
    heartbeatMs: options.heartbeatMs ?? 30_000,
  };

  return async function register(app: FastifyInstance) {
    const connections = new Set<Connection>();
    const byWorkspace = new Map<string, Set<Connection>>();
    const outcomes = new WeakMap<FastifyRequest, Outcome>();

    const authenticate = async (credential: Credential): Promise<Actor | null> =>
      credential.kind === 'api_token'
        ? options.auth.authenticateApiToken(credential.secret, credential.ip)
        : ((await options.auth.authenticateSession(credential.secret, credential.ip))?.actor ??
          null);

    const context: Context = {
      options: settings,
      realtime: options.realtime,
      authenticate,
      log: app.log,
      remove(connection) {
        connections.delete(connection);
        const peers = byWorkspace.get(connection.workspaceId);
        peers?.delete(connection);
        if (peers?.size === 0) byWorkspace.delete(connection.workspaceId);
      },
    };

    // A throwing handler would surface in the request that committed the event.
    const unsubscribe = options.bus.subscribe((event) => {
      try {
        for (const connection of byWorkspace.get(event.workspaceId) ?? [])
          connection.onEvent(event);
      } catch (error) {
        app.log.error({ err: error }, 'realtime delivery');
      }
    });

    // Re-check credentials, and compare each workspace's position with what the connections
    // have: an event whose bus message was lost (Redis restart) is fetched from the log.
    const revalidation = setInterval(() => {
      for (const connection of connections) connection.revalidateSoon();
      for (const [workspaceId, peers] of byWorkspace) {
        options.realtime.currentPosition(workspaceId).then(
          (position) => {
            for (const connection of peers) connection.expect(position);
          },
          (error: unknown) => app.log.warn({ err: error }, 'realtime position check'),
        );
      }
    }, settings.revalidateMs);
    revalidation.unref();
    const heartbeat = setInterval(() => {
      for (const connection of connections) connection.heartbeat();
    }, settings.heartbeatMs);
    heartbeat.unref();

    // Runs before the websocket plugin's own preClose, so clients learn why (1001).
    app.addHook('preClose', async () => {
      for (const connection of connections) connection.close(1001, 'Server shutting down');
    });
    // Work already queued on a closed socket may still be reading the log; let it finish before
    // the database closes.
    const draining = new Set<Connection>();
    app.addHook('onClose', async () => {
      clearInterval(revalidation);
      clearInterval(heartbeat);
      unsubscribe();
      await Promise.all([...draining].map((connection) => connection.settled()));
    });

    await app.register(websocket, { options: { maxPayload: settings.maxPayloadBytes } });

    app.route({
      method: 'GET',
      url: realtimePath,
      async preValidation(request) {
        if (!request.ws) return;
        outcomes.set(request, await authenticateUpgrade(request));
      },
      handler: async (_request, reply) =>
        reply.status(426).send({
          error: { code: 'validation_failed', message: 'Connect to this URL with a WebSocket' },
        }),
      wsHandler(socket, request) {
        const outcome = outcomes.get(request);
        if (!outcome?.ok) {
          const code = outcome?.code ?? 'unauthenticated';
          socket.send(
            JSON.stringify({
              type: 'error',
              code,
              message: outcome?.message ?? 'Sign in or send an API token',
            } satisfies ServerFrame),
          );
          socket.close(
            realtimeCloseCodes[code],
            code === 'forbidden' ? 'Forbidden' : 'Unauthenticated',
          );
          return;
        }
        const connection = new Connection(socket, outcome.actor, outcome.credential, context);
        connections.add(connection);
        draining.add(connection);
        let peers = byWorkspace.get(connection.workspaceId);
        if (!peers) byWorkspace.set(connection.workspaceId, (peers = new Set()));
        peers.add(connection);
        socket.on('message', (data, isBinary) => connection.onMessage(data, isBinary));
        socket.on('pong', () => {
          connection.alive = true;
        });
        socket.on('close', () => {
          connection.onClosed();
          void connection.settled().then(() => draining.delete(connection));
        });
        connection.ready();
      },
    });

    /** Credentials and the cross-site check, before the upgrade. */
    async function authenticateUpgrade(request: FastifyRequest): Promise<Outcome> {
      const ip = request.ip;
      const header = request.headers.authorization;
      let credential: Credential;
      if (header) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match)
          return {
            ok: false,
            code: 'unauthenticated',
            message: 'Send Authorization: Bearer <token>',
          };
        credential = { kind: 'api_token', secret: match[1]!, ip };
      } else {
        const cookie = request.cookies[sessionCookie];
        if (!cookie)
          return { ok: false, code: 'unauthenticated', message: 'Sign in or send an API token' };
        if (isCrossSite(request.headers.origin, request.headers.host, options.publicUrl)) {
          throw new AppError('forbidden', 'Cross-site WebSocket connections are refused');
        }
        credential = { kind: 'session', secret: cookie, ip };
      }
      const actor = await authenticate(credential);
      if (!actor) {
        return {
          ok: false,
          code: 'unauthenticated',
          message:
            credential.kind === 'api_token'
              ? 'The API token is invalid or revoked'
              : 'The session has ended; sign in again',
        };
      }
      try {
        options.realtime.authorizeConnection(actor);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return { ok: false, code: 'forbidden', message: error.message };
      }
      return { ok: true, actor, credential };
    }
  };
}
