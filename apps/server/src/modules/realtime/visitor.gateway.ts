import type { RealtimeEvent } from '@kefu/contracts';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import type { Signal } from './event-bus.ts';
import type { RealtimeService } from './realtime.service.ts';
import { type VisitorRealtimePort, VisitorConnection } from './visitor-connection.ts';

/**
 * The widget's socket: `GET /api/v1/widget/realtime`. The iframe is served from Kefu's own
 * origin, so a browser connection from any other origin is refused with 403 before the upgrade.
 * The visitor token comes in the first frame (never in the URL, which lands in logs); see
 * VisitorClientFrame in the contracts.
 */
export const visitorRealtimePath = '/api/v1/widget/realtime';

export interface VisitorHubOptions {
  port: VisitorRealtimePort;
  realtime: RealtimeService;
  signal(signal: Signal): void;
  /** Whether a browser page on `origin` is Kefu's own (the agent gateway's same check). */
  isCrossSite(origin: string | undefined, host: string | undefined): boolean;
  pageSize: number;
  maxQueuedFrames: number;
  maxBufferedBytes: number;
  authTimeoutMs?: number;
}

/** Every visitor socket on this node, by workspace, and what the gateway sends them. */
export class VisitorHub {
  private readonly connections = new Set<VisitorConnection>();
  private readonly byWorkspace = new Map<string, Set<VisitorConnection>>();
  private readonly draining = new Set<VisitorConnection>();

  constructor(private readonly options: VisitorHubOptions) {}

  register(app: FastifyInstance) {
    const options = this.options;
    const context = {
      port: this.options.port,
      realtime: this.options.realtime,
      signal: (signal: Signal) => options.signal(signal),
      log: app.log,
      options: {
        pageSize: this.options.pageSize,
        maxQueuedFrames: this.options.maxQueuedFrames,
        maxBufferedBytes: this.options.maxBufferedBytes,
        authTimeoutMs: this.options.authTimeoutMs ?? 10_000,
      },
      add: (connection: VisitorConnection) => {
        const workspaceId = connection.workspaceId!;
        let peers = this.byWorkspace.get(workspaceId);
        if (!peers) this.byWorkspace.set(workspaceId, (peers = new Set()));
        peers.add(connection);
      },
      remove: (connection: VisitorConnection) => {
        this.connections.delete(connection);
        const workspaceId = connection.workspaceId;
        if (!workspaceId) return;
        const peers = this.byWorkspace.get(workspaceId);
        peers?.delete(connection);
        if (peers?.size === 0) this.byWorkspace.delete(workspaceId);
      },
    };
    app.route({
      method: 'GET',
      url: visitorRealtimePath,
      async preValidation(request) {
        if (request.ws && options.isCrossSite(request.headers.origin, request.headers.host))
          throw new AppError('forbidden', 'Connect from the Kefu widget');
      },
      handler: async (_request, reply) =>
        reply.status(426).send({
          error: { code: 'validation_failed', message: 'Connect to this URL with a WebSocket' },
        }),
      wsHandler: (socket, request) => {
        const connection = new VisitorConnection(socket, request.ip, context);
        this.connections.add(connection);
        this.draining.add(connection);
        socket.on('message', (data, isBinary) => connection.onMessage(data, isBinary));
        socket.on('pong', () => {
          connection.alive = true;
        });
        socket.on('close', () => {
          connection.onClosed();
          void connection.settled().then(() => this.draining.delete(connection));
        });
      },
    });
  }

  onEvent(event: RealtimeEvent) {
    for (const connection of this.byWorkspace.get(event.workspaceId) ?? [])
      connection.onEvent(event);
  }

  /** The public typist of a conversation changed (null: nobody is writing a reply). */
  agentTyping(workspaceId: string, conversationId: string, name: string | null) {
    for (const connection of this.byWorkspace.get(workspaceId) ?? [])
      connection.agentTyping(conversationId, name);
  }

  agentRead(workspaceId: string, conversationId: string, at: string) {
    for (const connection of this.byWorkspace.get(workspaceId) ?? [])
      connection.agentRead(conversationId, at);
  }

  workspaces(): IterableIterator<[string, Set<VisitorConnection>]> {
    return this.byWorkspace.entries();
  }

  revalidate() {
    for (const connection of this.connections) connection.revalidateSoon();
  }

  heartbeat() {
    for (const connection of this.connections) connection.heartbeat();
  }

  closeAll() {
    for (const connection of this.connections) connection.close(1001, 'Server shutting down');
  }

  async settled() {
    await Promise.all([...this.draining].map((connection) => connection.settled()));
  }
}
