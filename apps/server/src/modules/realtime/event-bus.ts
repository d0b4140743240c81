import { EventEmitter } from 'node:events';
import type { RealtimeEvent } from '@kefu/contracts';

/**
 * Ephemeral signals: presence and read receipts. Unlike events they are not stored and have no
 * position; a lost one is repaired by the next refresh (typing and viewing are re-sent every few
 * seconds) or by reading the stored state (read receipts).
 */
export type Signal =
  | {
      kind: 'typing';
      workspaceId: string;
      conversationId: string;
      from:
        { type: 'agent'; userId: string; name: string } | { type: 'visitor'; customerId: string };
      typing: boolean;
      /** `internal`: an agent writing a note, never shown to the visitor. */
      visibility: 'public' | 'internal';
    }
  | {
      kind: 'viewing';
      workspaceId: string;
      conversationId: string;
      userId: string;
      name: string;
      viewing: boolean;
    }
  | {
      kind: 'read';
      workspaceId: string;
      conversationId: string;
      side: 'visitor' | 'agent';
      at: string;
    };

/**
 * Carries committed events and ephemeral signals to every realtime gateway. In one process an
 * EventEmitter is enough; with REDIS_URL set, the Redis bus fans them out to every node.
 */
export interface EventBus {
  publish(event: RealtimeEvent): void;
  subscribe(handler: (event: RealtimeEvent) => void): () => void;
  /** Sends a signal to every node, this one included. */
  signal(signal: Signal): void;
  onSignal(handler: (signal: Signal) => void): () => void;
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
    signal: (signal) => emitter.emit('signal', signal),
    onSignal(handler) {
      emitter.on('signal', handler);
      return () => emitter.off('signal', handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
