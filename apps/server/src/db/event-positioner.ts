import type { EventType, RealtimeEvent } from '@kefu/contracts';
import type { Kysely } from 'kysely';
import type { EventBus } from '../modules/realtime/event-bus.ts';
import { RealtimeEventRepository } from '../repositories/realtime-event.repository.ts';
import type { DB } from './schema.ts';

/** Events numbered per run; a longer backlog takes further runs. */
const batchSize = 500;

interface WorkspaceState {
  /** The run in progress, if any. */
  running: Promise<void> | null;
  /** Callers that committed while a run was in progress: they need the next run. */
  waiting: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Numbers committed realtime events with their workspace's next positions and publishes them.
 *
 * Writers put events in the outbox (realtime_outbox) rather than taking positions themselves,
 * so concurrent writers never queue on the counter row. After committing, a writer calls `settle`: it resolves once a run that started after the
 * commit has finished, so the writer's events are then in the log with positions and published.
 * At most one run per workspace is in flight on a node; callers that arrive meanwhile share the
 * next run, so under load one short transaction numbers many writers' events. Several nodes may
 * run at once: they take turns on the counter row, and each numbers whatever has committed.
 */
export class EventPositioner {
  private readonly workspaces = new Map<string, WorkspaceState>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly bus: EventBus,
    /** Completes a positioned batch before it is published (see `EventFinisher`). */
    private readonly finish?: (
      workspaceId: string,
      events: RealtimeEvent[],
    ) => Promise<RealtimeEvent[]>,
  ) {}

  /** Resolves when every event committed before this call is positioned and published. */
  settle(workspaceId: string): Promise<void> {
    let state = this.workspaces.get(workspaceId);
    if (!state) {
      state = { running: null, waiting: [] };
      this.workspaces.set(workspaceId, state);
    }
    const current = state;
    const settled = new Promise<void>((resolve, reject) =>
      current.waiting.push({ resolve, reject }),
    );
    if (!current.running) this.start(workspaceId, current);
    return settled;
  }

  /**
   * Positions events that no writer settled (a node stopped between its commit and its run).
   * Called on a timer by the worker role.
   */
  async sweep(): Promise<void> {
    const repos = new RealtimeEventRepository(this.db);
    for (const workspaceId of await repos.workspacesWithPending(100))
      await this.settle(workspaceId);
  }

  /** Waits for the runs in progress (used when shutting down). */
  async idle(): Promise<void> {
    for (const state of this.workspaces.values()) await state.running?.catch(() => {});
  }

  private start(workspaceId: string, state: WorkspaceState) {
    const waiters = state.waiting.splice(0);
    state.running = this.runUntilDone(workspaceId).then(
      () => waiters.forEach((w) => w.resolve()),
      (error: unknown) => waiters.forEach((w) => w.reject(error)),
    );
    void state.running.finally(() => {
      state.running = null;
      if (state.waiting.length > 0) this.start(workspaceId, state);
      else this.workspaces.delete(workspaceId);
    });
  }

  private async runUntilDone(workspaceId: string) {
    for (;;) {
      const rows = await new RealtimeEventRepository(this.db).positionPending(
        workspaceId,
        batchSize,
      );
      const events = rows.map((row) => toEvent(workspaceId, row));
      for (const event of this.finish ? await this.finish(workspaceId, events) : events)
        this.bus.publish(event);
      if (rows.length < batchSize) return;
    }
  }
}

function toEvent(
  workspaceId: string,
  row: Awaited<ReturnType<RealtimeEventRepository['positionPending']>>[number],
): RealtimeEvent {
  return {
    position: row.position,
    type: row.type as EventType,
    workspaceId,
    conversationId: row.conversation_id,
    internal: row.internal,
    payload: row.payload as RealtimeEvent['payload'],
    createdAt: new Date(row.created_at).toISOString(),
  };
}
