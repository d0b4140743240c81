import websocket from '@fastify/websocket';
import { type ServerFrame, realtimeCloseCodes } from '@kefu/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionCookie } from '../../http/register.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { EventBus } from './event-bus.ts';
import type { RealtimeService } from './realtime.service.ts';
import {
  type ConnectionSettings,
  type Context,
  type Credential,
  Connection,
} from './realtime-connection.ts';
import type { VisitorRealtimePort } from './visitor-connection.ts';
import { VisitorHub } from './visitor.gateway.ts';
import { routeSignals } from './signal-router.ts';

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
  /** The widget's services; without them there is no visitor socket. */
  visitors?: VisitorRealtimePort;
  /** Records that an agent is connected (on connect and every revalidateMs), for "online". */
  availability?: {
    touch(workspaceId: string, userId: string): Promise<void>;
    /** An agent's tab connected (after the touch): routing may give them work now. */
    connected?(workspaceId: string, userId: string): Promise<void>;
    /** The agent's last tab on this node closed. */
    disconnected?(workspaceId: string, userId: string): Promise<void>;
  };
}

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

/** The gateway as a `buildApp` plugin. */
export function realtimeGateway(options: GatewayOptions) {
  const settings: ConnectionSettings = {
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
    const visitors = options.visitors
      ? new VisitorHub({
          port: options.visitors,
          realtime: options.realtime,
          signal: (signal) => options.bus.signal(signal),
          isCrossSite: (origin, host) => isCrossSite(origin, host, options.publicUrl),
          pageSize: settings.pageSize,
          maxQueuedFrames: settings.maxQueuedFrames,
          maxBufferedBytes: settings.maxBufferedBytes,
        })
      : null;
    const touch = (connection: Connection, first = false) => {
      const availability = options.availability;
      const userId = connection.userId;
      if (!availability || userId === null) return;
      availability
        .touch(connection.workspaceId, userId)
        .then(() => (first ? availability.connected?.(connection.workspaceId, userId) : undefined))
        .catch((error: unknown) => app.log.warn({ err: error }, 'agent last seen'));
    };

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
      signal: (signal) => options.bus.signal(signal),
      presence: (conversationId) => signals.presence.snapshot(conversationId),
      remove(connection) {
        connections.delete(connection);
        const peers = byWorkspace.get(connection.workspaceId);
        peers?.delete(connection);
        if (peers?.size === 0) byWorkspace.delete(connection.workspaceId);
        const userId = connection.userId;
        if (userId !== null && ![...(peers ?? [])].some((peer) => peer.userId === userId)) {
          options.availability
            ?.disconnected?.(connection.workspaceId, userId)
            .catch((error: unknown) => app.log.warn({ err: error }, 'agent disconnected'));
        }
      },
    };

    // A throwing handler would surface in the request that committed the event.
    const unsubscribe = options.bus.subscribe((event) => {
      try {
        for (const connection of byWorkspace.get(event.workspaceId) ?? [])
          connection.onEvent(event);
        visitors?.onEvent(event);
      } catch (error) {
        app.log.error({ err: error }, 'realtime delivery');
      }
    });

    const signals = routeSignals({
      bus: options.bus,
      agentsOf: (workspaceId) => byWorkspace.get(workspaceId) ?? [],
      visitors,
      log: app.log,
    });

    // Re-check credentials, and compare each workspace's position with what the connections
    // have: an event whose bus message was lost (Redis restart) is fetched from the log.
    const revalidation = setInterval(() => {
      for (const connection of connections) {
        connection.revalidateSoon();
        touch(connection);
      }
      visitors?.revalidate();
      const workspaces = new Map<string, { expect(position: number): void }[]>();
      for (const [workspaceId, peers] of byWorkspace) workspaces.set(workspaceId, [...peers]);
      for (const [workspaceId, peers] of visitors?.workspaces() ?? [])
        workspaces.set(workspaceId, [...(workspaces.get(workspaceId) ?? []), ...peers]);
      for (const [workspaceId, peers] of workspaces) {
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
      visitors?.heartbeat();
    }, settings.heartbeatMs);
    heartbeat.unref();

    // Runs before the websocket plugin's own preClose, so clients learn why (1001).
    app.addHook('preClose', async () => {
      for (const connection of connections) connection.close(1001, 'Server shutting down');
      visitors?.closeAll();
    });
    // Work already queued on a closed socket may still be reading the log; let it finish before
    // the database closes.
    const draining = new Set<Connection>();
    app.addHook('onClose', async () => {
      clearInterval(revalidation);
      clearInterval(heartbeat);
      unsubscribe();
      signals.stop();
      await Promise.all([...draining].map((connection) => connection.settled()));
      await visitors?.settled();
    });

    await app.register(websocket, { options: { maxPayload: settings.maxPayloadBytes } });
    visitors?.register(app);

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
        touch(connection, true);
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
