/**
 * Both sides of a live conversation in Chromium against a real Kefu (`createKefu` with the demo
 * workspace, the production build of the apps, PGlite): a visitor on /demo and an agent in
 * /app/. Screenshots go to .tmp/screenshots/e2e-*.png.
 */
import type { Browser, BrowserContext, Frame, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { axeSeriousViolations, untranslatedText, widgetFrame } from './support/pages.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };
const xss = '<img src=x onerror=alert(1)> 看这里 javascript:alert(document.cookie)';

let kefu: RunningKefu;
let browser: Browser;
let visitorContext: BrowserContext;
let agentContext: BrowserContext;
let visitor: Page;
let agent: Page;
let frame: Frame;
const pageErrorLog = new Map<Page, string[]>();

beforeAll(async () => {
  kefu = await startBrowserKefu();
  browser = await launchBrowser();
  visitorContext = await browser.newContext({ viewport: { width: 1200, height: 860 } });
  agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  visitor = await visitorContext.newPage();
  agent = await agentContext.newPage();
  for (const page of [visitor, agent]) pageErrorLog.set(page, watchPageErrors(page));
}, 120_000);

// What each side showed when a step failed: the first thing to look at.
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.replace(/[^\w]+/g, '-').slice(0, 40);
  await screenshot(agent, `e2e-failed-${name}-agent`).catch(() => undefined);
  await screenshot(visitor, `e2e-failed-${name}-visitor`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

const pageErrors = (page: Page) =>
  (pageErrorLog.get(page) ?? []).filter(
    // 4xx answers the tests provoke on purpose (a refused identity) are logged by Chromium.
    (e) => !e.includes('Failed to load resource'),
  );

/** Names and messages held in the database: interface strings may quote them. */
async function storedData(): Promise<string[]> {
  const db = kefu.kefu.database.db;
  const names = await Promise.all([
    db.selectFrom('users').select('name').execute(),
    db.selectFrom('workspaces').select('name').execute(),
    db.selectFrom('customers').select('name').execute(),
    db.selectFrom('messages').select('body as name').execute(),
  ]);
  return names.flat().map((r) => r.name ?? '');
}

// The agent's realtime socket goes through a route the tests can cut, like a network drop.
const network = { down: false, sockets: [] as WebSocketRoute[] };

async function signInAgent() {
  await agent.routeWebSocket(/\/api\/v1\/realtime/, (socket) => {
    if (network.down) return void socket.close({ code: 1006, reason: 'network down' });
    socket.connectToServer();
    network.sockets.push(socket);
  });
  await agent.goto(`${kefu.url}/app/`);
  await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
  await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
  await agent.locator('form button[type=submit]').click();
  await agent.waitForSelector('.sidebar');
  await agent.waitForSelector('.connection-live');
}

describe('a live conversation between the demo page and the workspace', () => {
  it('the visitor writes 我的订单还没有到 and the agent sees it arrive without reloading', async () => {
    await signInAgent();
    await agent.goto(`${kefu.url}/app/inbox/all`);
    await agent.waitForSelector('.conversation-row');
    await agent.waitForSelector('.connection-live');
    const rowsBefore = await agent.locator('.conversation-row').count();

    await visitor.goto(`${kefu.url}/demo`);
    await visitor.locator('#kefu-launcher').click();
    frame = await widgetFrame(visitor);
    // The demo asks for an optional email first, as a shop would.
    await frame.getByLabel('邮箱').fill('li.na@example.com');
    await screenshot(visitor, 'e2e-demo-open');
    await frame.getByRole('button', { name: '开始咨询' }).click();
    await frame.waitForSelector('#kefu-composer');
    await frame.fill('#kefu-composer', '我的订单还没有到');
    await frame.press('#kefu-composer', 'Enter');
    await frame.waitForSelector('.message--customer :text("我的订单还没有到")');

    const row = agent.locator('.conversation-row', { hasText: '我的订单还没有到' });
    await row.waitFor({ timeout: 15_000 });
    expect(await agent.locator('.conversation-row').count()).toBe(rowsBefore + 1);
    await screenshot(agent, 'e2e-inbox-new-chat');
    await row.click();
    await agent.waitForSelector('.message-customer .message-body:has-text("我的订单还没有到")');
  });

  it('the agent replies and the visitor sees the reply live', async () => {
    await agent.locator('.composer-input').fill('您好，我们正在为您查询物流。');
    await agent.keyboard.press('Control+Enter');
    await agent.waitForSelector('.message-agent .message-body:has-text("正在为您查询物流")');
    await frame.waitForSelector('.message--agent :text("正在为您查询物流")', { timeout: 15_000 });
    await screenshot(visitor, 'e2e-demo-reply');
  });

  it('an internal note never reaches the visitor', async () => {
    await agent.locator('.composer-tab').nth(1).click();
    await agent.locator('.composer-input').fill('内部备注：仓库缺货，别告诉客户');
    await agent.keyboard.press('Control+Enter');
    await agent.waitForSelector('.message-note .message-body:has-text("仓库缺货")');
    // A public reply after the note: once it shows, the note has had every chance to arrive.
    await agent.locator('.composer-tab').nth(0).click();
    await agent.locator('.composer-input').fill('预计明天送达。');
    await agent.keyboard.press('Control+Enter');
    await frame.waitForSelector('.message--agent :text("预计明天送达")', { timeout: 15_000 });
    expect(await frame.locator('body').innerText()).not.toContain('仓库缺货');
    await visitor.reload();
    await visitor.locator('#kefu-launcher').click();
    frame = await widgetFrame(visitor);
    await frame.waitForSelector('.message--agent :text("预计明天送达")');
    expect(await frame.locator('body').innerText()).not.toContain('仓库缺货');
    await screenshot(agent, 'e2e-conversation-note');
  });

  it('after a network drop the workspace catches up without a reload, nothing lost or doubled', async () => {
    await agent.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    network.down = true;
    for (const socket of network.sockets.splice(0)) await socket.close({ code: 1006 });
    await agent.waitForSelector('.connection:not(.connection-live)');
    for (const text of ['断网时的第一条', '断网时的第二条']) {
      await frame.fill('#kefu-composer', text);
      await frame.press('#kefu-composer', 'Enter');
      await frame.waitForSelector(`.message--customer :text("${text}")`);
    }
    await frame.waitForFunction(() => !document.body.innerText.includes('发送中'));
    expect(await agent.locator('.message-body:has-text("断网时")').count()).toBe(0);
    await screenshot(agent, 'e2e-offline');
    network.down = false;
    await agent.waitForSelector('.message-body:has-text("断网时的第二条")', { timeout: 30_000 });
    await agent.waitForSelector('.connection-live');
    expect(await agent.locator('.message-body:has-text("断网时的第一条")').count()).toBe(1);
    expect(await agent.locator('.message-body:has-text("断网时的第二条")').count()).toBe(1);
    expect(
      await agent.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere),
    ).toBe(true);
  });

  it('script in a message stays inert on both sides', async () => {
    await frame.fill('#kefu-composer', xss);
    await frame.press('#kefu-composer', 'Enter');
    await agent.waitForSelector('.message-customer .message-body:has-text("看这里")');
    await agent.locator('.composer-input').fill(`回显 ${xss}`);
    await agent.keyboard.press('Control+Enter');
    await frame.waitForSelector('.message--agent :text("回显")', { timeout: 15_000 });
    await visitor.waitForTimeout(500);
    for (const target of [agent, frame]) {
      // The markup shows as text: no element was made from it, no link runs script.
      expect(await target.locator('.message-body img, .message__bubble img').count()).toBe(0);
      expect(await target.locator('a[href^="javascript:" i]').count()).toBe(0);
    }
    expect(
      await agent.locator('.message-body', { hasText: '<img src=x onerror=alert(1)>' }).count(),
    ).toBeGreaterThan(0);
    expect(pageErrors(agent).filter((e) => e.startsWith('dialog'))).toEqual([]);
    expect(pageErrors(visitor).filter((e) => e.startsWith('dialog'))).toEqual([]);
    await screenshot(agent, 'e2e-xss-inert');
  });

  it('switching the workspace to English changes every visible string', async () => {
    await agent.locator('.sidebar select').selectOption('en');
    await agent.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await untranslatedText(agent, await storedData())).toEqual([]);
    await agent.goto(`${kefu.url}/app/inbox/unassigned`);
    await agent.waitForSelector('.sidebar');
    expect(await untranslatedText(agent, await storedData())).toEqual([]);
    await screenshot(agent, 'e2e-inbox-en');
    await agent.locator('.sidebar select').selectOption('zh-CN');
    await agent.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  });

  it('switching the widget to English changes every visible string there too', async () => {
    await visitor.evaluate(() =>
      (window as unknown as { Kefu: (...a: string[]) => void }).Kefu('locale', 'en'),
    );
    await frame.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await untranslatedText(frame, await storedData())).toEqual([]);
    await screenshot(visitor, 'e2e-demo-en');
  });

  it('has no serious or critical accessibility violations on the main screens', async () => {
    expect(await axeSeriousViolations(frame)).toEqual([]);
    expect(await axeSeriousViolations(visitor)).toEqual([]);
    expect(await axeSeriousViolations(agent)).toEqual([]);
    await agent.goto(`${kefu.url}/app/inbox/all`);
    await agent.waitForSelector('.conversation-row');
    expect(await axeSeriousViolations(agent)).toEqual([]);
  });

  it('refuses an identified visitor whose token is forged', async () => {
    // A new browser profile: nothing stored from the earlier anonymous chat.
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/widget/session')) refused.push(r.status());
    });
    await page.goto(`${kefu.url}/demo`);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const forged = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'vip-1', name: 'Mallory', exp })}.${Buffer.from('not the signature').toString('base64url')}`;
    await page.evaluate(
      (token) => (window as unknown as { Kefu: (...a: string[]) => void }).Kefu('identify', token),
      forged,
    );
    await page.locator('#kefu-launcher').click();
    const forgedFrame = await widgetFrame(page);
    // The widget asks for a session as that customer, is refused, and says so.
    await forgedFrame.waitForSelector('.banner--error', { timeout: 15_000 });
    expect(await forgedFrame.locator('.banner--error').innerText()).toContain('无法确认您的身份');
    expect(refused).toContain(401);
    expect(refused.filter((s) => s < 300)).toEqual([]);
    const conversations = await kefu.kefu.database.db
      .selectFrom('customers')
      .select('name')
      .where('name', '=', 'Mallory')
      .execute();
    expect(conversations).toEqual([]);
    await screenshot(page, 'e2e-forged-identity');
    await context.close();
  });

  it('renaming the workspace in the admin area shows in the sidebar at once', async () => {
    await agent.goto(`${kefu.url}/app/admin/workspace`);
    const name = agent.getByLabel(/工作区名称|Workspace name/);
    await name.fill('Kefu Demo 客服演示 · 上海');
    await agent.locator('.admin-page button[type=submit]').click();
    await agent.waitForSelector('.workspace-name :text("上海")');
    await name.fill('Kefu Demo 客服演示');
    await agent.locator('.admin-page button[type=submit]').click();
    await agent.waitForSelector('.workspace-name :text-is("Kefu Demo 客服演示")');
  });

  it('an invited agent opens the invitation link, joins and lands in the inbox', async () => {
    const invited = await agent.evaluate(async () => {
      const session = await (await fetch('/api/v1/auth/session')).json();
      const response = await fetch('/api/v1/invitations', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ email: 'new.agent@example.com', role: 'agent' }),
      });
      return (await response.json()) as { acceptUrl: string };
    });
    const link = new URL(invited.acceptUrl);
    expect(link.pathname).toBe('/app/accept-invitation');
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watchPageErrors(page);
    await page.goto(`${kefu.url}${link.pathname}${link.search}`);
    await page.getByLabel(/您的名字|Your name/).fill('新同事 Sam');
    await page.getByLabel(/密码|Password/).fill('a long enough password');
    await screenshot(page, 'e2e-accept-invitation');
    await page.locator('form button[type=submit]').click();
    await page.waitForSelector('.sidebar');
    expect(new URL(page.url()).pathname).not.toContain('accept-invitation');
    expect(await page.locator('.sidebar').innerText()).toContain('新同事 Sam');
    // The session check before signing in answers 401, which Chromium logs; nothing else may.
    expect(seen.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
    await context.close();
  });

  it('raised no script errors on either side', () => {
    expect(pageErrors(agent).filter((e) => !e.includes('401'))).toEqual([]);
    expect(pageErrors(visitor)).toEqual([]);
  });
});
