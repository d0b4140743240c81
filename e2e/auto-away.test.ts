/**
 * Auto-away in Chromium against a real Kefu (demo workspace): an online agent who does nothing
 * for the workspace's idle minutes (15 by default) is set away by the app, and the server's
 * status follows; their next input sets them online again. The page's clock is Playwright's, so
 * the test moves time instead of waiting.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, sessionFrom } from '../apps/server/src/test/harness.ts';
import { launchBrowser, watchPageErrors } from './support/browser.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

let kefu: RunningKefu;
let browser: Browser;
let page: Page;
let owner: SignedIn;
let errors: string[] = [];

beforeAll(async () => {
  kefu = await startBrowserKefu();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  errors = watchPageErrors(page);
  await page.clock.install();
  owner = sessionFrom(
    await kefu.kefu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: demoLogin }),
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

const serverStatus = async () =>
  (
    await kefu.kefu.app.inject({
      method: 'GET',
      url: '/api/v1/me/status',
      headers: { cookie: owner.cookie },
    })
  ).json<{ status: string }>().status;

describe('auto-away', () => {
  it('sets an idle agent away after the idle minutes, and online again at the next input', async () => {
    await page.goto(`${kefu.url}/app/`);
    await page.getByLabel(/邮箱|Email/).fill(demoLogin.email);
    await page.getByLabel(/密码|Password/).fill(demoLogin.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForSelector('.connection-live');
    await page.locator('.status-menu summary').click();
    await page.locator('.status-menu-list button').first().click();
    await page.waitForSelector('[data-testid=my-status]:has-text("在线")');
    expect(await serverStatus()).toBe('online');

    // Fourteen idle minutes: still online.
    await page.clock.fastForward('14:00');
    await page.clock.fastForward('00:20');
    expect(await page.locator('[data-testid=my-status]').textContent()).toBe('在线');

    // Past fifteen: the app sets the agent away, and says it did so because of no input.
    await page.clock.fastForward('01:30');
    await page.waitForSelector('[data-testid=my-status]:has-text("离开（无操作）")');
    expect(await serverStatus()).toBe('away');

    // The next input brings the agent back.
    await page.mouse.move(200, 300);
    await page.mouse.move(240, 320);
    await page.waitForSelector('[data-testid=my-status]:has-text("在线")');
    expect(await serverStatus()).toBe('online');
    // The one expected failure is the session check before the login (401).
    expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
  });
});
