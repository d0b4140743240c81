import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Database } from '../db/database.ts';
import type { Services } from '../services.ts';
import { installErrorHandling } from './errors.ts';
import { buildOpenApi } from './openapi.ts';
import { registerHelpCenter } from '../modules/knowledge/help-center.pages.ts';
import { type PagesOptions, registerPages } from './pages.ts';
import { registerRoutes } from './register.ts';
import { apiRoutes } from './routes.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { registerSurveyPages } from '../modules/surveys/survey-page.routes.ts';

export interface AppOptions {
  database: Database;
  services: Services;
  logLevel: string;
  trustProxy: boolean;
  bodyLimit?: number;
  maxUploadBytes: number;
  /** Extra registrations (the realtime gateway, uploads) that need the Fastify instance. */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  /** The workspace, widget and demo pages; absent in API-only test servers. */
  pages?: PagesOptions;
}

const metrics = new client.Registry();
client.collectDefaultMetrics({ register: metrics });
const httpDuration = new client.Histogram({
  name: 'kefu_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metrics],
});

/** Builds the HTTP server: API routes, health checks, metrics and the OpenAPI document. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: options.trustProxy,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
  });
  installErrorHandling(app);
  await app.register(cookie);
  // One file per request; the blob store enforces the exact size limit while streaming.
  await app.register(multipart, {
    limits: { files: 1, fields: 5, fileSize: options.maxUploadBytes + 1 },
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installSecurityHeaders(app);
  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await options.database.ping();
    return reply
      .status(ready ? 200 : 503)
      .send(
        ready
          ? { ok: true }
          : { error: { code: 'not_ready', message: 'The database is not reachable' } },
      );
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
  const openapi = buildOpenApi(apiRoutes);
  app.get('/api/openapi.json', async () => openapi);

  // Plugins first: @fastify/websocket must see every route registered after it, so that an
  // upgrade request to an ordinary route is refused rather than answered as plain HTTP.
  for (const plugin of options.plugins ?? []) await plugin(app);
  registerRoutes(app, apiRoutes, options.services);
  await registerSurveyPages(app, options.services.surveyLinks);
  if (options.pages) await registerPages(app, options.pages);
  // Server-rendered: the help center needs no built browser app.
  await registerHelpCenter(app, options.services);
  return app;
}
