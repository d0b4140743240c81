import type { RealtimeEvent, RealtimeTopic } from '@kefu/contracts';

/**
 * Pure sequencing and matching for one realtime connection: no sockets, no database. The gateway
 * feeds it events (live from the bus or read from the event log) and sends what it hands back.
 */

/**
 * Who is on the other end of a connection. Agents (people and API tokens) see every event;
 * widget visitors (visitor-connection.ts) never see internal ones such as notes and assignments.
 */
export type Audience = 'agent' | 'visitor';

/** One granted subscription: `id` is the workspace or conversation id. */
export interface Subscription {
  topic: RealtimeTopic;
  id: string;
  /** Events at or below this position are not for this subscription (the client had them). */
  from: number;
}

export const subscriptionKey = (topic: RealtimeTopic, id: string) => `${topic}:${id}`;

/** Whether this audience may ever see the event. The one gate for internal events. */
export function visibleTo(event: RealtimeEvent, audience: Audience): boolean {
  return audience === 'agent' || !event.internal;
}

/** Whether the event belongs to this subscription (audience aside). */
export function matches(subscription: Subscription, event: RealtimeEvent): boolean {
  if (event.position <= subscription.from) return false;
  return subscription.topic === 'workspace'
    ? event.workspaceId === subscription.id
    : event.conversationId === subscription.id;
}

/** Whether any of the subscriptions wants the event and the audience may see it. */
export function wanted(
  subscriptions: Iterable<Subscription>,
  event: RealtimeEvent,
  audience: Audience,
): boolean {
  if (!visibleTo(event, audience)) return false;
  for (const subscription of subscriptions) if (matches(subscription, event)) return true;
  return false;
}

/**
 * Puts one workspace's events back in position order for one connection.
 *
 * Positions are dense (1, 2, 3, … per workspace, taken under a row lock inside the writing
 * transaction), but publication happens after commit, so live events from concurrent
 * transactions can arrive out of order, twice (replay overlapping live), or not at all (a bus
 * hiccup). The sequencer drops anything at or below what it has handed out, buffers what comes
 * early, and reports the gap that the gateway must read from the event log before going on.
 *
 * The buffer is only a shortcut: every event can be read again from the log. So when it is full
 * the highest positions are dropped, to be read back once the lower ones have gone out.
 */
export class EventSequencer {
  private last: number;
  private known: number;
  private readonly buffered = new Map<number, RealtimeEvent>();

  constructor(
    after: number,
    private readonly maxBuffered = 1000,
  ) {
    this.last = after;
    this.known = after;
  }

  /** The last position handed out: the client has seen everything up to here. */
  get position(): number {
    return this.last;
  }

  /** Number of events waiting for a lower position to arrive. */
  get pending(): number {
    return this.buffered.size;
  }

  /** Notes that the log holds events up to `position` (the workspace counter, read at subscribe). */
  expect(position: number): void {
    if (position > this.known) this.known = position;
  }

  /** Accepts an event, live or read from the log. Duplicates and stale events are ignored. */
  receive(event: RealtimeEvent): void {
    const position = event.position;
    if (position <= this.last || this.buffered.has(position)) return;
    this.expect(position);
    if (this.buffered.size >= this.maxBuffered) {
      const highest = Math.max(...this.buffered.keys());
      if (position > highest) return;
      this.buffered.delete(highest);
    }
    this.buffered.set(position, event);
  }

  /** Hands out the events that are next in line, in order, and advances the position. */
  take(): RealtimeEvent[] {
    const out: RealtimeEvent[] = [];
    for (;;) {
      const next = this.buffered.get(this.last + 1);
      if (!next) return out;
      this.buffered.delete(next.position);
      this.last = next.position;
      out.push(next);
    }
  }

  /**
   * The positions to read from the log before anything else can go out: those after `after`
   * up to and including `upTo`. Null when nothing is missing.
   */
  gap(): { after: number; upTo: number } | null {
    if (this.last >= this.known || this.buffered.has(this.last + 1)) return null;
    let upTo = this.known;
    for (const position of this.buffered.keys()) if (position <= upTo) upTo = position - 1;
    return { after: this.last, upTo };
  }

  /**
   * Gives up on positions up to `position` because the log no longer holds them. The gateway
   * tells the client, which must then reload its state rather than trust the stream.
   */
  skipTo(position: number): void {
    if (position <= this.last) return;
    this.last = position;
    this.expect(position);
    for (const buffered of this.buffered.keys())
      if (buffered <= position) this.buffered.delete(buffered);
  }
}
