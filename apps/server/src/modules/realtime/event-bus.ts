import { EventEmitter } from 'node:events';
import type { RealtimeEvent } from '@kefu/contracts';

/**
 * Carries committed events to every realtime gateway. In one process an EventEmitter is enough;
 * with REDIS_URL set, the Redis bus fans events out to every node.
 */
export interface EventBus {
  publish(event: RealtimeEvent): void;
  subscribe(handler: (event: RealtimeEvent) => void): () => void;
  close(): Promise<void>;
}

export function createLocalEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (event) => emitter.emit('event', event),
    subscribe(handler) {
      emitter.on('event', handler);
      return () => emitter.off('event', handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
