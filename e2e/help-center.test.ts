/**
 * The public help center in Chromium with JavaScript turned off, against a real Kefu with the
 * demo workspace: home, category, article and search pages in zh-CN and en, the search form,
 * "Was this helpful?" and the contact form all work as plain HTML; axe finds nothing serious.
 * Then an editor changes an article in the workspace's Knowledge area and readers see it.
 * Screenshots go to .tmp/screenshots/help-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogin, demoWidgetKey } from '../apps/server/src/seed/demo.ts';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';
import { axeSeriousViolations, untranslatedText } from './support/pages.ts';

let kefu: RunningKefu;
let browser: Browser;
let noScript: BrowserContext;
let reader: Page;
let slug: string;

const cases = [
  {
    locale: 'zh-CN',
    category: '退货与退款',
    article: '退款多久到账？',
    search: '钱 退回来 什么时候',
    searchHit: '退款多久到账？',
    helpful: '这篇文章对您有帮助吗？',
    no: '没有帮助',
    thanks: '我们会根据您的反馈改进这篇文章',
  },
  {
    locale: 'en',
    category: 'Returns and refunds',
    article: 'When will I get my refund?',
    search: 'when do I get my refnud',
    searchHit: 'When will I get my refund?',
    helpful: 'Was this article helpful?',
    no: 'No',
    thanks: 'We will use your feedback',
  },
] as const;

const visited: string[] = [];

beforeAll(async () => {
  kefu = await startBrowserKefu();
  browser = await launchBrowser();
  const site = await kefu.kefu.services.helpCenter.site(demoWidgetKey);
  slug = site!.slug;
  noScript = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 1280, height: 900 },
  });
  reader = await noScript.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

describe.each(cases)('help center in $locale without JavaScript', (c) => {
  it('goes from home to a category to an article', async () => {
    const response = await reader.goto(`${kefu.url}/help/${slug}/${c.locale}/`);
    expect(response!.status()).toBe(200);
    expect(await reader.locator('html').getAttribute('lang')).toBe(c.locale);
    expect(await reader.content()).not.toContain('<script');
    await screenshot(reader, `help-home-${c.locale}`);
    visited.push(reader.url());

    await reader.getByRole('link', { name: c.category, exact: true }).click();
    await reader.waitForURL(/\/categories\//);
    expect(await reader.locator('h1').textContent()).toBe(c.category);
    await screenshot(reader, `help-category-${c.locale}`);
    visited.push(reader.url());

    await reader.getByRole('link', { name: c.article, exact: true }).click();
    await reader.waitForURL(/\/articles\//);
    expect(await reader.locator('h1').textContent()).toBe(c.article);
    expect(await reader.locator('link[rel=canonical]').getAttribute('href')).toBe(reader.url());
    expect(await reader.locator('link[rel=alternate][hreflang]').count()).toBe(3);
    await screenshot(reader, `help-article-${c.locale}`);
    visited.push(reader.url());

    await reader.getByRole('group', { name: c.helpful }).getByRole('textbox').fill('more detail');
    await reader.getByRole('button', { name: c.no, exact: true }).click();
    await reader.waitForURL(/feedback\/thanks/);
    expect(await reader.locator('h1').textContent()).toContain(c.thanks);
  });

  it('searches with the form', async () => {
    await reader.goto(`${kefu.url}/help/${slug}/${c.locale}/`);
    await reader.locator('#q').fill(c.search);
    await reader.locator('#q').press('Enter');
    await reader.waitForURL(/\/search\?q=/);
    const first = reader.locator('main .list li a').first();
    expect(await first.textContent()).toBe(c.searchHit);
    expect(await reader.locator('main').textContent()).not.toMatch(/内部|Internal/);
    await screenshot(reader, `help-search-${c.locale}`);
    visited.push(reader.url());
  });
});

describe('help center forms and accessibility', () => {
  it('opens a conversation from the contact form, and refuses it without an email address', async () => {
    await reader.goto(`${kefu.url}/help/${slug}/en/contact`);
    await reader.getByLabel('Your question').fill('My parcel has not arrived.');
    await reader.getByRole('button', { name: 'Send message' }).click();
    await reader.waitForLoadState();
    expect(await reader.locator('#email-error').textContent()).toContain('required');
    await screenshot(reader, 'help-contact-error-en');
    await reader.getByLabel('Your email address').fill('reader@example.com');
    await reader.getByRole('button', { name: 'Send message' }).click();
    await reader.waitForURL(/contact\/sent\?ref=\d+/);
    expect(await reader.locator('h1').textContent()).toBe('Thank you, we received your message.');
    const conversations = await kefu.kefu.database.db
      .selectFrom('conversations')
      .select(['subject', 'channel'])
      .where('subject', '=', 'My parcel has not arrived.')
      .execute();
    expect(conversations).toEqual([{ subject: 'My parcel has not arrived.', channel: 'email' }]);
  });

  it('has no serious axe findings on any page visited', async () => {
    expect(visited.length).toBe(8);
    const withScript = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await withScript.newPage();
    for (const url of [...visited, `${kefu.url}/help/${slug}/zh-CN/contact`]) {
      await page.goto(url);
      expect([url, await axeSeriousViolations(page)]).toEqual([url, []]);
    }
    // A narrow screen keeps everything reachable.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(visited[2]!);
    await screenshot(page, 'help-article-zh-CN-mobile');
    await withScript.close();
  });
});

describe('Knowledge area in the workspace', () => {
  it('an editor changes an article and publishes it; readers see the new version', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agent = await context.newPage();
    await agent.goto(`${kefu.url}/app/`);
    await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
    await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
    await agent.locator('form button[type=submit]').click();
    await agent.waitForSelector('.sidebar');
    // Watched from here: before signing in, the session check answers 401 by design.
    const errors = watchPageErrors(agent);
    await agent.getByRole('link', { name: '知识库' }).click();
    await agent.waitForSelector('.kb-table');
    await screenshot(agent, 'help-admin-list-zh-CN');
    await agent.getByRole('link', { name: '退款多久到账？' }).click();
    await agent.waitForSelector('.kb-editable');
    await agent.getByRole('button', { name: /^en · / }).click();
    await agent.getByLabel(/^Title|^标题/).fill('When will my refund arrive?');
    const body = agent.locator('.kb-editable');
    await body.click();
    await agent.keyboard.press('Control+End');
    await agent.keyboard.type(' Bank transfers take up to 7 days.');
    await agent.getByRole('button', { name: '发布', exact: true }).click();
    await agent.waitForSelector('text=已发布（第 2 版）');
    await screenshot(agent, 'help-admin-editor-zh-CN');
    expect(errors).toEqual([]);

    await reader.goto(`${kefu.url}/help/${slug}/en/search?q=refund`);
    await reader.getByRole('link', { name: 'When will my refund arrive?' }).click();
    expect(await reader.locator('.article-body').textContent()).toContain(
      'Bank transfers take up to 7 days.',
    );

    // In English, the workspace's own words are translated (article data may stay Chinese).
    await agent.waitForSelector('.toast', { state: 'detached', timeout: 15_000 });
    await agent
      .getByRole('combobox', { name: /^(语言|Language)$/ })
      .first()
      .selectOption('en');
    await agent.waitForSelector('text=Published (version 2)');
    const stored = (
      await kefu.kefu.database.db
        .selectFrom('kb_article_translations')
        .select(['draft_title as title', 'draft_body_text as body'])
        .execute()
    ).flatMap((r) => [r.title, ...r.body.split('\n')]);
    expect(await untranslatedText(agent, stored)).toEqual([]);
    await screenshot(agent, 'help-admin-editor-en');
    await context.close();
  });
});
