import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { Clock } from '../lib/clock.ts';
import type { IdGenerator } from '../lib/ids.ts';
import type { PasswordHasher } from '../lib/password.ts';

/** What every service is built from: no globals, so tests control time, ids and storage. */
export interface ServiceDeps {
  uow: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
  hasher: PasswordHasher;
  publicUrl: string;
}
