import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFrontends, root } from '../../../../scripts/build-frontends.mjs';
import type { Kefu } from '../server.ts';
import { as, signUp, startTestKefu } from '../test/harness.ts';

// The pages' security headers: the workspace can never be framed, the widget's iframe only where
// the workspace allows it, and nothing is sniffed.
describe('pages and their security headers', () => {
  let kefu: Kefu;
  let publicDir: string;

  beforeAll(async () => {
    publicDir = path.join(root, '.tmp', `pages-test-${process.pid}`);
    await buildFrontends({ outDir: publicDir });
    kefu = await startTestKefu('pglite', { PUBLIC_DIR: publicDir });
  }, 120_000);
  afterAll(async () => {
    await kefu.close();
    await rm(publicDir, { recursive: true, force: true });
  });

  const get = (url: string) => kefu.app.inject({ method: 'GET', url });

  it('serves the workspace for every /app path with a strict policy and no framing', async () => {
    for (const url of ['/app/', '/app/inbox/all', '/app/admin/tags']) {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await get('/')).headers.location).toBe('/app/');
  });

  it('serves hashed bundles as immutable and refuses paths outside the build', async () => {
    const html = (await get('/app/')).body;
    const script = /src="(\/app\/assets\/app\.js\?v=\w+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const bundle = await get(script!);
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['cache-control']).toContain('immutable');
    expect((await get('/app/assets/../../../package.json')).statusCode).toBe(404);
    expect((await get('/app/assets/%2e%2e/%2e%2e/demo.html')).statusCode).toBe(404);
    expect((await get('/widget/assets/nothing.js')).statusCode).toBe(404);
  });

  it('lets the widget frame be embedded on the allowed origins only', async () => {
    const owner = await signUp(kefu.app);
    const settings = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/widget-settings',
      ...as(owner),
    });
    const key = settings.json<{ publicKey: string }>().publicKey;
    const frame = (k: string) => get(`/widget/frame.html?workspace=${encodeURIComponent(k)}`);

    const open = await frame(key);
    expect(open.statusCode).toBe(200);
    expect(open.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(open.headers['x-frame-options']).toBeUndefined();

    const patched = await kefu.app.inject({
      method: 'PATCH',
      url: '/api/v1/widget-settings',
      payload: { allowedOrigins: ['https://shop.example.com', 'https://*.example.org'] },
      ...as(owner),
    });
    expect(patched.statusCode).toBe(200);
    expect((await frame(key)).headers['content-security-policy']).toContain(
      'frame-ancestors https://shop.example.com https://*.example.org',
    );
    const unknown = await frame('wk_unknown_key_0000000000');
    expect(unknown.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    const injected = await kefu.app.inject({
      method: 'PATCH',
      url: '/api/v1/widget-settings',
      payload: { allowedOrigins: ["https://a.com;script-src 'unsafe-inline'"] },
      ...as(owner),
    });
    expect(injected.statusCode).toBe(400);
  });

  it('answers the API with nosniff and a deny-all policy', async () => {
    const response = await get('/api/v1/auth/session');
    expect(response.statusCode).toBe(401);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('says there is no demo without the demo workspace', async () => {
    const response = await get('/demo');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('SEED_DEMO');
  });
});
