import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWidgetKey, findDemoWidgetKey } from '../../seed/demo.ts';
import type { Kefu } from '../../server.ts';
import { startTestKefu } from '../../test/harness.ts';

/** The demo page embeds the demo workspace's widget by a well-known key. */
describe('demo widget', () => {
  let kefu: Kefu;
  beforeAll(async () => {
    kefu = await startTestKefu('pglite', { SEED_DEMO: 'true' });
  });
  afterAll(() => kefu.close());

  it('is seeded with a known key and answers the widget config', async () => {
    expect(await findDemoWidgetKey(kefu.services)).toBe(demoWidgetKey);
    const config = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/widget/config?key=${demoWidgetKey}`,
    });
    expect(config.statusCode).toBe(200);
    expect(config.json()).toMatchObject({
      workspaceName: 'Kefu Demo 客服演示',
      preChat: { email: 'optional' },
      agentsOnline: false,
    });
    const session = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/widget/session',
      payload: { key: demoWidgetKey, locale: 'zh-CN' },
    });
    expect(session.statusCode).toBe(201);
  });
});
