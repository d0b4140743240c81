/**
 * Agent assist in Chromium against a real Kefu (demo workspace, production build, PGlite): an
 * agent opens a conversation and sees a suggested article and suggested replies (a canned
 * response, an answer from a similar solved conversation) for the customer's question, in
 * zh-CN and en; inserts them into the composer (a public article as its help-center link);
 * and creates a knowledge article from the conversation. Screenshots: .tmp/screenshots/assist-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogin } from '../apps/server/src/seed/demo.ts';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';
import { axeSeriousViolations } from './support/pages.ts';

let kefu: RunningKefu;
let browser: Browser;
let agent: Page;
let errors: string[];
let auth: { headers: { cookie: string; 'x-csrf-token': string } };
let slug: string;
const ids = { zh: '', en: '' };

/** One API call as the demo owner, failing on an unexpected status. */
async function call<T>(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const response = await kefu.kefu.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(payload ? { payload } : {}),
    ...auth,
  });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.body}`);
  return response.json<T>();
}

async function conversation(input: { subject?: string; question: string; answer?: string }) {
  const created = await call<{ id: string }>('POST', '/conversations', {
    channel: 'chat',
    ...(input.subject ? { subject: input.subject } : {}),
    customer: {
      name: 'Lin Mei',
      identity: { kind: 'email', value: `lin${Math.random()}@example.com` },
    },
    message: { body: input.question },
  });
  if (input.answer)
    await call('POST', `/conversations/${created.id}/messages`, { body: input.answer });
  return created.id;
}

beforeAll(async () => {
  kefu = await startBrowserKefu();
  browser = await launchBrowser();
  const login = await kefu.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: demoLogin,
  });
  const cookie = login.cookies.find((c) => c.name === 'kefu_session')!;
  const session = login.json<{ csrfToken: string; workspace: { slug: string } }>();
  auth = { headers: { cookie: `kefu_session=${cookie.value}`, 'x-csrf-token': session.csrfToken } };
  slug = session.workspace.slug;

  const article = (body: object) => call('POST', '/knowledge/articles', { publish: true, ...body });
  await article({
    locale: 'zh-CN',
    title: '礼品包装服务',
    bodyHtml: '<p>下单时勾选“礼品包装”，我们会用环保纸包装并附上贺卡，免费。</p>',
    questions: ['可以帮我包装礼物吗？'],
  });
  await article({
    locale: 'en',
    title: 'Gift wrapping',
    bodyHtml:
      '<p>Tick “gift wrap” at checkout: we wrap it in recycled paper with a card, free.</p>',
    questions: ['Can you gift wrap my order?'],
  });
  await call('POST', '/canned-responses', {
    shortcut: 'giftwrap',
    title: 'Gift wrap',
    body: 'Hi {{customer.name}}, we gift wrap any order for free.',
  });
  await call('POST', '/canned-responses', {
    shortcut: 'lipin',
    title: '礼品包装',
    body: '{{customer.name}} 您好，礼品包装是免费的，下单时勾选即可。',
  });
  const solved = await conversation({
    question: 'Do you gift wrap presents for birthdays?',
    answer: 'Yes! Add a note at checkout and we wrap it with a birthday card.',
  });
  await call('PATCH', `/conversations/${solved}`, { status: 'solved' });

  ids.zh = await conversation({ question: '你好，可以帮我把订单做礼品包装吗？' });
  ids.en = await conversation({
    subject: 'Gift wrapping for my sister',
    question: 'Hello, can you gift wrap my order? It is for my sister.',
    answer: 'Of course: tick “gift wrap” at checkout and we add a card.',
  });

  agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await agent.goto(`${kefu.url}/app/`);
  await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
  await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
  await agent.locator('form button[type=submit]').click();
  await agent.waitForSelector('.sidebar');
  // Watched from here: before signing in, the session check answers 401 by design.
  errors = watchPageErrors(agent);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

const composerText = () => agent.locator('textarea.composer-input').inputValue();

describe('agent assist in the conversation view', () => {
  it('suggests an article and replies in Chinese, and inserts them into the reply', async () => {
    await agent.goto(`${kefu.url}/app/inbox/all/${ids.zh}`);
    const panel = agent.getByRole('region', { name: '智能推荐' });
    await panel.getByRole('link', { name: '礼品包装服务' }).waitFor();
    await panel.getByText('礼品包装', { exact: true }).waitFor();
    await panel.getByText('Lin Mei 您好，礼品包装是免费的，下单时勾选即可。').waitFor();
    // The demo's solved conversations share only "你好，可以帮我把…" with this question.
    expect(await panel.getByText(/发票/).count()).toBe(0);

    await panel.getByRole('button', { name: '将“礼品包装服务”插入回复' }).click();
    const withArticle = await composerText();
    expect(withArticle).toContain('我们会用环保纸包装并附上贺卡');
    expect(withArticle).toMatch(
      new RegExp(`礼品包装服务: https?://[^/]+/help/${slug}/zh-CN/articles/[0-9a-f-]+`),
    );

    await panel.getByRole('button', { name: '插入这条回复：礼品包装' }).click();
    const withReply = await composerText();
    expect(withReply).toContain(`${withArticle}\n\nLin Mei 您好，礼品包装是免费的`);
    await screenshot(agent, 'assist-zh-CN');
    expect(await axeSeriousViolations(agent)).toEqual([]);
  });

  it('suggests in English, with an answer from a solved conversation', async () => {
    await agent
      .getByRole('combobox', { name: /^(语言|Language)$/ })
      .first()
      .selectOption('en');
    await agent.goto(`${kefu.url}/app/inbox/all/${ids.en}`);
    const panel = agent.getByRole('region', { name: 'Suggestions' });
    await panel.getByRole('link', { name: 'Gift wrapping' }).waitFor();
    await panel.getByText('Gift wrap', { exact: true }).waitFor();
    await panel.getByText('Do you gift wrap presents for birthdays?').waitFor();
    expect(await panel.getByText('礼品包装服务').count()).toBe(0);

    await panel
      .getByRole('button', { name: 'Insert this reply: Do you gift wrap presents for birthdays?' })
      .click();
    expect(await composerText()).toBe(
      'Yes! Add a note at checkout and we wrap it with a birthday card.',
    );
    await screenshot(agent, 'assist-en');
  });

  it('creates a knowledge article from the conversation', async () => {
    await agent.getByRole('link', { name: 'Create article' }).click();
    await agent.waitForURL(/\/app\/knowledge\/articles\/new\?from=/);
    const title = agent.getByLabel(/^Title/);
    await agent.waitForFunction(
      () =>
        document.querySelector<HTMLInputElement>('.kb-article input')?.value ===
        'Gift wrapping for my sister',
    );
    expect(await title.inputValue()).toBe('Gift wrapping for my sister');
    expect(await agent.locator('.kb-editable').textContent()).toBe(
      'Of course: tick “gift wrap” at checkout and we add a card.',
    );
    expect(await agent.getByLabel(/^Example questions/).inputValue()).toBe(
      'Hello, can you gift wrap my order? It is for my sister.',
    );
    await screenshot(agent, 'assist-article-draft-en');

    await agent.getByRole('button', { name: 'Save draft' }).click();
    await agent.waitForURL(/\/app\/knowledge\/articles\/[0-9a-f-]{36}$/);
    const stored = await kefu.kefu.database.db
      .selectFrom('kb_article_translations')
      .select(['locale', 'draft_title', 'draft_body_html', 'draft_questions'])
      .where('draft_title', '=', 'Gift wrapping for my sister')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      locale: 'en',
      draft_body_html: '<p>Of course: tick “gift wrap” at checkout and we add a card.</p>',
      draft_questions: ['Hello, can you gift wrap my order? It is for my sister.'],
    });
    expect(errors).toEqual([]);
  });
});
