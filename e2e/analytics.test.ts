/**
 * Reports in Chromium against a real Kefu (demo workspace with two weeks of history,
 * production build, PGlite): the overview renders its cards, chart and tables in Chinese and
 * English, a number drills down to exactly the conversations behind it (as the API lists them),
 * and the other tabs render. The Surveys tab takes the same filters: a team slice changes its
 * numbers, a count drills down to the rated conversations, and its CSV neutralises formulas.
 * Screenshots go to .tmp/screenshots/reports-*.png.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AnalyticsBreakdown,
  AnalyticsConversationPage,
  AnalyticsLive,
  AnalyticsOverview,
  SurveyReport,
} from '@kefu/contracts';
import { type SignedIn, createApiToken, sessionFrom } from '../apps/server/src/test/harness.ts';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { untranslatedText } from './support/pages.ts';
import { addDays, dateIn, defaultFilters } from '../apps/web/src/reports/report-query.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

let kefu: RunningKefu;
let browser: Browser;
let page: Page;
let owner: SignedIn;
let errors: string[] = [];
let workspaceZone = 'UTC';

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
  // The browser is in another zone than the demo workspace (Asia/Shanghai): report dates and
  // buckets must still be the workspace's days.
  page = await (
    await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      timezoneId: 'America/Los_Angeles',
    })
  ).newPage();
  errors = watchPageErrors(page);
  const workspace = await kefu.kefu.database.db
    .selectFrom('workspaces')
    .select('timezone')
    .executeTakeFirstOrThrow();
  workspaceZone = workspace.timezone;
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

/** The range the page asks for by default: the workspace's last 30 days, today included. */
function defaultRange() {
  const { from, to } = defaultFilters(workspaceZone);
  return { from, to };
}

/** The open drill-down, every page shown, lists exactly `expected`'s conversations. */
async function expectDrillDownOf(expected: AnalyticsConversationPage) {
  const table = page.getByTestId('drill-table');
  await table.waitFor();
  while (await page.getByRole('button', { name: '显示更多' }).isVisible())
    await page.getByRole('button', { name: '显示更多' }).click();
  await expect.poll(() => table.locator('tbody tr').count()).toBe(expected.items.length);
  const numbers = await table.locator('tbody tr td:first-child').allTextContents();
  expect(numbers.sort()).toEqual(expected.items.map((c) => `#${c.number}`).sort());
  return { table, numbers };
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
    // The dates shown and the series are the workspace's calendar days, not the browser's:
    // 30 whole days, the first on the From date and the last on the To date.
    expect(overview.timezone).toBe(workspaceZone);
    expect(overview.series).toHaveLength(30);
    const today = dateIn(Date.now(), workspaceZone);
    await expect.poll(() => page.getByLabel('结束日期', { exact: true }).inputValue()).toBe(today);
    const firstDay = await page.getByLabel('开始日期', { exact: true }).inputValue();
    expect(firstDay).toBe(dateIn(Date.parse(from), workspaceZone));
    const periods = await page
      .getByTestId('series-table')
      .locator('tbody tr td:first-child')
      .allTextContents();
    expect(periods[0]).toContain(firstDay);
    expect(periods.at(-1)).toContain(today);
    // A From date picked in the browser's zone means that day in the workspace's.
    const weekAgo = addDays(today, -6);
    await page.getByLabel('开始日期', { exact: true }).fill(weekAgo);
    const rows = page.getByTestId('series-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(7);
    expect(await rows.first().locator('td').first().textContent()).toContain(weekAgo);
    await page.getByLabel('开始日期', { exact: true }).fill(firstDay);
    await expect.poll(() => rows.count()).toBe(30);
    expect(await page.getByTestId('durations-table').textContent()).toContain('首次回复时间');
    await screenshot(page, 'reports-overview-zh');
  });

  it('a click on the solved number opens exactly the conversations behind it', async () => {
    const { from, to } = defaultRange();
    const expected = await api<AnalyticsConversationPage>(
      `/api/v1/analytics/conversations?metric=solved&from=${from}&to=${to}&limit=200`,
    );
    await page.getByTestId('card-solved').click();
    const { table, numbers } = await expectDrillDownOf(expected);
    await screenshot(page, 'reports-drilldown-zh');
    // A row opens its conversation.
    const first = expected.items.find((c) => `#${c.number}` === numbers[0])!;
    await table.getByRole('link', { name: numbers[0]!, exact: true }).click();
    await page.waitForURL(`**/app/inbox/all/${first.id}`);
  }, 60_000);

  it("a duration's count opens the conversations it was measured on", async () => {
    const { from, to } = defaultRange();
    const expected = await api<AnalyticsConversationPage>(
      `/api/v1/analytics/conversations?metric=full_resolution&from=${from}&to=${to}&limit=200`,
    );
    expect(expected.items.length).toBeGreaterThan(0);
    await page.goto(`${kefu.url}/app/reports`);
    const row = page
      .getByTestId('durations-table')
      .locator('tbody tr', { hasText: '完全解决时间' });
    await row.getByRole('button').first().click();
    await expectDrillDownOf(expected);
    await screenshot(page, 'reports-duration-drilldown-zh');
  }, 60_000);

  it('the agents, SLA and live tabs render', async () => {
    await page.goto(`${kefu.url}/app/reports/agents`);
    await page.waitForSelector('[data-testid=breakdown-table] tbody tr');
    await page.waitForSelector('[data-testid=breakdown-chart] svg');
    await screenshot(page, 'reports-agents-zh');
    // The first agent's median first reply opens that agent's conversations with a first reply.
    const { from, to } = defaultRange();
    const breakdown = await api<AnalyticsBreakdown>(
      `/api/v1/analytics/breakdown?by=agent&from=${from}&to=${to}`,
    );
    const top = breakdown.rows[0]!;
    expect(top.durations.first_reply.count).toBeGreaterThan(0);
    const expected = await api<AnalyticsConversationPage>(
      `/api/v1/analytics/conversations?metric=first_reply&agentId=${top.key ?? 'none'}` +
        `&from=${from}&to=${to}&limit=200`,
    );
    expect(expected.items).toHaveLength(top.durations.first_reply.count);
    const firstRow = page.getByTestId('breakdown-table').locator('tbody tr').first();
    await firstRow.locator('td').nth(8).getByRole('button').click();
    await expectDrillDownOf(expected);
    await screenshot(page, 'reports-agents-drilldown-zh');
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

    // A status count opens the agents behind it; an agent's unsolved count, their conversations.
    const live = await api<AnalyticsLive>('/api/v1/analytics/live');
    const group = live.agents.find((g) => g.members.some((m) => m.unsolved > 0))!;
    const member = group.members.find((m) => m.unsolved > 0)!;
    const label = {
      online: '在线',
      away: '离开',
      offline: '离线',
      disconnected: '在线，但未打开页面',
    }[group.status]!;
    await page
      .getByTestId('live-view')
      .locator('tr')
      .filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${label}$`) }) })
      .getByRole('button')
      .click();
    const agentRow = page.getByTestId('live-agents-table').locator('tr', { hasText: member.name });
    expect(await agentRow.locator('td').last().innerText()).toBe(String(member.unsolved));
    await screenshot(page, 'reports-live-agents-zh');
    await agentRow.getByRole('button').click();
    const backlog = await api<AnalyticsConversationPage>(
      `/api/v1/analytics/conversations?metric=backlog&agentId=${member.userId}` +
        `&from=${from}&to=${to}&limit=200`,
    );
    expect(backlog.items).toHaveLength(member.unsolved);
    await expectDrillDownOf(backlog);
    await screenshot(page, 'reports-live-agent-backlog-zh');
  });
});

describe('survey numbers take the same filters (zh-CN)', () => {
  /** Rated conversations: two of one team (both good), two of another (one good, one bad). */
  const rated: { id: string; number: number; teamId: string }[] = [];

  beforeAll(async () => {
    const db = kefu.kefu.database.db;
    const open = await db
      .selectFrom('conversations')
      .select(['id', 'number', 'team_id'])
      .where('workspace_id', '=', owner.workspaceId)
      .where('team_id', 'is not', null)
      .where('merged_into_id', 'is', null)
      .where('status', '!=', 'closed')
      .orderBy('number')
      .execute();
    const teams = [...new Set(open.map((c) => c.team_id!))].slice(0, 2);
    expect(teams).toHaveLength(2);
    for (const teamId of teams)
      for (const c of open.filter((o) => o.team_id === teamId).slice(0, 2))
        rated.push({ id: c.id, number: c.number, teamId });
    const token = await createApiToken(kefu.kefu, owner.workspaceId, ['conversations:write']);
    const post = async (url: string, payload: object) => {
      const response = await kefu.kefu.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json<{ id: string }>();
    };
    // Team 1: 5, 5 (good). Team 2: 4 (good), 1 (bad) with a formula-like comment.
    const scores = [5, 5, 4, 1];
    for (const [i, c] of rated.entries()) {
      const request = await post('/api/v1/surveys/requests', {
        conversationId: c.id,
        kind: 'csat',
      });
      await post(`/api/v1/surveys/requests/${request.id}/response`, {
        score: scores[i]!,
        ...(i === 3 ? { comment: '=HYPERLINK("https://example.com","点我")' } : {}),
      });
    }
  });

  it('a team slice changes the CSAT and a count opens exactly its rated conversations', async () => {
    const { from, to } = defaultRange();
    const all = await api<SurveyReport>(`/api/v1/surveys/report?from=${from}&to=${to}`);
    const team2 = rated[2]!.teamId;
    const sliced = await api<SurveyReport>(
      `/api/v1/surveys/report?from=${from}&to=${to}&teamId=${team2}`,
    );
    // 3 good of 4 overall; the second team 1 of 2.
    expect(all.overall.csat).toEqual({ good: 3, bad: 1, percent: 75 });
    expect(sliced.overall.csat).toEqual({ good: 1, bad: 1, percent: 50 });
    await page.goto(`${kefu.url}/app/reports/surveys`);
    const card = page.getByTestId('card-csat_rated');
    await expect.poll(() => card.textContent()).toContain('75%');
    await page.getByLabel('团队').selectOption(team2);
    await expect.poll(() => card.textContent()).toContain('50%');
    await page.waitForSelector('[data-testid=survey-chart] svg');
    await screenshot(page, 'reports-surveys-team-zh');
    await card.click();
    const table = page.getByTestId('drill-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    const numbers = await table.locator('tbody tr td:first-child').allTextContents();
    expect(numbers.sort()).toEqual(
      rated
        .filter((c) => c.teamId === team2)
        .map((c) => `#${c.number}`)
        .sort(),
    );
    await screenshot(page, 'reports-surveys-drilldown-zh');
    await page.keyboard.press('Escape');
    await table.waitFor({ state: 'detached' });
  }, 60_000);

  it('the comments table downloads as CSV with the formula neutralised', async () => {
    const comments = page.getByTestId('survey-comments-table');
    await comments.locator('tbody tr').first().waitFor();
    const section = page.locator('.report-table', { has: comments });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: '下载 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('surveys-comments.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""https://example.com"",""点我"")"`);
  });

  it('the bot tab takes the slice too and keeps its tables', async () => {
    await page.goto(`${kefu.url}/app/reports/bot`);
    await page.waitForSelector('[data-testid=bot-series-table] tbody tr');
    await page.getByLabel('渠道').selectOption('chat');
    await page.waitForSelector('[data-testid=bot-table] tbody tr');
    await screenshot(page, 'reports-bot-chat-zh');
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
      if (tab !== 'Live') {
        await page.waitForSelector('.report-chart svg');
        await screenshot(page, `reports-${tab.toLowerCase()}-en`);
      }
    }
    expect(errors).toEqual([]);
  });
});
