/**
 * Routing in Chromium against a real Kefu (demo workspace, production build, PGlite): the
 * supervisor sets routing up in Admin → Routing and goes offline; a visitor waits in the queue
 * and sees their place; the agent comes online and receives the conversation; with an offer
 * timeout the next chat arrives as an offer the agent accepts; a queue longer than a page
 * lists the rest on demand. Queues and Routing in both languages. Screenshots go to .tmp/screenshots/routing-*.png.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetHelpers } from '../apps/server/src/modules/widget/widget-test-helpers.ts';
import { type SignedIn, sessionFrom } from '../apps/server/src/test/harness.ts';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { untranslatedText, widgetFrame } from './support/pages.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };
const teamName = '排队组 Queue';

let kefu: RunningKefu;
let browser: Browser;
let visitor: Page;
let agent: Page;
let frame: Frame;
let errors: string[] = [];
let waitingNumber = 0;
let owner: SignedIn;

beforeAll(async () => {
  kefu = await startBrowserKefu();
  browser = await launchBrowser();
  visitor = await (await browser.newContext({ viewport: { width: 1200, height: 860 } })).newPage();
  agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  errors = watchPageErrors(agent);
  // Teams are made in Admin → Teams (tested elsewhere); this one has the demo agent in it.
  const login = await kefu.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: demoLogin,
  });
  owner = sessionFrom(login);
  const team = await kefu.kefu.app.inject({
    method: 'POST',
    url: '/api/v1/teams',
    headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
    payload: { name: teamName, memberIds: [owner.userId] },
  });
  expect(team.statusCode, team.body).toBe(201);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

const teamForm = () =>
  agent.locator('.routing-team').filter({ has: agent.locator('h3', { hasText: teamName }) });

describe('routing set up in the admin area, a queue, and an agent coming online', () => {
  it('the supervisor goes offline and sets up routing in Admin → Routing', async () => {
    await agent.goto(`${kefu.url}/app/`);
    await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
    await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
    await agent.locator('form button[type=submit]').click();
    await agent.waitForSelector('.connection-live');
    await agent.locator('.status-menu summary').click();
    await agent.getByRole('button', { name: '离线' }).click();
    await agent.waitForSelector('[data-testid=my-status]:has-text("离线")');

    await agent.goto(`${kefu.url}/app/admin/routing`);
    await teamForm().waitFor();
    const defaults = agent.locator('form', { hasText: '工作区默认值' });
    await defaults.locator('select').first().selectOption({ label: teamName });
    await defaults.getByLabel('离开原因').fill('午休\n开会');
    await defaults.getByRole('button', { name: '保存' }).click();
    await agent.waitForSelector('text=已保存');
    await teamForm().getByLabel('分配方式').selectOption('balanced');
    await teamForm().getByRole('button', { name: '保存' }).click();
    await agent.waitForFunction(() => !document.querySelector('.routing-team button[disabled]'));
    await screenshot(agent, 'routing-admin-zh');
    const settings = await kefu.kefu.database.db
      .selectFrom('team_routing')
      .select('strategy')
      .executeTakeFirstOrThrow();
    expect(settings.strategy).toBe('balanced');
  });

  it('the visitor sees their place in line while nobody is online', async () => {
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
      .innerJoin('conversations', 'conversations.id', 'routing_queue.conversation_id')
      .select(['conversations.number', 'conversations.assignee_id'])
      .execute();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.assignee_id).toBeNull();
    waitingNumber = waiting[0]!.number;

    await agent.goto(`${kefu.url}/app/queues`);
    const row = agent.locator('[data-testid=queues-table] tr', { hasText: teamName });
    await row.waitFor();
    expect(await row.locator('td').nth(2).innerText()).toBe('1');
    await screenshot(agent, 'routing-queues-zh');

    // The number opens the conversations behind it, in the order routing will take them.
    await row.getByRole('button', { name: `查看 ${teamName} 排队中的会话` }).click();
    const queued = agent.locator('[data-testid=queued-table] tbody tr');
    await queued.first().waitFor();
    expect(await queued.count()).toBe(1);
    const cells = await queued.first().locator('td').allInnerTexts();
    expect(cells.slice(0, 2)).toEqual(['1', `#${waitingNumber}`]);
    expect(cells[3]).toBe('wait@example.com');
    await screenshot(agent, 'routing-queue-list-zh');
    await agent.keyboard.press('Escape');

    // So does the Live report's waiting count.
    await agent.goto(`${kefu.url}/app/reports/live`);
    const live = agent.locator('[data-testid=live-view] tr', { hasText: teamName });
    await live.getByRole('button', { name: '1' }).click();
    await agent.locator('[data-testid=queued-table] tbody tr').first().waitFor();
    expect(await agent.locator('[data-testid=queued-table] tbody tr').count()).toBe(1);
    await agent.keyboard.press('Escape');
    await agent.goto(`${kefu.url}/app/queues`);
  });

  it('the agent comes online and receives the conversation', async () => {
    await agent.locator('.status-menu summary').click();
    await agent.getByRole('button', { name: '在线' }).click();
    // The Queues page follows realtime events (its safety poll is every 30 s): the chat
    // leaves the queue within seconds, with no reload.
    const row = agent.locator('[data-testid=queues-table] tr', { hasText: teamName });
    await agent.waitForFunction(
      (name) =>
        Array.from(document.querySelectorAll('[data-testid=queues-table] tr')).some(
          (tr) => tr.textContent?.includes(name) && tr.children[2]?.textContent === '0',
        ),
      teamName,
      { timeout: 8_000 },
    );
    expect(await row.locator('td').nth(2).innerText()).toBe('0');
    await agent.goto(`${kefu.url}/app/inbox/mine`);
    // Nobody assigned it by hand: routing gave it to the agent when they came online.
    const received = agent.locator('.conversation-row', { hasText: `#${waitingNumber}` });
    await received.waitFor({ timeout: 20_000 });
    await screenshot(agent, 'routing-agent-received');
    await received.click();
    await agent.locator('.composer-input').fill('您好，我来帮您。');
    await agent.keyboard.press('Control+Enter');
    await frame.waitForSelector('.message--agent :text("我来帮您")', { timeout: 15_000 });
    await frame.locator('[data-queue-position]').waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(visitor, 'routing-visitor-served');
  });

  it('with an offer timeout the next chat arrives as an offer the agent accepts', async () => {
    await agent.goto(`${kefu.url}/app/admin/routing`);
    await teamForm().getByLabel('推送超时（秒）').fill('120');
    await teamForm().getByRole('button', { name: '保存' }).click();
    await agent.waitForFunction(() => !document.querySelector('.routing-team button[disabled]'));
    const second = await (await browser.newContext()).newPage();
    await second.goto(`${kefu.url}/demo`);
    await second.locator('#kefu-launcher').click();
    const secondFrame = await widgetFrame(second);
    await secondFrame.getByRole('button', { name: '开始咨询' }).click();
    await secondFrame.fill('#kefu-composer', '第二位客户');
    await secondFrame.press('#kefu-composer', 'Enter');
    const offer = agent.locator('.offer-card');
    await offer.waitFor({ timeout: 15_000 });
    await screenshot(agent, 'routing-offer');
    await offer.getByRole('button', { name: '接受' }).click();
    await agent.waitForSelector('.message-body:has-text("第二位客户")');
    const left = await kefu.kefu.database.db.selectFrom('routing_queue').selectAll().execute();
    expect(left).toEqual([]);
    await second.close();
  });

  it('the status menu offers away with the workspace’s reasons', async () => {
    await agent.locator('.status-menu summary').click();
    await agent.getByRole('button', { name: '离开：午休' }).click();
    await agent.waitForSelector('[data-testid=my-status]:has-text("午休")');
    await agent.locator('.status-menu summary').click();
    await screenshot(agent, 'routing-status-menu');
    await agent.getByRole('button', { name: '在线' }).click();
    await agent.waitForSelector('[data-testid=my-status]:has-text("在线")');
  });

  it('shows Routing and Queues in English with nothing left untranslated', async () => {
    await agent.locator('.sidebar select').selectOption('en');
    await agent.waitForFunction(() => document.documentElement.lang === 'en');
    await agent.goto(`${kefu.url}/app/queues`);
    await agent.waitForSelector('[data-testid=queues-table]');
    expect(await untranslatedText(agent, [teamName])).toEqual([]);
    await screenshot(agent, 'routing-queues-en');
    await agent.goto(`${kefu.url}/app/admin/routing`);
    await teamForm().waitFor();
    expect(await untranslatedText(agent, [teamName, '午休', '开会'])).toEqual([]);
    await screenshot(agent, 'routing-admin-en');
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });

  it('lists a long queue 200 at a time, the rest on demand', async () => {
    await agent.locator('.status-menu summary').click();
    await agent.getByRole('button', { name: 'Offline' }).click();
    await agent.waitForSelector('[data-testid=my-status]:has-text("Offline")');
    const db = kefu.kefu.database.db;
    const teamId = (
      await db
        .selectFrom('teams')
        .select('id')
        .where('name', '=', teamName)
        .executeTakeFirstOrThrow()
    ).id;
    // Going offline puts the agent's open chats back in the queue (a job): wait for it, so the
    // queue holds still while it is counted.
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('conversations')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('team_id', '=', teamId)
              .where('assignee_id', '=', owner.userId)
              .where('status', 'in', ['new', 'open'])
              .executeTakeFirstOrThrow()
          ).n,
        { timeout: 20_000 },
      )
      .toEqual(0);
    // 205 visitors start a chat while nobody is online: they wait in the team's queue, behind
    // the agent's own chats.
    const widget = widgetHelpers(() => kefu.kefu);
    const { publicKey } = await widget.settings(owner);
    for (let i = 0; i < 205; i += 1)
      await widget.startChat(await widget.anonymous(publicKey), `waiting ${i}`);
    const waiting = await db
      .selectFrom('routing_queue')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('team_id', '=', teamId)
      .executeTakeFirstOrThrow();
    const total = Number(waiting.n);
    expect(total).toBeGreaterThanOrEqual(205);
    await agent.goto(`${kefu.url}/app/queues`);
    await agent
      .locator('[data-testid=queues-table] tr', { hasText: teamName })
      .getByRole('button', { name: `Show the conversations waiting in ${teamName}` })
      .click();
    const queued = agent.locator('[data-testid=queued-table] tbody tr');
    await expect.poll(() => queued.count()).toBe(200);
    await expect
      .poll(() => agent.locator('.dialog p.muted').first().textContent())
      .toBe(`The first 200 of ${total} waiting.`);
    // An anonymous visitor is listed as one, not by their visitor id.
    expect(await queued.last().locator('td').nth(3).innerText()).toBe('Visitor');
    await agent.getByRole('button', { name: 'Show the next 200' }).click();
    await expect.poll(() => queued.count()).toBe(total);
    // Places run on from the first page, each conversation once.
    const places = await queued.locator('td:first-child').allInnerTexts();
    expect(places).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
    const numbers = await queued.locator('td:nth-child(2)').allInnerTexts();
    expect(new Set(numbers).size).toBe(total);
    expect(await agent.getByRole('button', { name: 'Show the next 200' }).count()).toBe(0);
    await screenshot(agent, 'routing-queue-list-more-en');
  }, 120_000);
});
