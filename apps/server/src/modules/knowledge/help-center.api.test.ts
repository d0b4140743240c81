import type { KbArticle } from '@kefu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { knowledgeClient, workspaceSlug } from './knowledge-test-helpers.ts';

describe.each(databaseKinds)('public help center on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let slug: string;
  const articles: Record<string, KbArticle> = {};

  const get = (url: string, headers: Record<string, string> = {}) =>
    kefu.app.inject({ method: 'GET', url, headers });
  const postForm = (url: string, form: Record<string, string>, ip = '203.0.113.7') =>
    kefu.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: ip,
    });
  const page = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Help');
    slug = await workspaceSlug(kefu, owner);
    const kb = knowledgeClient(kefu, owner);
    const shipping = await kb.category({
      'zh-CN': { name: '配送与物流', description: '订单什么时候到' },
      en: { name: 'Shipping', description: 'When your order arrives' },
    });
    const address = await kb.article({
      categoryId: shipping.id,
      locale: 'zh-CN',
      title: '如何修改收货地址',
      bodyHtml: '<p>订单发货前，您可以在“我的订单”里修改收货地址。发货后请联系客服。</p>',
      questions: ['我填错地址了怎么办？'],
      publish: true,
    });
    await kb.saveDraft(address.id, {
      locale: 'en',
      title: 'How do I change my delivery address?',
      bodyHtml: '<p>Before your order ships, change the address under My orders.</p>',
    });
    articles.address = await kb.publish(address.id, 'en');
    articles.refund = await kb.article({
      categoryId: shipping.id,
      locale: 'en',
      title: 'Refund policy <img src=x onerror=alert(1)>',
      bodyHtml: '<p>Refunds reach your card within 5 working days after we receive the parcel.</p>',
      questions: ['When do I get my money back?'],
      publish: true,
    });
    articles.internal = await kb.article({
      categoryId: shipping.id,
      locale: 'en',
      title: 'Secret refund override for agents',
      bodyHtml: '<p>Internal refund override steps.</p>',
      visibility: 'internal',
      publish: true,
    });
    articles.vip = await kb.article({
      categoryId: shipping.id,
      locale: 'en',
      title: 'VIP express refund lane',
      bodyHtml: '<p>VIP customers get refund within a day.</p>',
      audienceTiers: ['vip'],
      publish: true,
    });
    articles.draft = await kb.article({
      categoryId: shipping.id,
      locale: 'en',
      title: 'Unreleased refund changes',
      bodyHtml: '<p>Draft refund text.</p>',
    });
  });
  afterAll(() => kefu.close());

  const hidden = () => [
    'Secret refund override',
    'VIP express refund lane',
    'Unreleased refund changes',
  ];

  it('renders home, category and article pages in both languages with canonical and hreflang links', async () => {
    const root = await get(`/help/${slug}`, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe(`/help/${slug}/zh-CN/`);

    const zh = await page(`/help/${slug}/zh-CN/`);
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('配送与物流');
    expect(zh).toContain('如何修改收货地址');
    expect(zh).toMatch(
      /<link rel="alternate" hreflang="en" href="http:\/\/[^"]+\/help\/[^"]+\/en\/" \/>/,
    );
    const en = await page(`/help/${slug}/en/`);
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Shipping');
    expect(en).toContain('How do I change my delivery address?');
    // An editor's title is text, never markup.
    expect(en).toContain('Refund policy &lt;img src=x onerror=alert(1)&gt;');
    expect(en).not.toContain('<img src=x');
    for (const title of hidden()) expect(en).not.toContain(title);

    const id = articles.address!.id;
    const short = await get(`/help/${slug}/en/articles/${id}`);
    expect(short.statusCode).toBe(301);
    const canonical = `/help/${slug}/en/articles/${id}-how-do-i-change-my-delivery-address`;
    expect(short.headers.location).toBe(canonical);
    const article = await page(canonical);
    expect(article).toContain('<h1>How do I change my delivery address?</h1>');
    expect(article).toContain(`<link rel="canonical" href="http://localhost:80${canonical}" />`);
    expect(article).toContain(
      `hreflang="zh-CN" href="http://localhost:80/help/${slug}/zh-CN/articles/${id}"`,
    );
    const zhArticle = await page(`/help/${slug}/zh-CN/articles/${id}`);
    expect(zhArticle).toContain('发货后请联系客服');
    expect(zhArticle).toContain('这篇文章对您有帮助吗？');

    const headers = (await get(canonical)).headers;
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-type']).toBe('text/html; charset=utf-8');

    const sitemap = await get(`/help/${slug}/sitemap.xml`);
    expect(sitemap.statusCode).toBe(200);
    expect(sitemap.body).toContain(`/help/${slug}/zh-CN/articles/${id}</loc>`);
    expect(sitemap.body).toContain(`xhtml:link rel="alternate" hreflang="en"`);
    for (const hiddenArticle of [articles.internal!, articles.vip!, articles.draft!])
      expect(sitemap.body).not.toContain(hiddenArticle.id);
  });

  it('never shows internal, tier-restricted or unpublished articles, even by their URL', async () => {
    for (const article of [articles.internal!, articles.vip!, articles.draft!]) {
      const response = await get(`/help/${slug}/en/articles/${article.id}`);
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('Page not found');
      const feedback = await postForm(`/help/${slug}/en/articles/${article.id}/feedback`, {
        helpful: 'yes',
      });
      expect(feedback.statusCode).toBe(404);
    }
    const search = await page(`/help/${slug}/en/search?q=refund`);
    expect(search).toContain('Refund policy');
    for (const title of hidden()) expect(search).not.toContain(title);
    // A whole other workspace does not see this one's articles under its own address.
    const other = await signUp(kefu.app, 'Other');
    const otherSlug = await workspaceSlug(kefu, other);
    const foreign = await get(`/help/${otherSlug}/en/articles/${articles.refund!.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(await page(`/help/${otherSlug}/en/search?q=refund`)).not.toContain('Refund policy');
    expect((await get('/help/no-such-workspace/en/')).statusCode).toBe(404);
  });

  it('finds Chinese with the words in another order and English with a typo', async () => {
    const zh = await page(`/help/${slug}/zh-CN/search?q=${encodeURIComponent('地址 修改')}`);
    expect(zh).toContain('如何修改收货地址');
    const reordered = await page(
      `/help/${slug}/zh-CN/search?q=${encodeURIComponent('收货地址怎么改修改')}`,
    );
    expect(reordered).toContain('如何修改收货地址');
    const typo = await page(`/help/${slug}/en/search?q=refnud`);
    expect(typo).toContain('Refund policy');
    expect(typo).not.toContain('How do I change my delivery address?');
    const none = await page(
      `/help/${slug}/en/search?q=${encodeURIComponent('<script>x</script>')}`,
    );
    expect(none).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(none).not.toContain('<script>x');
  });

  it('records "Was this helpful?" with an optional reason and thanks the reader', async () => {
    const id = articles.refund!.id;
    const yes = await postForm(`/help/${slug}/en/articles/${id}/feedback`, {
      helpful: 'yes',
      reason: '',
    });
    expect(yes.statusCode).toBe(303);
    const no = await postForm(`/help/${slug}/en/articles/${id}/feedback`, {
      helpful: 'no',
      reason: 'Does not say how to return by post',
    });
    expect(no.statusCode).toBe(303);
    const thanks = await page(no.headers.location as string);
    expect(thanks).toContain('We will use your feedback');
    const bad = await postForm(`/help/${slug}/en/articles/${id}/feedback`, { helpful: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Please correct');

    const kb = knowledgeClient(kefu, owner);
    const article = await kb.call<KbArticle>('GET', `/articles/${id}`);
    expect([article.helpful, article.notHelpful]).toEqual([1, 1]);
    const reasons = await kb.call<{ items: { reason: string; helpful: boolean }[] }>(
      'GET',
      `/articles/${id}/feedback`,
    );
    expect(reasons.items).toEqual([
      expect.objectContaining({ helpful: false, reason: 'Does not say how to return by post' }),
    ]);
  });

  it('opens an email conversation from the contact form and refuses bad input with 4xx pages', async () => {
    const url = `/help/${slug}/zh-CN/contact`;
    expect(await page(url)).toContain('您的邮箱');
    const missing = await postForm(url, { name: 'Li', email: '', message: '' }, '198.51.100.1');
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('此项为必填。');
    expect(missing.body).toContain('aria-invalid="true"');
    expect(missing.body).toContain('value="Li"');
    const invalid = await postForm(url, { email: 'not-an-address', message: 'hi' }, '198.51.100.1');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('请输入有效的邮箱地址');

    const sent = await postForm(
      url,
      {
        name: '王小明',
        email: 'xiaoming@example.com',
        message: '我的包裹还没到，请帮我查一下。',
        context: `article:${articles.address!.id}`,
      },
      '198.51.100.1',
    );
    expect(sent.statusCode, sent.body).toBe(303);
    expect(await page(sent.headers.location as string)).toContain('我们已收到您的留言');
    const conversations = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?channel=email',
      ...as(owner),
    });
    const items = conversations.json<{
      items: { id: string; subject: string; tags: string[]; customer: { name: string } }[];
    }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      subject: '我的包裹还没到，请帮我查一下。',
      tags: ['help-center'],
      customer: { name: '王小明' },
    });
    const messages = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${items[0]!.id}/messages`,
      ...as(owner),
    });
    expect(messages.json<{ items: { body: string }[] }>().items[0]!.body).toContain(
      `/help/${slug}/zh-CN/articles/${articles.address!.id}`,
    );

    // The honeypot: thanked, nothing opened.
    const bot = await postForm(
      url,
      { email: 'bot@example.com', message: 'buy now', website: 'http://spam.example' },
      '198.51.100.2',
    );
    expect(bot.statusCode).toBe(303);
    // Throttled per address: five messages in ten minutes, then 429 with Retry-After.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await postForm(
        url,
        { email: `flood${i}@example.com`, message: `flood ${i}` },
        '198.51.100.3',
      );
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.headers['retry-after']).toBeDefined();
        expect(response.body).toContain('请几分钟后再试');
      }
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    const after = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?channel=email&limit=100',
      ...as(owner),
    });
    expect(after.json<{ items: unknown[] }>().items).toHaveLength(6);
  });
});
