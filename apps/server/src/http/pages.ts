import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { pageSecurityHeaders } from './security-headers.ts';

export interface PagesOptions {
  /** The folder scripts/build-frontends.mjs wrote. */
  publicDir: string;
  /** The demo workspace's widget key, or null when there is no demo workspace. */
  demoWidgetKey: () => Promise<string | null>;
  /**
   * The origins that may embed the widget with this key (empty: any), or null when the key is
   * unknown or the widget is off (then the frame may not be embedded anywhere).
   */
  widgetOrigins: (publicKey: string) => Promise<string[] | null>;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * Serves the browser apps: the agent workspace under /app/, the widget loader and its iframe,
 * and the demo shop page. Without a build (the server run from sources without `npm start`)
 * the pages answer 503 with how to build them, while the API keeps working.
 */
export async function registerPages(app: FastifyInstance, options: PagesOptions) {
  const { publicDir } = options;
  const built = () => existsSync(path.join(publicDir, 'app', 'index.html'));

  await app.register(fastifyStatic, {
    root: publicDir,
    serve: false,
    // Bundles carry a content hash in their URL (?v=), so they may be cached; HTML may not.
    cacheControl: false,
  });

  const notBuilt = (reply: FastifyReply) =>
    reply
      .status(503)
      .type('text/plain; charset=utf-8')
      .send(
        'The Kefu web apps are not built. Run `npm start`, or `node scripts/build-frontends.mjs`.\n',
      );

  const sendFile = (reply: FastifyReply, file: string, cache: 'immutable' | 'none') => {
    if (!built()) return notBuilt(reply);
    reply.header(
      'cache-control',
      cache === 'immutable' ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    return reply.sendFile(file);
  };

  app.get('/', (_request, reply) => reply.redirect('/app/'));
  app.get('/app', (_request, reply) => reply.redirect('/app/'));
  app.get('/app/*', (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    if (rest.startsWith('assets/')) return sendAsset(reply, `app/${rest}`);
    pageSecurityHeaders(reply, 'app');
    return sendFile(reply, 'app/index.html', 'none');
  });

  const sendAsset = (reply: FastifyReply, file: string) => {
    const clean = path.posix.normalize(file);
    if (clean.startsWith('..') || clean.includes('\0')) return reply.callNotFound();
    if (!existsSync(path.join(publicDir, clean))) return reply.callNotFound();
    return sendFile(reply, clean, 'immutable');
  };

  app.get('/widget.js', (_request, reply) => {
    // A classic script on other sites: allow it to load where COEP applies.
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return sendFile(reply, 'widget.js', 'none');
  });
  app.get('/widget/assets/*', (request, reply) =>
    sendAsset(reply, `widget/assets/${(request.params as { '*': string })['*']}`),
  );
  app.get('/widget/frame.html', async (request, reply) => {
    const key = (request.query as Record<string, unknown>).workspace;
    const origins = typeof key === 'string' ? await options.widgetOrigins(key) : null;
    pageSecurityHeaders(
      reply,
      'widget-frame',
      origins === null ? [] : origins.length ? origins : '*',
    );
    return sendFile(reply, 'widget/frame.html', 'none');
  });

  app.get('/demo', async (request, reply) => {
    if (!built()) return notBuilt(reply);
    const key = await options.demoWidgetKey();
    if (!key) {
      return reply
        .status(404)
        .type('text/plain; charset=utf-8')
        .send('There is no demo workspace. Start Kefu with SEED_DEMO=true to get one.\n');
    }
    const template = await readFile(path.join(publicDir, 'demo.html'), 'utf8');
    const origin = `${request.protocol}://${request.host}`;
    pageSecurityHeaders(reply, 'app');
    return reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(
        template
          .replaceAll('{{PUBLIC_KEY}}', escapeHtml(key))
          .replaceAll('{{ORIGIN}}', escapeHtml(origin)),
      );
  });
}
