/**
 * Automations in Chromium against a real Kefu (demo workspace, production build, PGlite, jobs
 * running): a supervisor sets up a trigger in Admin → Triggers / 触发器 and a new conversation
 * is handled as configured; an agent applies a macro from the menu beside the composer with
 * the keyboard and ticks a standard procedure's step; every section reads in both languages.
 * Screenshots go to .tmp/screenshots/automations-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, sessionFrom } from '../apps/server/src/test/harness.ts';
import { addMember, memberPassword } from '../apps/server/src/test/members.ts';
import { axeSeriousViolations, untranslatedText } from './support/pages.ts';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

let kefu: RunningKefu;
let browser: Browser;
let page: Page;
let owner: SignedIn;
let errors: string[] = [];
let conversationId = '';

function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return kefu.kefu.app.inject({
    method,
    url,
    headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
    ...(payload ? { payload } : {}),
  });
}

/** Names the data holds (allowed to be Chinese on an English page). */
async function storedNames(): Promise<string[]> {
  const db = kefu.kefu.database.db;
  const rows = await Promise.all([
    db.selectFrom('automation_triggers').select('name').execute(),
    db.selectFrom('automation_time_rules').select('name').execute(),
    db.selectFrom('macros').select('name').execute(),
    db.selectFrom('procedures').select('name').execute(),
    db.selectFrom('procedures').select('tag as name').execute(),
    db.selectFrom('tags').select('name').execute(),
    db.selectFrom('teams').select('name').execute(),
    db.selectFrom('users').select('name').execute(),
    db.selectFrom('workspaces').select('name').execute(),
    db.selectFrom('customers').select('name').execute(),
    db.selectFrom('messages').select('body as name').execute(),
    db.selectFrom('conversations').select('subject as name').execute(),
  ]);
  const steps = await db.selectFrom('procedures').select('steps').execute();
  return [
    ...rows.flat().map((r) => r.name ?? ''),
    ...steps.flatMap((p) => p.steps.map((s) => s.title)),
  ];
}

beforeAll(async () => {
  kefu = await startBrowserKefu();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  errors = watchPageErrors(page);
  owner = sessionFrom(
    await kefu.kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: demoLogin }),
  );
  await page.goto(`${kefu.url}/app/`);
  await page.getByLabel(/邮箱|Email/).fill(demoLogin.email);
  await page.getByLabel(/密码|Password/).fill(demoLogin.password);
  await page.locator('form button[type=submit]').click();
  await page.waitForSelector('.sidebar');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

describe('a supervisor sets up automations', () => {
  it('Triggers / 触发器: a trigger made in the form handles the next conversation', async () => {
    await page.goto(`${kefu.url}/app/admin/triggers`);
    await page.getByRole('button', { name: '新建触发器' }).click();
    await page.getByLabel('名称').fill('退款加急');
    await page.getByRole('button', { name: '添加条件' }).click();
    await page.getByLabel('条件 1：字段').selectOption('message.text');
    await page.getByLabel('条件 1：值').fill('退款');
    await page.getByRole('button', { name: '添加动作' }).click();
    await page.getByLabel('动作 1', { exact: true }).selectOption('set_priority');
    await page.getByLabel('动作 1：值').selectOption('urgent');
    await page.getByRole('button', { name: '添加动作' }).click();
    await page.getByLabel('动作 2', { exact: true }).selectOption('add_tags');
    await page.getByLabel('动作 2：值').fill('退款');
    await screenshot(page, 'automations-trigger-form-zh');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForSelector('.admin-cards h3:has-text("退款加急")');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await screenshot(page, 'automations-triggers-zh');

    const created = await api('POST', '/api/v1/conversations', {
      customer: { name: '韩梅梅', identity: { kind: 'email', value: 'meimei@example.com' } },
      subject: '申请退款',
      message: { body: '你好，我想申请退款，订单号 8812。' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const conversation = created.json<{ id: string; priority: string; tags: string[] }>();
    expect(conversation.priority).toBe('urgent');
    expect(conversation.tags).toEqual(['退款']);
    conversationId = conversation.id;
  });

  it('Time rules / 定时规则, Macros / 宏 and Procedures / 标准流程', async () => {
    const rule = await api('POST', '/api/v1/time-rules', {
      name: '三天未回复提醒',
      status: 'pending',
      hours: 72,
      actions: [
        {
          type: 'reply',
          visibility: 'public',
          body: '{{customer.name}}，您好，请问还需要帮助吗？',
        },
      ],
    });
    expect(rule.statusCode, rule.body).toBe(201);
    await page.goto(`${kefu.url}/app/admin/time-rules`);
    await page.waitForSelector('.admin-cards h3:has-text("三天未回复提醒")');
    await screenshot(page, 'automations-time-rules-zh');

    const macro = await api('POST', '/api/v1/macros', {
      name: '退款已受理',
      actions: [
        { type: 'set_status', status: 'pending' },
        { type: 'add_tags', tags: ['已受理'] },
        {
          type: 'reply',
          visibility: 'public',
          body: '{{customer.name}}，您好！退款申请已受理，我们会在 3 个工作日内处理。',
        },
      ],
    });
    expect(macro.statusCode, macro.body).toBe(201);
    await page.goto(`${kefu.url}/app/admin/macros`);
    await page.waitForSelector('.admin-cards h3:has-text("退款已受理")');
    await screenshot(page, 'automations-macros-zh');

    await page.goto(`${kefu.url}/app/admin/procedures`);
    await page.getByRole('button', { name: '新建流程' }).click();
    await page.getByLabel('名称').fill('退款流程');
    await page.getByLabel('请求类型（标签）').fill('退款');
    await page.getByLabel('步骤 1', { exact: true }).fill('核对订单号');
    await page.getByRole('button', { name: '添加步骤' }).click();
    await page.getByLabel('步骤 2', { exact: true }).fill('确认退款金额');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForSelector('.admin-cards h3:has-text("退款流程")');
    await screenshot(page, 'automations-procedures-zh');
  });
});

describe('an agent in the conversation view', () => {
  it('sees the trigger on the timeline, applies a macro with the keyboard, ticks a step', async () => {
    await page.goto(`${kefu.url}/app/inbox/all/${conversationId}`);
    await page.waitForSelector('.conversation-header');
    await page.waitForSelector('text=触发器“退款加急”');
    const checklist = page.locator('.procedure-checklist');
    await checklist.waitFor();
    expect(await checklist.innerText()).toContain('已完成 0/2');

    const menuButton = page.getByRole('button', { name: '宏' });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    const item = page.getByRole('menuitem', { name: '退款已受理', exact: true });
    await item.waitFor();
    expect(await item.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'automations-macro-menu-zh');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.toast:has-text("已执行“退款已受理”")');
    await page.waitForSelector('text=韩梅梅，您好！退款申请已受理');
    const macroApplied = await api('GET', `/api/v1/conversations/${conversationId}`);
    expect(macroApplied.json<{ status: string; tags: string[] }>()).toMatchObject({
      status: 'pending',
      tags: ['退款', '已受理'].sort(),
    });

    await checklist.getByLabel('核对订单号').check();
    await page.waitForSelector('.procedure-checklist :text("已完成 1/2")');
    // Who ticked it and when, for every agent to see.
    await checklist.locator('.procedure-who').waitFor();
    expect(await checklist.locator('.procedure-who').count()).toBe(1);
    expect(await axeSeriousViolations(page)).toEqual([]);
    await screenshot(page, 'automations-conversation-zh');
  });
});

describe('a supervisor', () => {
  it('reaches the automation sections of the admin area, and only the ones they may use', async () => {
    const supervisor = await addMember(kefu.kefu.app, owner, 'supervisor');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const own = await context.newPage();
    await own.goto(`${kefu.url}/app/`);
    await own.getByLabel(/邮箱|Email/).fill(supervisor.email);
    await own.getByLabel(/密码|Password/).fill(memberPassword);
    await own.locator('form button[type=submit]').click();
    await own.waitForSelector('.sidebar');
    await own.goto(`${kefu.url}/app/admin/triggers`);
    await own.waitForSelector('.admin-cards h3:has-text("退款加急")');
    const nav = await own.locator('.admin-nav-item').allInnerTexts();
    expect(nav).toContain('Triggers');
    expect(nav).not.toContain('Tags');
    await screenshot(own, 'automations-supervisor-en');
    await context.close();
  });
});

describe('in English', () => {
  it('every automation section and the conversation view are translated', async () => {
    await page.locator('.sidebar select').selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const data = await storedNames();
    for (const [section, title] of [
      ['triggers', 'Triggers'],
      ['time-rules', 'Time rules'],
      ['macros', 'Macros'],
      ['procedures', 'Standard procedures'],
    ] as const) {
      await page.goto(`${kefu.url}/app/admin/${section}`);
      await page.waitForSelector(`h2:has-text("${title}")`);
      await page.waitForSelector('.admin-cards');
      expect(await untranslatedText(page, data)).toEqual([]);
      await screenshot(page, `automations-${section}-en`);
    }
    await page.goto(`${kefu.url}/app/inbox/all/${conversationId}`);
    await page.waitForSelector('.procedure-checklist');
    await page.waitForSelector('text=Trigger “退款加急”');
    expect(await untranslatedText(page, data)).toEqual([]);
    await screenshot(page, 'automations-conversation-en');
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
