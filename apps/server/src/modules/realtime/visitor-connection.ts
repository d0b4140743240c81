import {
  type RealtimeEvent,
  type VisitorConversation,
  type VisitorMessage,
  type VisitorServerFrame,
  VisitorClientFrame,
  type Message,
  realtimeCloseCodes,
} from '@kefu/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { validationError } from '../../http/register.ts';
import type { Actor } from '../auth/actor.ts';
import type { Signal } from './event-bus.ts';
import { rawText } from './realtime-connection.ts';
import type { RealtimeService } from './realtime.service.ts';
import { EventSequencer, visibleTo } from './subscription.ts';

type Visitor = Extract<Actor, { kind: 'visitor' }>;

/** What the visitor socket needs from the widget's services. */
export interface VisitorRealtimePort {
  authenticate(token: string, ip: string): Promise<{ actor: Visitor; enabled: boolean } | null>;
  conversationIds(visitor: Visitor): Promise<Set<string>>;
  /** The conversation as the visitor sees it; null when it is not theirs. */
  conversation(visitor: Visitor, id: string): Promise<VisitorConversation | null>;
  /** A message as the visitor sees it; null when it is not public. */
  message(visitor: Visitor, message: Message): Promise<VisitorMessage | null>;
}

export interface VisitorContext {
  port: VisitorRealtimePort;
  realtime: RealtimeService;
  signal(signal: Signal): void;
  /** Called once the visitor is authenticated: from then on it receives events. */
  add(connection: VisitorConnection): void;
  remove(connection: VisitorConnection): void;
  log: FastifyBaseLogger;
  options: {
    pageSize: number;
    maxQueuedFrames: number;
    maxBufferedBytes: number;
    authTimeoutMs: number;
  };
}

/**
 * One visitor's socket. The first frame authenticates it; then it streams the events of the
 * visitor's own conversations, in position order without gaps or repeats (the same sequencer as
 * agent sockets), translated into visitor frames. Internal events never pass: they are dropped
 * before anything else looks at them.
 */
export class VisitorConnection {
  visitor: Visitor | null = null;
  closed = false;
  alive = true;
  private conversationIds = new Set<string>();
  private sequencer: EventSequencer | null = null;
  private chain: Promise<void> = Promise.resolve();
  private queuedFrames = 0;
  private flushScheduled = false;
  private lastTyping = { conversationId: '', typing: false, at: 0 };
  private readonly authTimer: NodeJS.Timeout;
  /** Kept to re-check the session while the socket lives. */
  private token = '';

  constructor(
    private readonly socket: WebSocket,
    private readonly ip: string,
    private readonly context: VisitorContext,
  ) {
    this.authTimer = setTimeout(() => {
      if (!this.visitor) this.refuse('unauthenticated', 'Send an auth frame first');
    }, context.options.authTimeoutMs);
  }

  get workspaceId(): string | null {
    return this.visitor?.workspaceId ?? null;
  }

  settled(): Promise<void> {
    return this.chain;
  }

  onMessage(data: RawData, isBinary: boolean) {
    if (this.closed) return;
    if (isBinary) return this.error('validation_failed', 'Send JSON in text frames');
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      return this.error('validation_failed', 'The frame is not valid JSON');
    }
    const parsed = VisitorClientFrame.safeParse(json);
    if (!parsed.success)
      return this.error('validation_failed', validationError(parsed.error).message);
    if (this.queuedFrames >= this.context.options.maxQueuedFrames)
      return this.error('rate_limited', 'Too many frames are waiting; slow down');
    const frame = parsed.data;
    this.queuedFrames += 1;
    this.enqueue(async () => {
      this.queuedFrames -= 1;
      if (frame.type === 'auth') return this.authenticate(frame.token, frame.since);
      if (!this.visitor) return this.refuse('unauthenticated', 'Send an auth frame first');
      if (frame.type === 'ping') return this.send({ type: 'pong', position: this.position() });
      return this.typing(frame.conversationId, frame.typing);
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

  /** An agent started or stopped writing a public reply in one of the visitor's conversations. */
  agentTyping(conversationId: string, name: string | null) {
    if (!this.conversationIds.has(conversationId)) return;
    this.send({
      type: 'typing',
      conversationId,
      agent: { name: name ?? '' },
      typing: name !== null,
    });
  }

  agentRead(conversationId: string, at: string) {
    if (!this.conversationIds.has(conversationId)) return;
    this.send({ type: 'read', conversationId, agentLastReadAt: at });
  }

  /** Re-checks the token and refreshes the visitor's conversations. */
  revalidateSoon() {
    this.enqueue(async () => {
      if (!this.visitor) return;
      const result = await this.context.port.authenticate(this.token, this.ip);
      if (!this.check(result)) return;
      this.visitor = result!.actor;
      this.conversationIds = await this.context.port.conversationIds(this.visitor);
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
    this.onClosed();
    this.socket.close(code, reason);
  }

  onClosed() {
    this.closed = true;
    clearTimeout(this.authTimer);
    this.context.remove(this);
  }

  private async authenticate(token: string, since: number | undefined) {
    if (this.visitor)
      return this.error('validation_failed', 'This socket is already authenticated');
    this.token = token;
    const result = await this.context.port.authenticate(token, this.ip);
    if (!this.check(result)) return;
    clearTimeout(this.authTimer);
    const visitor = result!.actor;
    this.visitor = visitor;
    this.conversationIds = await this.context.port.conversationIds(visitor);
    let position = await this.context.realtime.currentPosition(visitor.workspaceId);
    let from = since ?? position;
    if (from > position) {
      this.error(
        'validation_failed',
        `since: ${from} is ahead of the latest position; reload`,
        'since',
      );
      from = position;
    }
    if (this.closed) return;
    this.sequencer = new EventSequencer(from);
    this.context.add(this);
    // Events committed before add() reached no handler here; the log covers them.
    position = await this.context.realtime.currentPosition(visitor.workspaceId);
    this.sequencer.expect(position);
    this.send({ type: 'ready', position: from });
    await this.flush();
  }

  /** False (and the socket closed) when the token no longer holds or the widget is off. */
  private check(result: Awaited<ReturnType<VisitorRealtimePort['authenticate']>>): boolean {
    if (this.closed) return false;
    if (!result) {
      this.refuse('unauthenticated', 'The chat session has ended; start a new one');
      return false;
    }
    if (!result.enabled) {
      this.refuse('forbidden', 'The chat widget is turned off');
      return false;
    }
    return true;
  }

  private async typing(conversationId: string, typing: boolean) {
    const visitor = this.visitor!;
    if (!this.conversationIds.has(conversationId))
      return this.error('not_found', 'Conversation not found');
    // Repeated "still typing" frames within a second add nothing.
    const now = Date.now();
    const last = this.lastTyping;
    if (last.conversationId === conversationId && last.typing === typing && now - last.at < 1000)
      return;
    this.lastTyping = { conversationId, typing, at: now };
    this.context.signal({
      kind: 'typing',
      workspaceId: visitor.workspaceId,
      conversationId,
      from: { type: 'visitor', customerId: visitor.customerId },
      typing,
      visibility: 'public',
    });
  }

  private position(): number {
    return this.sequencer?.position ?? 0;
  }

  private enqueue(task: () => Promise<void>) {
    if (this.closed) return;
    this.chain = this.chain
      .then(async () => {
        if (!this.closed) await task();
      })
      .catch((error: unknown) => {
        this.context.log.error({ err: error }, 'visitor realtime connection');
        this.error('internal', 'Something went wrong; reconnect');
        this.close(1011, 'Internal error');
      });
  }

  private scheduleFlush() {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.enqueue(async () => {
      this.flushScheduled = false;
      await this.flush();
    });
  }

  /** Delivers what is next in line; reads the log whenever something is missing. */
  private async flush() {
    const sequencer = this.sequencer;
    if (!sequencer) return;
    for (;;) {
      for (const event of sequencer.take()) await this.deliver(event);
      const gap = sequencer.gap();
      if (!gap || this.closed) return;
      const page = await this.context.realtime.eventsAfter(
        this.visitor!.workspaceId,
        gap.after,
        Math.min(this.context.options.pageSize, gap.upTo - gap.after),
      );
      if (this.closed) return;
      if (page[0]?.position !== gap.after + 1) {
        // Not reachable while events are never deleted; guards against looping for ever.
        this.error('internal', 'Some updates are no longer available; reload the chat');
        sequencer.skipTo(page[0] ? page[0].position - 1 : gap.upTo);
      }
      for (const event of page) sequencer.receive(event);
    }
  }

  /** Translates one event for the visitor, or drops it. Internal events never get further. */
  private async deliver(event: RealtimeEvent) {
    if (!visibleTo(event, 'visitor') || this.closed) return;
    const visitor = this.visitor!;
    if (event.type === 'conversation.created' || event.type === 'conversation.updated') {
      const { conversation } = event.payload as RealtimeEvent<'conversation.created'>['payload'];
      if (conversation.customer.id !== visitor.customerId) {
        this.conversationIds.delete(conversation.id); // moved to another customer
        return;
      }
      this.conversationIds.add(conversation.id);
      const presented = await this.context.port.conversation(visitor, conversation.id);
      if (presented)
        this.send({ type: 'conversation', position: event.position, conversation: presented });
    } else if (event.type === 'message.created') {
      if (!event.conversationId || !this.conversationIds.has(event.conversationId)) return;
      const { message } = event.payload as RealtimeEvent<'message.created'>['payload'];
      const presented = await this.context.port.message(visitor, message);
      if (presented) this.send({ type: 'message', position: event.position, message: presented });
    }
  }

  private refuse(code: 'unauthenticated' | 'forbidden', message: string) {
    this.error(code, message);
    this.close(realtimeCloseCodes[code], code === 'forbidden' ? 'Forbidden' : 'Unauthenticated');
  }

  private error(
    code: Extract<VisitorServerFrame, { type: 'error' }>['code'],
    message: string,
    field?: string,
  ) {
    this.send({ type: 'error', code, message, ...(field ? { field } : {}) });
  }

  private send(frame: VisitorServerFrame) {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.context.options.maxBufferedBytes) {
      this.close(1013, 'Too far behind; reconnect with since');
      return;
    }
    this.socket.send(JSON.stringify(frame));
  }
}
