import type { RealtimeEvent } from '@kefu/contracts';
import { EventPositioner } from './event-positioner.ts';
import type { Kysely } from 'kysely';
import type { Clock } from '../lib/clock.ts';
import type { EventBus } from '../modules/realtime/event-bus.ts';
import { type Repositories, createRepositories } from '../repositories/index.ts';
import type { NewRealtimeEvent as OutboxEvent } from '../repositories/realtime-event.repository.ts';
import type { DB } from './schema.ts';

export type NewEvent = Omit<RealtimeEvent, 'position' | 'createdAt'>;

/** What a service sees inside a transaction. */
export interface TransactionScope {
  repos: Repositories;
  /**
   * Records a realtime event in the same transaction. Once the transaction has committed it is
   * given its workspace position and published, never before and never on rollback.
   */
  emit(event: NewEvent): Promise<void>;
}

/** Transactions and plain reads, the only way services reach the database. */
export interface UnitOfWork {
  /**
   * Resolves after the commit, once the events it recorded are positioned and published. With
   * `deferEvents` it resolves at the commit and the caller settles later (`settleEvents`), so a
   * loop of many small transactions numbers its events in one run instead of one run each.
   */
  transaction<T>(
    work: (scope: TransactionScope) => Promise<T>,
    options?: { deferEvents?: boolean },
  ): Promise<T>;
  /** Resolves when the workspace's events committed so far are positioned and published. */
  settleEvents(workspaceId: string): Promise<void>;
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs a single self-contained statement that records the workspace's event itself (false:
   * the statement's guard failed and it wrote nothing). One statement is atomic without a
   * transaction; its event is positioned and published as after a commit (with `deferEvents`,
   * when the caller settles, as for `transaction`).
   */
  recordWithEvent(
    workspaceId: string,
    statement: (repos: Repositories) => Promise<boolean>,
    options?: { deferEvents?: boolean },
  ): Promise<boolean>;
}

/**
 * Completes a batch of just-positioned events before they are published (a statement that
 * wrote its own event leaves what only the service layer can present to this step); it may
 * rewrite their stored payloads through `repos`. Returns the events to publish.
 */
export type EventFinisher = (
  repos: Repositories,
  workspaceId: string,
  events: RealtimeEvent[],
) => Promise<RealtimeEvent[]>;

/** The unit of work, with the positioner that numbers and publishes its committed events. */
export function createUnitOfWork(
  db: Kysely<DB>,
  bus: EventBus,
  clock: Clock,
  positionerDb: Kysely<DB> = db,
  finishEvents?: EventFinisher,
): UnitOfWork & { readonly positioner: EventPositioner } {
  const directRepos = createRepositories(db);
  const positioner = new EventPositioner(
    positionerDb,
    bus,
    finishEvents &&
      ((workspaceId, events) =>
        finishEvents(createRepositories(positionerDb), workspaceId, events)),
  );
  return {
    positioner,
    async transaction(work, options) {
      const touched = new Set<string>();
      const result = await db.transaction().execute(async (trx) => {
        const repos = createRepositories(trx);
        // Events go to the outbox together, in one statement just before the commit.
        const events: OutboxEvent[] = [];
        const scope: TransactionScope = {
          repos,
          emit(event) {
            events.push({ ...event, at: clock.now() });
            touched.add(event.workspaceId);
            return Promise.resolve();
          },
        };
        const value = await work(scope);
        await repos.realtimeEvents.append(events);
        return value;
      });
      if (options?.deferEvents) return result;
      for (const workspaceId of touched) await positioner.settle(workspaceId);
      return result;
    },
    settleEvents: (workspaceId) => positioner.settle(workspaceId),
    read: (work) => work(directRepos),
    async recordWithEvent(workspaceId, statement, options) {
      const written = await statement(directRepos);
      if (written && !options?.deferEvents) await positioner.settle(workspaceId);
      return written;
    },
  };
}
