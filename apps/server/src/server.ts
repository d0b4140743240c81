import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { createLocalBlobStore } from './blob/local-blob-store.ts';
import { migrate } from './db/migrate.ts';
import { createUnitOfWork } from './db/unit-of-work.ts';
import { buildApp } from './http/app.ts';
import { systemClock } from './lib/clock.ts';
import { newId } from './lib/ids.ts';
import { argon2Hasher } from './lib/password.ts';
import { type EventBus, createLocalEventBus } from './modules/realtime/event-bus.ts';
import { seedDemo } from './seed/demo.ts';
import { type Services, createServices } from './services.ts';

export interface Kefu {
  app: FastifyInstance;
  database: Database;
  services: Services;
  bus: EventBus;
  seeded: boolean;
  close(): Promise<void>;
}

/** Opens the database, applies migrations, seeds the demo once, and builds the HTTP app. */
export async function createKefu(
  config: Config,
  options: { database?: Database } = {},
): Promise<Kefu> {
  const database = options.database ?? (await openDatabase(config.database));
  await migrate(database.db);
  const bus = createLocalEventBus();
  const uow = createUnitOfWork(database.db, bus, systemClock);
  const services = createServices({
    uow,
    clock: systemClock,
    ids: newId,
    hasher: argon2Hasher,
    publicUrl: config.publicUrl,
    blobs: createLocalBlobStore(config.blobDir),
    maxUploadBytes: config.maxUploadBytes,
  });
  const seeded = config.seedDemo
    ? await seedDemo({ services, uow, hasher: argon2Hasher, ids: newId })
    : false;
  const app = await buildApp({
    database,
    services,
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    maxUploadBytes: config.maxUploadBytes,
  });
  return {
    app,
    database,
    services,
    bus,
    seeded,
    async close() {
      await app.close();
      await bus.close();
      await database.close();
    },
  };
}
