import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
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
import { realtimeGateway } from './modules/realtime/realtime.gateway.ts';
import { createRedisEventBus } from './modules/realtime/redis-event-bus.ts';
import { visitorRealtimePort } from './modules/widget/visitor-realtime.ts';
import { findDemoWidgetKey, seedDemo } from './seed/demo.ts';
import { type Services, createServices } from './services.ts';

export interface Kefu {
  app: FastifyInstance;
  database: Database;
  services: Services;
  bus: EventBus;
  seeded: boolean;
  close(): Promise<void>;
}

export interface KefuOptions {
  database?: Database;
  /** The Redis channel events travel on when REDIS_URL is set (tests use one per run). */
  redisChannel?: string;
  /** How often realtime connections re-check their credentials (tests shorten it). */
  realtimeRevalidateMs?: number;
}

/**
 * Opens the database, applies migrations, seeds the demo once, and builds the HTTP app with the
 * realtime gateway. With REDIS_URL, events reach the gateways of every node through Redis.
 */
export async function createKefu(config: Config, options: KefuOptions = {}): Promise<Kefu> {
  const database = options.database ?? (await openDatabase(config.database));
  await migrate(database.db);
  // Redis errors are logged through the app's logger once it exists.
  const logs: { to?: FastifyBaseLogger } = {};
  const bus = config.redisUrl
    ? await createRedisEventBus({
        url: config.redisUrl,
        channel: options.redisChannel ?? 'kefu:events',
        onError: (error, what) => logs.to?.warn({ err: error }, what),
      })
    : createLocalEventBus();
  const uow = createUnitOfWork(database.db, bus, systemClock);
  const services = createServices({
    uow,
    clock: systemClock,
    ids: newId,
    hasher: argon2Hasher,
    publicUrl: config.publicUrl,
    blobs: createLocalBlobStore(config.blobDir),
    maxUploadBytes: config.maxUploadBytes,
    signals: bus,
  });
  const seeded = config.seedDemo
    ? await seedDemo({ services, uow, hasher: argon2Hasher, ids: newId })
    : false;
  const gateway = realtimeGateway({
    auth: services.auth,
    realtime: services.realtime,
    bus,
    publicUrl: config.publicUrl,
    ...(options.realtimeRevalidateMs ? { revalidateMs: options.realtimeRevalidateMs } : {}),
    visitors: visitorRealtimePort(services.widget),
    availability: services.widget.availability,
  });
  const app = await buildApp({
    database,
    services,
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    maxUploadBytes: config.maxUploadBytes,
    plugins: config.roles.has('realtime') ? [gateway] : [],
    pages: {
      publicDir: config.publicDir,
      demoWidgetKey: () => findDemoWidgetKey(services),
      widgetOrigins: (key) => services.widget.settings.allowedOrigins(key),
    },
  });
  logs.to = app.log;
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
