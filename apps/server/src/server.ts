import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { createLocalBlobStore } from './blob/local-blob-store.ts';
import { migrate } from './db/migrate.ts';
import { createUnitOfWork } from './db/unit-of-work.ts';
import { presentDeferredEvents } from './modules/conversations/deferred-presentation.ts';
import { buildApp } from './http/app.ts';
import { systemClock } from './lib/clock.ts';
import { newId } from './lib/ids.ts';
import { argon2Hasher } from './lib/password.ts';
import { type EventBus, createLocalEventBus } from './modules/realtime/event-bus.ts';
import { realtimeGateway } from './modules/realtime/realtime.gateway.ts';
import { createRedisEventBus } from './modules/realtime/redis-event-bus.ts';
import { visitorRealtimePort } from './modules/widget/visitor-realtime.ts';
import { findDemoWidgetKey, seedDemo } from './seed/demo.ts';
import type { Clock } from './lib/clock.ts';
import { ImapPoller, startImapPolling } from './modules/email/imap-poller.ts';
import type { InboundOptions } from './modules/email/inbound-processor.service.ts';
import { type MailTransport, createSmtpTransport } from './modules/email/mail-transport.ts';
import { startSmtpListener } from './modules/email/smtp-listener.ts';
import { JobRunner } from './modules/jobs/job-runner.ts';
import { JobRetention, jobPurgeEveryMs } from './modules/jobs/job-retention.ts';
import { startRoutingWorker } from './modules/routing/routing-worker.ts';
import { type Services, createServices } from './services.ts';

export interface Kefu {
  app: FastifyInstance;
  database: Database;
  services: Services;
  bus: EventBus;
  jobs: JobRunner;
  /** The SMTP listener's port, when it listens. */
  smtpPort: number | null;
  seeded: boolean;
  close(): Promise<void>;
}

export interface KefuOptions {
  database?: Database;
  /** The Redis channel events travel on when REDIS_URL is set (tests use one per run). */
  redisChannel?: string;
  /** How often realtime connections re-check their credentials (tests shorten it). */
  realtimeRevalidateMs?: number;
  /** Tests move time themselves. */
  clock?: Clock;
  /** `manual`: no polling; the caller runs `jobs.drain()` (tests that step through jobs). */
  jobs?: 'auto' | 'manual';
  mailTransport?: MailTransport;
  inboundMail?: InboundOptions;
  /** Tests only: webhooks may reach a receiver on 127.0.0.1 (never set in production). */
  allowLoopbackWebhooks?: boolean;
}

/**
 * Opens the database, applies migrations, seeds the demo once, and builds the HTTP app with the
 * realtime gateway. With REDIS_URL, events reach the gateways of every node through Redis.
 */
export async function createKefu(config: Config, options: KefuOptions = {}): Promise<Kefu> {
  // Database and Redis connection errors are logged through the app's logger once it exists.
  const logs: { to?: FastifyBaseLogger } = {};
  const database =
    options.database ??
    (await openDatabase(config.database, (error) =>
      logs.to?.warn({ err: error }, 'an idle database connection closed'),
    ));
  await migrate(database.db);
  const bus = config.redisUrl
    ? await createRedisEventBus({
        url: config.redisUrl,
        channel: options.redisChannel ?? 'kefu:events',
        onError: (error, what) => logs.to?.warn({ err: error }, what),
      })
    : createLocalEventBus();
  const clock = options.clock ?? systemClock;
  const uow = createUnitOfWork(database.db, bus, clock, database.priority, presentDeferredEvents);
  const jobs = new JobRunner(
    {
      uow,
      clock,
      ids: newId,
      log: { warn: (o, m) => logs.to?.warn(o, m), error: (o, m) => logs.to?.error(o, m) },
    },
    { concurrency: config.jobConcurrency },
  );
  const retention = new JobRetention({ uow, clock }, config.jobRetention);
  jobs.register(retention.handler());
  const transport = options.mailTransport ?? createSmtpTransport();
  const blobs = createLocalBlobStore(config.blobDir);
  const services = createServices({
    uow,
    clock,
    ids: newId,
    hasher: argon2Hasher,
    publicUrl: config.publicUrl,
    blobs,
    maxUploadBytes: config.maxUploadBytes,
    signals: bus,
    jobs,
    mail: {
      transport,
      smtpUrl: config.mail.smtpUrl,
      ...(options.inboundMail ? { inbound: options.inboundMail } : {}),
    },
    allowLoopbackWebhooks: options.allowLoopbackWebhooks ?? false,
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
    availability: {
      touch: (workspaceId, userId) => services.widget.availability.touch(workspaceId, userId),
      connected: (workspaceId, userId) =>
        services.routing.lifecycle.agentStatusChanged(workspaceId, userId),
      disconnected: (workspaceId, userId) =>
        services.routing.lifecycle.agentDisconnected(workspaceId, userId),
    },
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
  const worker = config.roles.has('worker');
  const smtp =
    worker && config.mail.listenPort !== null
      ? await startSmtpListener(
          {
            inbound: services.email.inbound,
            findChannel: (key) => uow.read((repos) => repos.mailChannels.findByAddress(key)),
            countOversize: (id) =>
              uow.read((repos) => repos.mailChannels.countOversize(id)).then(() => undefined),
            log: app.log,
          },
          {
            host: config.mail.listenHost,
            port: config.mail.listenPort,
            maxBytes: config.mail.maxBytes,
          },
        )
      : null;
  const imap = new ImapPoller({ uow, clock, inbound: services.email.inbound, log: app.log });
  const stopImap =
    worker && options.jobs !== 'manual' ? startImapPolling(imap, config.mail.imapPollMs) : null;
  if (worker && options.jobs !== 'manual') jobs.start();
  // Events whose writer stopped between its commit and positioning them (a killed node).
  const sweep = worker
    ? setInterval(() => void uow.positioner.sweep().catch(logSweep), 5000)
    : null;
  // Routing: freed capacity (a solved or reassigned conversation) drains the agent's teams, and
  // a slow sweep catches anything a lost event left waiting.
  const stopRouting =
    worker && options.jobs !== 'manual' ? startRoutingWorker(services.routing, bus, app.log) : null;
  // Analytics: conversations marked dirty by writes get their report facts recomputed.
  const analytics =
    worker && options.jobs !== 'manual'
      ? setInterval(
          () =>
            void services.analyticsRefresher
              .refresh(null, 20)
              .catch((error: unknown) => app.log.error({ err: error }, 'analytics refresh failed')),
          5000,
        )
      : null;
  // The scheduler role queues the time-rule check every few minutes (once per slot cluster-wide).
  const scheduleTimeRules = () =>
    void services.automations
      .scheduleTimeRules()
      .catch((error: unknown) => app.log.error({ err: error }, 'queueing time rules failed'));
  const timeRules =
    config.roles.has('scheduler') && options.jobs !== 'manual'
      ? setInterval(scheduleTimeRules, services.automations.timeRuleCheckMs)
      : null;
  if (timeRules) scheduleTimeRules();
  // And the hourly deletion of finished jobs past their retention.
  const schedulePurge = () =>
    void retention
      .schedule(jobs)
      .catch((error: unknown) => app.log.error({ err: error }, 'queueing the job purge failed'));
  const purges = timeRules ? setInterval(schedulePurge, jobPurgeEveryMs) : null;
  if (purges) schedulePurge();
  function logSweep(error: unknown) {
    app.log.error({ err: error }, 'positioning realtime events failed');
  }
  return {
    app,
    database,
    services,
    bus,
    jobs,
    smtpPort: smtp?.port ?? null,
    seeded,
    async close() {
      await smtp?.close();
      await stopImap?.();
      await jobs.stop();
      if (sweep) clearInterval(sweep);
      if (timeRules) clearInterval(timeRules);
      if (purges) clearInterval(purges);
      if (analytics) clearInterval(analytics);
      stopRouting?.();
      transport.close();
      await app.close();
      await uow.positioner.idle();
      await bus.close();
      await database.close();
    },
  };
}
