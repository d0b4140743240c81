import type { RealtimeEvent } from '@kefu/contracts';
import type { RoutingServices } from './routing-services.ts';

const sweepMs = 30_000;
const open = new Set(['new', 'open']);

/**
 * The worker role's part of routing: when a conversation stops counting against an agent
 * (solved, closed, handed to someone else) their teams' queues are drained at once; every 30 s
 * a sweep drains any queue with waiting work, in case an event was lost. Returns a stop function.
 */
export function startRoutingWorker(
  routing: Pick<RoutingServices, 'engine' | 'lifecycle'>,
  bus: { subscribe(handler: (event: RealtimeEvent) => void): () => void },
  log: { warn(data: object, message: string): void },
): () => void {
  const fail = (error: unknown) => log.warn({ err: error }, 'routing drain failed');
  const unsubscribe = bus.subscribe((event) => {
    const priority = changedPriority(event);
    if (priority)
      void routing.engine
        .reprioritize(event.workspaceId, priority.id, priority.priority)
        .catch(fail);
    const agent = freedAgent(event);
    if (agent) void routing.lifecycle.agentStatusChanged(event.workspaceId, agent).catch(fail);
  });
  const timer = setInterval(() => void routing.engine.sweep().catch(fail), sweepMs);
  timer.unref();
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}

/** A conversation whose priority changed (it may be waiting in a queue). */
export function changedPriority(event: RealtimeEvent) {
  if (event.type !== 'conversation.updated') return null;
  const payload = event.payload as RealtimeEvent<'conversation.updated'>['payload'];
  if (!payload.changes.includes('priority')) return null;
  return { id: payload.conversation.id, priority: payload.conversation.priority };
}

/** The agent a change gave room to, if it did. */
export function freedAgent(event: RealtimeEvent): string | null {
  if (event.type !== 'conversation.updated') return null;
  const payload = event.payload as RealtimeEvent<'conversation.updated'>['payload'];
  const before = payload.previous;
  if (!before?.assigneeId || !open.has(before.status)) return null;
  const now = payload.conversation;
  const stillCounts = now.assigneeId === before.assigneeId && open.has(now.status);
  return stillCounts ? null : before.assigneeId;
}
