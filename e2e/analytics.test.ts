/**
 * Reports in Chromium against a real Kefu (demo workspace with two weeks of history,
 * production build, PGlite): the overview renders its cards, chart and tables in Chinese and
 * English, a number drills down to exactly the conversations behind it (as the API lists them),
 * and the other tabs render. Screenshots go to .tmp/screenshots/reports-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsConversationPage, AnalyticsOverview } from '@kefu/contracts';
import { type SignedIn, sessionFrom } from '../apps/server/src/test/harness.ts';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { untranslatedText } from './support/pages.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

let kefu: RunningKefu;
let browser: Browser;
let page: Page;
let owner: SignedIn;
let errors: string[] = [];

async function api<T>(url: string): Promise<T> {
  const response = await kefu.kefu.app.inject({
    method: 'GET',
    url,
    headers: { cookie: owner.cookie },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

/** Names the demo data holds (allowed to be Chinese on an English page). */
async function storedNames(): Promise<string[]> {
  const db = kefu.kefu.database.db;
  const rows = await Promise.all([
    db.selectFrom('teams').select('name').execute(),
    db.selectFrom('users').select('name').execute(),
    db.selectFrom('tags').select('name').execute(),
    db.selectFrom('conversations').select('subject as name').execute(),
  ]);
  return rows.flat().map((r) => r.name ?? '');
}

beforeAll(async () => {
  kefu = await startBrowserKefu();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  errors = watchPageErrors(page);
  owner = sessionFrom(
    await kefu.kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: demoLogin }),
  );
  await page.goto(`${kefu.url}/app/`);
  await page.getByLabel(/邮箱|Email/).fill(demoLogin.email);
  await page.getByLabel(/密码|Password/).fill(demoLogin.password);
  await page.locator('form button[type=submit]').click();
  await page.waitForSelector('.sidebar');
  // The sign-in page's session probe answers 401 before the login; count from here.
  errors.length = 0;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

/** The range the page asks for by default: the last 30 days up to the next whole hour. */
function defaultRange() {
  const to = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  return { from: new Date(to - 30 * 86_400_000).toISOString(), to: new Date(to).toISOString() };
}

describe('the overview dashboard (zh-CN)', () => {
  it('renders the demo numbers: cards, a chart with a legend and the tables behind it', async () => {
    await page.getByRole('link', { name: '报表' }).click();
    await page.waitForSelector('[data-testid=report-cards]');
    const { from, to } = defaultRange();
    const overview = await api<AnalyticsOverview>(
      `/api/v1/analytics/overview?from=${from}&to=${to}`,
    );
    expect(overview.counts.solved).toBeGreaterThan(10);
    const solvedCard = page.getByTestId('card-solved');
    await expect.poll(() => solvedCard.textContent()).toContain(String(overview.counts.solved));
    await page.waitForSelector('[data-testid=overview-chart] svg');
    const legend = await page.locator('[data-testid=overview-chart] svg').textContent();
    expect(legend).toContain('新建');
    expect(legend).toContain('已解决');
    expect(await page.getByTestId('series-table').locator('tbody tr').count()).toBe(
      overview.series.length,
    );
    expect(await page.getByTestId('durations-table').textContent()).toContain('首次回复时间');
    await screenshot(page, 'reports-overview-zh');
  });

  it('a click on the solved number opens exactly the conversations behind it', async () => {
    const { from, to } = defaultRange();
    const expected = await api<AnalyticsConversationPage>(
      `/api/v1/analytics/conversations?metric=solved&from=${from}&to=${to}&limit=200`,
    );
    await page.getByTestId('card-solved').click();
    const table = page.getByTestId('drill-table');
    await table.waitFor();
    while (await page.getByRole('button', { name: '显示更多' }).isVisible())
      await page.getByRole('button', { name: '显示更多' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(expected.items.length);
    const numbers = await table.locator('tbody tr td:first-child').allTextContents();
    expect(numbers.sort()).toEqual(expected.items.map((c) => `#${c.number}`).sort());
    await screenshot(page, 'reports-drilldown-zh');
    // A row opens its conversation.
    const first = expected.items.find((c) => `#${c.number}` === numbers[0])!;
    await table.getByRole('link', { name: numbers[0]!, exact: true }).click();
    await page.waitForURL(`**/app/inbox/all/${first.id}`);
  }, 60_000);

  it('the agents, SLA and live tabs render', async () => {
    await page.goto(`${kefu.url}/app/reports/agents`);
    await page.waitForSelector('[data-testid=breakdown-table] tbody tr');
    await page.waitForSelector('[data-testid=breakdown-chart] svg');
    await screenshot(page, 'reports-agents-zh');
    await page.goto(`${kefu.url}/app/reports/sla`);
    await page.waitForSelector('[data-testid=sla-table], .admin-empty');
    for (const tab of ['surveys', 'bot']) {
      await page.goto(`${kefu.url}/app/reports/${tab}`);
      await page.waitForSelector('.report-cards');
      await page.waitForSelector('.report-chart svg');
      await screenshot(page, `reports-${tab}-zh`);
    }
    await page.goto(`${kefu.url}/app/reports/live`);
    await page.waitForSelector('[data-testid=live-view]');
    await screenshot(page, 'reports-live-zh');
  });
});

describe('the overview dashboard (en)', () => {
  it('reads in English, legend and axis included', async () => {
    await page.goto(`${kefu.url}/app/reports/overview`);
    await page.locator('.sidebar select').selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('[data-testid=overview-chart] svg');
    await expect
      .poll(() => page.locator('[data-testid=overview-chart] svg').textContent())
      .toContain('Created');
    const chart = await page.locator('[data-testid=overview-chart] svg').textContent();
    expect(chart).toContain('Solved');
    expect(chart).toContain('Conversations');
    expect(await page.getByTestId('durations-table').textContent()).toContain('First reply time');
    expect(await untranslatedText(page, await storedNames())).toEqual([]);
    await screenshot(page, 'reports-overview-en');
    for (const tab of ['Surveys', 'Bot', 'Live']) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.waitForSelector('.report-table, [data-testid=live-view]');
      expect(await untranslatedText(page, await storedNames()), tab).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
});
