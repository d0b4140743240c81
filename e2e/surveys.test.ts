/**
 * Surveys in Chromium against a real Kefu (demo workspace, production build, PGlite): a chat
 * visitor whose conversation is solved rates it in the widget, once in zh-CN and once in en;
 * the page a survey mail's one-click link opens works with JavaScript turned off; the agent
 * sees the result in the conversation's details. Screenshots go to .tmp/screenshots/surveys-*.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { axeSeriousViolations, untranslatedText, widgetFrame } from './support/pages.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

let kefu: RunningKefu;
let browser: Browser;
let session: { cookie: string; csrf: string };

/** Calls the API as the demo owner, in-process. */
async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) {
  const response = await kefu.kefu.app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
  });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.body}`);
  return response.json<T>();
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
  session = {
    cookie: `kefu_session=${cookie.value}`,
    csrf: login.json<{ csrfToken: string }>().csrfToken,
  };
  await call('PUT', '/api/v1/surveys/settings', {
    csatEnabled: true,
    csatScale: 5,
    csatReasons: [
      { id: 'fast', en: 'Quick answer', zh: '回复很快' },
      { id: 'slow', en: 'Took too long', zh: '等待时间太长' },
    ],
    csatComment: true,
    npsEnabled: false,
    npsMode: 'periodic',
    npsIntervalDays: 90,
    cesEnabled: true,
    channels: ['chat', 'email'],
    delayMinutes: 0,
    windowDays: 28,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

/** A visitor on the demo shop starts a chat; returns the frame and the conversation id. */
async function startChat(page: Page, locale: 'zh-CN' | 'en', text: string) {
  await page.goto(`${kefu.url}/demo`);
  if (locale === 'en')
    await page.evaluate(() =>
      (window as unknown as { Kefu: (c: string, a: string) => void }).Kefu('locale', 'en'),
    );
  await page.locator('#kefu-launcher').click();
  const frame = await widgetFrame(page);
  await frame.getByLabel(locale === 'en' ? 'Email' : '邮箱').fill(`survey-${locale}@example.com`);
  await frame.getByRole('button', { name: locale === 'en' ? 'Start chat' : '开始咨询' }).click();
  await frame.waitForSelector('#kefu-composer');
  await frame.fill('#kefu-composer', text);
  await frame.press('#kefu-composer', 'Enter');
  await frame.waitForSelector(`.message--customer :text("${text}")`);
  // The widget shows the message while it is still being sent: on a busy machine the
  // conversation can reach the API a moment later, so look until it is there.
  let found: string[] = [];
  await expect
    .poll(
      async () => {
        found = await conversationsWith(text);
        return found.length;
      },
      { timeout: 15_000 },
    )
    .toBe(1);
  return { frame, conversationId: found[0]! };
}

/** The chat conversations (of the latest five) that hold a message with this text. */
async function conversationsWith(text: string) {
  const { items } = await call<{ items: { id: string }[] }>(
    'GET',
    '/api/v1/conversations?channel=chat&limit=5',
  );
  const found: string[] = [];
  for (const item of items) {
    const messages = await call<{ items: { body: string }[] }>(
      'GET',
      `/api/v1/conversations/${item.id}/messages`,
    );
    if (messages.items.some((m) => m.body === text)) found.push(item.id);
  }
  return found;
}

async function surveysOf(conversationId: string) {
  return (
    await call<{
      items: {
        kind: string;
        response: { score: number; reasons: string[]; comment: string | null } | null;
      }[];
    }>('GET', `/api/v1/conversations/${conversationId}/surveys`)
  ).items;
}

describe('surveys', () => {
  let zhConversation = '';

  it('a visitor rates a solved chat in zh-CN: face, reason and comment, then changes the score', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 860 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const { frame, conversationId } = await startChat(page, 'zh-CN', '茶叶什么时候发货？');
    zhConversation = conversationId;
    await call('PATCH', `/api/v1/conversations/${conversationId}`, { status: 'solved' });
    const good = frame.getByRole('radio', { name: '满意', exact: true });
    await good.waitFor({ timeout: 15_000 });
    await screenshot(page, 'surveys-widget-zh-card');
    await frame.getByText('您对本次服务满意吗？').waitFor();
    await frame
      .locator('.survey--ces .survey__question:has-text("让我轻松地处理了我的问题")')
      .waitFor();
    await good.click();
    await frame.waitForSelector('.survey--csat .survey__status:has-text("感谢您的评价")');
    expect(await good.getAttribute('aria-checked')).toBe('true');
    await frame.locator('.survey--csat').getByLabel('回复很快').check();
    await frame
      .locator('.survey--csat')
      .getByLabel(/还有什么想告诉我们的吗/)
      .fill('<b>很专业</b>，谢谢');
    await frame.locator('.survey--csat').getByRole('button', { name: '提交' }).click();
    // Sent: the details fold away, the thanks stays.
    await frame.locator('.survey--csat .survey__details').waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await surveysOf(conversationId)).find((s) => s.kind === 'csat')?.response)
      .toMatchObject({
        score: 4,
        reasons: ['fast'],
        comment: '<b>很专业</b>，谢谢',
      });
    // Changed within the window: one response, the new score.
    await frame.getByRole('radio', { name: '非常满意' }).click();
    await expect
      .poll(
        async () =>
          (await surveysOf(conversationId)).find((s) => s.kind === 'csat')?.response?.score,
      )
      .toBe(5);
    await frame.locator('.survey--ces').getByRole('radio', { name: '同意', exact: true }).click();
    await frame.waitForSelector('.survey--ces .survey__status:has-text("感谢您的评价")');
    expect(await axeSeriousViolations(frame)).toEqual([]);
    await screenshot(page, 'surveys-widget-zh');
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
    await context.close();
  });

  it('a visitor rates a solved chat in English', async () => {
    const context = await browser.newContext({
      viewport: { width: 1200, height: 860 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    const { frame, conversationId } = await startChat(page, 'en', 'When will my tea ship?');
    await call('PATCH', `/api/v1/conversations/${conversationId}`, { status: 'solved' });
    const bad = frame.getByRole('radio', { name: 'Bad', exact: true });
    await bad.waitFor({ timeout: 15_000 });
    await frame.getByText('How would you rate our support?').waitFor();
    await bad.click();
    await frame.waitForSelector(
      '.survey--csat .survey__status:has-text("Thank you for your feedback!")',
    );
    await frame.locator('.survey--csat').getByLabel('Took too long').check();
    await frame.locator('.survey--csat').getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(async () => (await surveysOf(conversationId)).find((s) => s.kind === 'csat')?.response)
      .toMatchObject({
        score: 2,
        reasons: ['slow'],
      });
    await frame.locator('.survey--ces').getByRole('radio', { name: 'Strongly agree' }).click();
    await frame.waitForSelector('.survey--ces .survey__status:has-text("Thank you")');
    const workspaces = await kefu.kefu.database.db
      .selectFrom('workspaces')
      .select('name')
      .execute();
    expect(
      await untranslatedText(
        frame,
        workspaces.map((w) => w.name),
      ),
    ).toEqual([]);
    expect(await axeSeriousViolations(frame)).toEqual([]);
    await screenshot(page, 'surveys-widget-en');
    await context.close();
  });

  it('the page of a one-click link works with JavaScript turned off, and refuses a tampered link', async () => {
    const created = await call<{ links: { score: number; url: string }[] }>(
      'POST',
      '/api/v1/surveys/requests',
      {
        conversationId: zhConversation,
        kind: 'nps',
        locale: 'en',
      },
    );
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 900, height: 900 },
    });
    const page = await context.newPage();
    const nine = new URL(created.links.find((l) => l.score === 9)!.url);
    const response = await page.goto(`${kefu.url}${nine.pathname}${nine.search}`);
    expect(response?.status()).toBe(200);
    await page.getByText('Thank you! Your answer is recorded.').waitFor();
    expect(await page.getByRole('radio', { name: /^9$/ }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: /^10 · Extremely likely$/ }).check();
    await page
      .getByLabel(/Anything else you would like to tell us/)
      .fill('Great tea <script>alert(1)</script>');
    await page.getByRole('button', { name: 'Save my answer' }).click();
    await page.getByText('Thank you! Your answer is recorded.').waitFor();
    expect(await page.locator('textarea').inputValue()).toBe('Great tea <script>alert(1)</script>');
    await screenshot(page, 'surveys-link-page');
    expect((await surveysOf(zhConversation)).find((s) => s.kind === 'nps')?.response).toMatchObject(
      {
        score: 10,
        comment: 'Great tea <script>alert(1)</script>',
      },
    );
    const tampered = await page.goto(
      `${kefu.url}${nine.pathname}${nine.search.replace('score=9', 'score=0')}`,
    );
    expect(tampered?.status()).toBe(403);
    await page.getByText('This link is not valid').waitFor();
    await screenshot(page, 'surveys-link-refused');
    await context.close();
  });

  it('the agent sees the ratings in the conversation details', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    });
    const agent = await context.newPage();
    await agent.goto(`${kefu.url}/app/`);
    await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
    await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
    await agent.locator('form button[type=submit]').click();
    await agent.waitForSelector('.sidebar');
    await agent.goto(`${kefu.url}/app/inbox/all/${zhConversation}`);
    const panel = agent.locator('.conversation-surveys');
    await panel.waitFor({ timeout: 15_000 });
    await panel.getByText('<b>很专业</b>，谢谢').waitFor();
    await panel.getByText('原因：回复很快').waitFor();
    expect(await panel.locator('b').count()).toBe(0);
    await screenshot(agent, 'surveys-agent-details');
    await agent.goto(`${kefu.url}/app/admin/surveys`);
    await agent.locator('.survey-summary').waitFor();
    await agent.locator('tr[data-rating]').first().waitFor();
    await screenshot(agent, 'surveys-admin');
    await context.close();
  });
});
