import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWidgetKey } from '../../seed/demo.ts';
import type { Kefu } from '../../server.ts';
import { startTestKefu } from '../../test/harness.ts';

/** A new user's demo workspace has a help center with real articles in both languages. */
describe('demo help center', () => {
  let kefu: Kefu;
  beforeAll(async () => {
    kefu = await startTestKefu('pglite', { SEED_DEMO: 'true' });
  });
  afterAll(() => kefu.close());

  it('is reachable by the demo widget key and shows the seeded public articles only', async () => {
    const byKey = await kefu.app.inject({
      method: 'GET',
      url: `/help/${demoWidgetKey}`,
      headers: { 'accept-language': 'en-GB,en;q=0.8' },
    });
    expect(byKey.statusCode).toBe(302);
    const home = byKey.headers.location as string;
    expect(home).toMatch(/^\/help\/kefu-demo[\w-]*\/en\/$/);
    const page = await kefu.app.inject({ method: 'GET', url: home });
    expect(page.body).toContain('Shipping and delivery');
    expect(page.body).toContain('When will I get my refund?');
    expect(page.body).not.toContain('(Internal)');

    const keyed = await kefu.app.inject({ method: 'GET', url: `/help/${demoWidgetKey}/zh-CN/` });
    expect(keyed.statusCode).toBe(301);
    expect(keyed.headers.location).toBe(home.replace('/en/', '/zh-CN/'));

    const search = await kefu.app.inject({
      method: 'GET',
      url: `${home.replace('/en/', '/zh-CN/')}search?q=${encodeURIComponent('钱什么时候退回来')}`,
    });
    expect(search.body).toContain('退款多久到账？');
    expect(search.body).not.toContain('（内部）');
  });
});
