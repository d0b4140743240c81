import type { RealtimeEvent } from '@kefu/contracts';
import type { Kysely } from 'kysely';
import type { Clock } from '../lib/clock.ts';
import type { EventBus } from '../modules/realtime/event-bus.ts';
import { type Repositories, createRepositories } from '../repositories/index.ts';
import type { DB } from './schema.ts';

export type NewEvent = Omit<RealtimeEvent, 'position' | 'createdAt'>;

/** What a service sees inside a transaction. */
export interface TransactionScope {
  repos: Repositories;
  /**
   * Records a realtime event in the same transaction (taking the workspace's next position)
   * and publishes it once the transaction has committed, never before and never on rollback.
   */
  emit(event: NewEvent): Promise<void>;
}

/** Transactions and plain reads, the only way services reach the database. */
export interface UnitOfWork {
  transaction<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs a single self-contained statement that records `event` itself and returns its position
   * (null: the statement's guard failed and it wrote nothing). One statement is atomic without a
   * transaction; the event is published once it has returned, as after a commit.
   */
  recordWithEvent(
    event: NewEvent,
    at: Date,
    statement: (repos: Repositories) => Promise<number | null>,
  ): Promise<RealtimeEvent | null>;
}

export function createUnitOfWork(db: Kysely<DB>, bus: EventBus, clock: Clock): UnitOfWork {
  const directRepos = createRepositories(db);
  return {
    async transaction(work) {
      const committed: RealtimeEvent[] = [];
      const result = await db.transaction().execute(async (trx) => {
        const repos = createRepositories(trx);
        const pending: RealtimeEvent[] = [];
        const scope: TransactionScope = {
          repos,
          async emit(event) {
            const at = clock.now();
            const position = await repos.realtimeEvents.append({ ...event, at });
            pending.push({ ...event, position, createdAt: at.toISOString() });
          },
        };
        const value = await work(scope);
        committed.push(...pending);
        return value;
      });
      for (const event of committed) bus.publish(event);
      return result;
    },
    read: (work) => work(directRepos),
    async recordWithEvent(event, at, statement) {
      const position = await statement(directRepos);
      if (position === null) return null;
      const recorded: RealtimeEvent = { ...event, position, createdAt: at.toISOString() };
      bus.publish(recorded);
      return recorded;
    },
  };
}
