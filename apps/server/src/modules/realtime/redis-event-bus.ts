import { randomUUID } from 'node:crypto';
import { type RealtimeEvent, RealtimeEventSchema } from '@kefu/contracts';
import { Redis } from 'ioredis';
import { type EventBus, type Signal, createLocalEventBus } from './event-bus.ts';

export interface RedisEventBusOptions {
  url: string;
  /** One channel per installation; several Kefu installations may share a Redis. */
  channel: string;
  onError(error: unknown, what: string): void;
}

/**
 * The event bus across nodes: each event is delivered to this node's handlers at once and
 * published on one Redis channel, from which every other node delivers it to its own. A node
 * skips its own messages, so nothing arrives twice through the bus.
 *
 * Redis pub/sub is at most once: a message published while a node is disconnected is lost. The
 * gateway recovers from that, because every event is also in the database log and a gap (or
 * the periodic position check) makes it read the missing positions.
 */
export async function createRedisEventBus(options: RedisEventBusOptions): Promise<EventBus> {
  const node = randomUUID();
  const local = createLocalEventBus();
  const publisher = new Redis(options.url, { connectionName: 'kefu-publish' });
  const subscriber = new Redis(options.url, { connectionName: 'kefu-subscribe' });
  publisher.on('error', (error: unknown) => options.onError(error, 'redis publisher'));
  subscriber.on('error', (error: unknown) => options.onError(error, 'redis subscriber'));
  subscriber.on('message', (channel: string, text: string) => {
    if (channel !== options.channel) return;
    let message: { node?: unknown; event?: unknown; signal?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch (error) {
      return options.onError(error, 'redis message');
    }
    if (message.node === node) return;
    if (message.signal !== undefined) {
      if (isSignal(message.signal)) local.signal(message.signal);
      else options.onError(new Error('malformed signal'), 'redis message');
      return;
    }
    const parsed = RealtimeEventSchema.safeParse(message.event);
    if (!parsed.success) return options.onError(parsed.error, 'redis message');
    local.publish(parsed.data as RealtimeEvent);
  });
  try {
    await subscriber.subscribe(options.channel);
  } catch (error) {
    subscriber.disconnect();
    publisher.disconnect();
    throw error;
  }

  return {
    publish(event) {
      // Sent first, so a throwing local handler cannot keep the event from the other nodes.
      publisher
        .publish(options.channel, JSON.stringify({ node, event }))
        .catch((error: unknown) => options.onError(error, 'redis publish'));
      local.publish(event);
    },
    subscribe: (handler) => local.subscribe(handler),
    signal(signal) {
      publisher
        .publish(options.channel, JSON.stringify({ node, signal }))
        .catch((error: unknown) => options.onError(error, 'redis publish'));
      local.signal(signal);
    },
    onSignal: (handler) => local.onSignal(handler),
    async close() {
      await Promise.all([quit(subscriber), quit(publisher)]);
      await local.close();
    },
  };
}

/** Waits for pending replies (publishes in flight), but never hangs on a Redis that is down. */
async function quit(redis: Redis, waitMs = 2000) {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    redis.quit().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
  ]);
  clearTimeout(timer);
  redis.disconnect();
}

/** Signals come from our own nodes; this only guards the shape the handlers rely on. */
function isSignal(value: unknown): value is Signal {
  if (typeof value !== 'object' || value === null) return false;
  const signal = value as Record<string, unknown>;
  return (
    ['typing', 'viewing', 'read'].includes(signal.kind as string) &&
    typeof signal.workspaceId === 'string' &&
    typeof signal.conversationId === 'string'
  );
}
