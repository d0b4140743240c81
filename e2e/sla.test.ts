/**
 * SLA in Chromium against a real Kefu (demo workspace with its business hours and policies,
 * production build, PGlite, jobs running): badges in the inbox and the conversation view count
 * down and turn red at the breach, the breach notifies the supervisor, and the admin sections
 * Business hours / 营业时间 and SLA policies / SLA 策略 work in both languages.
 * Screenshots go to .tmp/screenshots/sla-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, sessionFrom } from '../apps/server/src/test/harness.ts';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { untranslatedText } from './support/pages.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

let kefu: RunningKefu;
let browser: Browser;
let agent: Page;
let owner: SignedIn;
let errors: string[] = [];

function api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return kefu.kefu.app.inject({
    method,
    url,
    headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
    ...(payload ? { payload } : {}),
  });
}

/** Names the demo data holds (allowed to be Chinese on an English page). */
async function storedNames(): Promise<string[]> {
  const db = kefu.kefu.database.db;
  const rows = await Promise.all([
    db.selectFrom('business_calendars').select('name').execute(),
    db.selectFrom('calendar_holidays').select('name').execute(),
    db.selectFrom('sla_policies').select('name').execute(),
    db.selectFrom('teams').select('name').execute(),
    db.selectFrom('users').select('name').execute(),
    db.selectFrom('workspaces').select('name').execute(),
    db.selectFrom('customers').select('name').execute(),
    db.selectFrom('messages').select('body as name').execute(),
    db.selectFrom('conversations').select('subject as name').execute(),
  ]);
  return rows.flat().map((r) => r.name ?? '');
}

beforeAll(async () => {
  kefu = await startBrowserKefu();
  browser = await launchBrowser();
  agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  errors = watchPageErrors(agent);
  owner = sessionFrom(
    await kefu.kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: demoLogin }),
  );
  await agent.goto(`${kefu.url}/app/`);
  await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
  await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
  await agent.locator('form button[type=submit]').click();
  await agent.waitForSelector('.sidebar');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

describe('SLA badges', () => {
  it('the demo inbox shows SLA badges on its conversations', async () => {
    await agent.goto(`${kefu.url}/app/inbox/all`);
    await agent.waitForSelector('.conversation-row [data-sla-state]');
    expect(await agent.locator('.conversation-row [data-sla-state]').count()).toBeGreaterThan(0);
    await screenshot(agent, 'sla-inbox-zh');
  });

  it('counts down live and turns red at the breach, and the supervisor is notified', async () => {
    const policy = await api('POST', '/api/v1/sla-policies', {
      name: 'E2E 15 秒',
      conditions: { tags: ['e2e-sla'] },
      targets: [{ metric: 'first_reply_time', priority: 'high', minutes: 0.25 }],
      warningMinutes: 0,
      breachActions: [{ type: 'notify' }],
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const all = (await api('GET', '/api/v1/sla-policies')).json<{ items: { id: string }[] }>()
      .items;
    const policyId = policy.json<{ id: string }>().id;
    await api('PUT', '/api/v1/sla-policies/order', {
      ids: [policyId, ...all.map((p) => p.id).filter((id) => id !== policyId)],
    });
    const created = await api('POST', '/api/v1/conversations', {
      customer: { name: '计时客户', identity: { kind: 'email', value: 'clock@example.com' } },
      subject: 'SLA 倒计时',
      message: { body: '我的订单还没到' },
      priority: 'high',
      tags: ['e2e-sla'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    await agent.goto(`${kefu.url}/app/inbox/all/${id}`);
    const badge = agent.locator('.conversation-header [data-sla-state]');
    await badge.waitFor();
    expect(['ok', 'soon']).toContain(await badge.getAttribute('data-sla-state'));
    const first = await badge.innerText();
    expect(first).toContain('剩余');
    await screenshot(agent, 'sla-conversation-running-zh');
    await agent.waitForSelector('.conversation-header [data-sla-state=breached]', {
      timeout: 30_000,
    });
    expect(await badge.innerText()).toContain('已超时');
    await agent.waitForSelector('.toast:has-text("SLA 超时")', { timeout: 15_000 });
    await screenshot(agent, 'sla-conversation-breached-zh');
    const row = agent.locator(`.conversation-row[data-id="${id}"] [data-sla-state]`);
    expect(await row.getAttribute('data-sla-state')).toBe('breached');
  });
});

describe('admin sections', () => {
  it('Business hours: the demo calendar, a holiday added and an iCal import', async () => {
    await agent.goto(`${kefu.url}/app/admin/hours`);
    await agent.waitForSelector('h3:has-text("上海办公室")');
    await agent.getByPlaceholder('节假日名称').fill('公司年会');
    await agent.locator('input[type=date]').first().fill('2027-01-15');
    await agent.getByRole('button', { name: '添加节假日' }).click();
    await agent.waitForSelector('.sla-holidays li:has-text("公司年会")');
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:spring@e2e',
      'SUMMARY:春节',
      'DTSTART;VALUE=DATE:20270206',
      'DTEND;VALUE=DATE:20270213',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    await agent
      .locator('input[type=file]')
      .setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await agent.waitForSelector('.sla-holidays li:has-text("春节")');
    await screenshot(agent, 'sla-hours-zh');
  });

  it('SLA policies: ordered, a new one created from the form and moved up', async () => {
    await agent.goto(`${kefu.url}/app/admin/sla`);
    await agent.waitForSelector('h3:has-text("标准 Standard")');
    await agent.getByRole('button', { name: '新建策略' }).click();
    await agent.getByLabel('名称').fill('退款 Refunds');
    await agent.getByLabel('高优先级的首次回复目标（分钟）').fill('20');
    await agent.getByRole('button', { name: '创建策略' }).click();
    await agent.waitForSelector('h3:has-text("退款 Refunds")');
    const titles = () => agent.locator('.admin-cards h3').allInnerTexts();
    expect((await titles()).at(-1)).toContain('退款 Refunds');
    await agent.getByRole('button', { name: '上移 退款 Refunds' }).click();
    await agent.waitForSelector('.admin-cards > li:nth-last-child(2) h3:has-text("退款 Refunds")');
    await agent.getByRole('button', { name: '编辑 退款 Refunds' }).click();
    await agent.waitForSelector('form .sla-grid');
    await screenshot(agent, 'sla-policies-zh');
  });

  it('both sections and the badges read in English', async () => {
    await agent.locator('.sidebar select').selectOption('en');
    await agent.waitForFunction(() => document.documentElement.lang === 'en');
    const data = await storedNames();
    await agent.goto(`${kefu.url}/app/admin/sla`);
    await agent.waitForSelector('h2:has-text("SLA policies")');
    expect(await untranslatedText(agent, data)).toEqual([]);
    await screenshot(agent, 'sla-policies-en');
    await agent.goto(`${kefu.url}/app/admin/hours`);
    await agent.waitForSelector('h2:has-text("Business hours")');
    expect(await untranslatedText(agent, data)).toEqual([]);
    await screenshot(agent, 'sla-hours-en');
    await agent.goto(`${kefu.url}/app/inbox/all`);
    await agent.waitForSelector('.conversation-row [data-sla-state]');
    expect(await untranslatedText(agent, data)).toEqual([]);
    await screenshot(agent, 'sla-inbox-en');
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});

describe('a supervisor sets up SLA in the admin area', () => {
  it('sees Business hours and SLA policies, and turns a policy off and on', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const supervisor = await context.newPage();
    const supervisorErrors = watchPageErrors(supervisor);
    await supervisor.goto(`${kefu.url}/app/`);
    await supervisor.getByLabel(/邮箱|Email/).fill('wang.fang@kefu.local');
    await supervisor.getByLabel(/密码|Password/).fill('kefu-agent-2026');
    await supervisor.locator('form button[type=submit]').click();
    await supervisor.waitForSelector('.sidebar');
    await supervisor.goto(`${kefu.url}/app/admin/sla`);
    await supervisor.waitForSelector('h3:has-text("标准 Standard")');
    const card = supervisor.locator('.admin-cards > li', { hasText: '标准 Standard' });
    await card.getByRole('button', { name: '停用' }).click();
    await card.locator('.sla-badge:has-text("已停用")').waitFor();
    await card.getByRole('button', { name: '启用' }).click();
    await card.getByRole('button', { name: '停用' }).waitFor();
    await supervisor.goto(`${kefu.url}/app/admin/hours`);
    await supervisor.waitForSelector('h3:has-text("上海办公室")');
    await screenshot(supervisor, 'sla-supervisor-hours-zh');
    expect(supervisorErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
    await context.close();
  });
});
