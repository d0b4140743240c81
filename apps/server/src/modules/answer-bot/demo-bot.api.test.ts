import type { BotTurn } from '@kefu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWidgetKey } from '../../seed/demo.ts';
import type { Kefu } from '../../server.ts';
import { startTestKefu } from '../../test/harness.ts';

/** A new user opens the demo widget and asks a question: the bot answers from a demo article. */
describe('the demo workspace’s answer bot', () => {
  let kefu: Kefu;
  beforeAll(async () => {
    kefu = await startTestKefu('pglite', { SEED_DEMO: 'true' });
  });
  afterAll(() => kefu.close());

  async function ask(question: string, locale: 'zh-CN' | 'en'): Promise<BotTurn> {
    const session = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/widget/session',
      payload: { key: demoWidgetKey, locale },
    });
    expect(session.statusCode, session.body).toBe(201);
    const response = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/widget/bot/questions',
      headers: { authorization: `Bearer ${session.json<{ visitorToken: string }>().visitorToken}` },
      payload: { question, locale },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<BotTurn>();
  }

  it('is on for the demo widget', async () => {
    const status = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/widget/bot?key=${demoWidgetKey}`,
    });
    expect(status.json()).toEqual({ enabled: true });
  });

  it.each([
    ['退款多久到账', 'zh-CN', '退款多久到账？'],
    ['怎么修改收货地址', 'zh-CN', '如何修改收货地址？'],
    ['忘记密码了怎么办', 'zh-CN', '忘记密码怎么办？'],
    ['When will I get my refund?', 'en', 'When will I get my refund?'],
    ['how do I track my order', 'en', 'How do I track my parcel?'],
    ['I forgot my password', 'en', 'I forgot my password'],
  ] as const)('answers “%s” (%s) from the article “%s”', async (question, locale, title) => {
    const turn = await ask(question, locale);
    expect(turn).toMatchObject({ answered: true, article: { title } });
    expect(turn.article!.url).toMatch(/\/help\/[^/]+\/(zh-CN|en)\/articles\//);
  });

  it('declines what no demo article covers, and never quotes the internal article', async () => {
    expect((await ask('Do you sell submarines?', 'en')).answered).toBe(false);
    const internal = await ask('超过七天还能退吗', 'zh-CN');
    expect(internal.article?.title ?? '').not.toContain('内部');
  });
});
