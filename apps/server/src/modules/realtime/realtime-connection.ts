import {
  type AgentPresenceFrame,
  ClientFrame,
  type RealtimeEvent,
  type RealtimeTopic,
  type ServerFrame,
  realtimeCloseCodes,
} from '@kefu/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { validationError } from '../../http/register.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { AgentPresence, type PresenceFrame } from './agent-presence.ts';
import type { Signal } from './event-bus.ts';
import type { PresenceSnapshot } from './presence.ts';
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

/** The credential a connection was opened with, re-checked while it lives. */
export type Credential = { kind: 'session' | 'api_token'; secret: string; ip: string };

/** Limits and timings of one connection (the gateway fills in the defaults). */
export interface ConnectionSettings {
  maxPayloadBytes: number;
  pageSize: number;
  maxSubscriptions: number;
  maxQueuedFrames: number;
  maxBufferedBytes: number;
  revalidateMs: number;
  heartbeatMs: number;
}

/** What a connection needs from its gateway. */
export interface Context {
  options: ConnectionSettings;
  realtime: RealtimeService;
  authenticate(credential: Credential): Promise<Actor | null>;
  remove(connection: Connection): void;
  log: FastifyBaseLogger;
  /** Sends a presence signal to every node (this one included). */
  signal(signal: Signal): void;
  presence(conversationId: string): PresenceSnapshot;
}

/** One socket: its actor, subscriptions, sequencer and the serial queue of work. */
export class Connection {
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
  private readonly presenceState: AgentPresence;

  constructor(
    private readonly socket: WebSocket,
    private actor: Actor,
    private readonly credential: Credential,
    private readonly context: Context,
  ) {
    this.workspaceId = actor.workspaceId;
    this.presenceState = new AgentPresence(context.realtime, (signal) => context.signal(signal));
  }

  /** The signed-in person, or null for an API token. */
  get userId(): string | null {
    return this.actor.kind === 'user' ? this.actor.userId : null;
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
        case 'typing':
        case 'viewing':
          return this.presence(frame);
      }
    });
  }

  /** Whether this connection follows the conversation (presence goes to those that do). */
  followsConversation(conversationId: string): boolean {
    return this.subscriptions.has(subscriptionKey('conversation', conversationId));
  }

  /** Sends an ephemeral frame (presence, read receipts); they skip the event sequencing. */
  sendSignal(frame: ServerFrame) {
    this.send(frame);
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
    this.presenceState.leaveAll(this.actor);
  }

  /** A typing or viewing signal from this agent, for a conversation of their workspace. */
  private async presence(frame: PresenceFrame) {
    const about = { topic: 'conversation' as const, id: frame.conversationId };
    if (this.actor.kind !== 'user')
      return this.sendError(new AppError('forbidden', 'Presence is for signed-in people'), about);
    const outcome = await this.presenceState.handle(this.actor, frame);
    if (this.closed) return;
    if (outcome instanceof AppError) return this.sendError(outcome, about);
    // Whoever opens a conversation learns at once who else is in it.
    if (outcome === 'opened' && !this.followsConversation(frame.conversationId))
      this.send(this.presenceFrame(frame.conversationId));
  }

  presenceFrame(conversationId: string): AgentPresenceFrame {
    return { type: 'presence', conversationId, ...this.context.presence(conversationId) };
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
    if (grant.topic === 'conversation') {
      const presence = this.presenceFrame(grant.id);
      if (presence.agents.length > 0 || presence.visitorTyping) this.send(presence);
    }
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

export function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
