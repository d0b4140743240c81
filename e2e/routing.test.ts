/**
 * Routing in Chromium against a real Kefu (demo workspace, production build, PGlite): a visitor
 * waits in a queue and sees their place; the agent comes online and receives the conversation;
 * the admin's Routing section, the Queues view and the status menu, in both languages.
 * Screenshots go to .tmp/screenshots/routing-*.png.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFrom } from '../apps/server/src/test/harness.ts';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { untranslatedText, widgetFrame } from './support/pages.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

let kefu: RunningKefu;
let browser: Browser;
let visitor: Page;
let agent: Page;
let frame: Frame;
let errors: string[] = [];
let waitingNumber = 0;

beforeAll(async () => {
  kefu = await startBrowserKefu();
  browser = await launchBrowser();
  visitor = await (await browser.newContext({ viewport: { width: 1200, height: 860 } })).newPage();
  agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  errors = watchPageErrors(agent);
  // The supervisor's set-up, through the API: a routed team that chats enter.
  const login = await kefu.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: demoLogin,
  });
  const owner = sessionFrom(login);
  const headers = { cookie: owner.cookie, 'x-csrf-token': owner.csrf };
  const team = await kefu.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/teams',
    headers,
    payload: { name: '排队组 Queue', memberIds: [owner.userId] },
  });
  expect(team.statusCode, team.body).toBe(201);
  const teamId = team.json<{ id: string }>().id;
  for (const [method, url, payload] of [
    ['PUT', `/api/v1/routing/teams/${teamId}`, { strategy: 'balanced' }],
    [
      'PATCH',
      '/api/v1/routing/settings',
      { channelTeams: { chat: teamId }, awayReasons: ['午休'] },
    ],
  ] as const) {
    const response = await kefu.kefu.app.inject({ method, url, headers, payload });
    expect(response.statusCode, response.body).toBe(200);
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

describe('a visitor waits in a queue until an agent comes online', () => {
  it('the visitor sees their place in line while no agent is online', async () => {
    await visitor.goto(`${kefu.url}/demo`);
    await visitor.locator('#kefu-launcher').click();
    frame = await widgetFrame(visitor);
    await frame.getByLabel('邮箱').fill('wait@example.com');
    await frame.getByRole('button', { name: '开始咨询' }).click();
    await frame.waitForSelector('#kefu-composer');
    await frame.fill('#kefu-composer', '请问有人在吗？');
    await frame.press('#kefu-composer', 'Enter');
    const notice = frame.locator('[data-queue-position]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.getAttribute('data-queue-position')).toBe('1');
    expect(await notice.innerText()).toContain('您排在第 1 位');
    await screenshot(visitor, 'routing-visitor-waiting');
    const waiting = await kefu.kefu.database.db
      .selectFrom('routing_queue')
      .select('conversation_id')
      .execute();
    expect(waiting).toHaveLength(1);
    const conversation = await kefu.kefu.database.db
      .selectFrom('conversations')
      .select(['number', 'assignee_id'])
      .where('id', '=', waiting[0]!.conversation_id)
      .executeTakeFirstOrThrow();
    expect(conversation.assignee_id).toBeNull();
    waitingNumber = conversation.number;
  });

  it('the agent signs in, comes online and receives the conversation', async () => {
    await agent.goto(`${kefu.url}/app/`);
    await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
    await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
    await agent.locator('form button[type=submit]').click();
    await agent.waitForSelector('.connection-live');
    await agent.goto(`${kefu.url}/app/inbox/mine`);
    // Nobody assigned it by hand: routing gave it to the agent once their tab connected.
    const row = agent.locator('.conversation-row', { hasText: `#${waitingNumber}` });
    await row.waitFor({ timeout: 20_000 });
    await screenshot(agent, 'routing-agent-received');
    // The visitor's place goes away once an agent has the chat (on the next reply at the latest).
    await row.click();
    await agent.locator('.composer-input').fill('您好，我来帮您。');
    await agent.keyboard.press('Control+Enter');
    await frame.waitForSelector('.message--agent :text("我来帮您")', { timeout: 15_000 });
    await frame.locator('[data-queue-position]').waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(visitor, 'routing-visitor-served');
  });

  it('the status menu offers online, away with the workspace’s reasons, and offline', async () => {
    await agent.locator('.status-menu summary').click();
    await agent.getByRole('button', { name: '离开：午休' }).click();
    await agent.waitForSelector('[data-testid=my-status]:has-text("午休")');
    await agent.locator('.status-menu summary').click();
    await screenshot(agent, 'routing-status-menu');
    await agent.getByRole('button', { name: '在线' }).click();
    await agent.waitForSelector('[data-testid=my-status]:has-text("在线")');
  });

  it('shows Routing and Queues in both languages', async () => {
    await agent.goto(`${kefu.url}/app/admin/routing`);
    await agent.waitForSelector('.routing-team');
    await screenshot(agent, 'routing-admin-zh');
    await agent.goto(`${kefu.url}/app/queues`);
    await agent.waitForSelector('[data-testid=queues-table]');
    await screenshot(agent, 'routing-queues-zh');
    await agent.locator('.sidebar select').selectOption('en');
    await agent.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await untranslatedText(agent, ['排队组 Queue'])).toEqual([]);
    await screenshot(agent, 'routing-queues-en');
    await agent.goto(`${kefu.url}/app/admin/routing`);
    await agent.waitForSelector('.routing-team');
    expect(await untranslatedText(agent, ['排队组 Queue', '午休'])).toEqual([]);
    await screenshot(agent, 'routing-admin-en');
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
