/**
 * The answer bot in Chromium against a real Kefu (demo workspace, production build, PGlite): a
 * visitor on /demo gets an answer with a link to the help-center article, an honest "I don't
 * know" with the offer of a person for an unrelated question, and hands over; the agent in
 * /app/ reads the bot's transcript in the conversation. Screenshots: .tmp/screenshots/bot-*.png.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { axeSeriousViolations, widgetFrame } from './support/pages.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

let kefu: RunningKefu;
let browser: Browser;
let visitor: Page;
let agent: Page;
let frame: Frame;
let visitorErrors: string[];

beforeAll(async () => {
  // The demo workspace has the bot on, as a new user finds it.
  kefu = await startBrowserKefu({ answerBot: true });
  browser = await launchBrowser();
  visitor = await (await browser.newContext({ viewport: { width: 1200, height: 860 } })).newPage();
  agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  visitorErrors = watchPageErrors(visitor);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

describe('the answer bot on the demo page', () => {
  it('suggests articles while the visitor types and answers with a link to the article', async () => {
    await visitor.goto(`${kefu.url}/demo`);
    await visitor.locator('#kefu-launcher').click();
    frame = await widgetFrame(visitor);
    await frame.waitForSelector('#kefu-bot-question');
    await frame.fill('#kefu-bot-question', '退款什么时候到账');
    await frame.waitForSelector('.bot__suggestions a:has-text("退款多久到账")');
    await screenshot(visitor, 'bot-suggestions');
    await frame.press('#kefu-bot-question', 'Enter');
    const answer = frame.locator('[data-testid=bot-answer]').last();
    await answer.waitFor();
    const link = answer.locator('a.bot__article');
    expect(await link.textContent()).toContain('退款多久到账');
    expect(await link.getAttribute('href')).toMatch(/\/help\/[^/]+\/zh-CN\/articles\/[0-9a-f-]+/);
    expect(await link.getAttribute('target')).toBe('_blank');
    await frame.getByText('这个回答有帮助吗？').waitFor();
    await screenshot(visitor, 'bot-answer');
    expect(await axeSeriousViolations(frame)).toEqual([]);
  });

  it('says honestly it does not know an unrelated question and offers a person', async () => {
    await frame.fill('#kefu-bot-question', '你们卖潜水艇吗');
    await frame.press('#kefu-bot-question', 'Enter');
    const declined = frame.locator('[data-testid=bot-declined]');
    await declined.waitFor();
    expect(await declined.textContent()).toContain('这个问题我还不知道答案');
    expect(await frame.getByRole('button', { name: '转人工客服' }).isVisible()).toBe(true);
    await screenshot(visitor, 'bot-declined');
  });

  it('hands over to a person, and the agent reads the bot transcript in the conversation', async () => {
    await frame.getByRole('button', { name: '转人工客服' }).click();
    await frame.waitForSelector('#kefu-composer');
    await frame.waitForSelector('.message--bot :text("正在为您转接人工客服")');
    await screenshot(visitor, 'bot-handover-visitor');

    await agent.goto(`${kefu.url}/app/`);
    await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
    await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
    await agent.locator('form button[type=submit]').click();
    await agent.waitForSelector('.sidebar');
    const session = await kefu.kefu.database.db
      .selectFrom('answer_bot_sessions')
      .select(['conversation_id', 'outcome'])
      .executeTakeFirstOrThrow();
    expect(session.outcome).toBe('handed_over');
    await agent.goto(`${kefu.url}/app/inbox/all/${session.conversation_id}`);
    await agent.waitForSelector('.message-customer .message-body:has-text("退款什么时候到账")');
    await agent.waitForSelector('.message-bot .message-body:has-text("查看全文")');
    await agent.waitForSelector('.message-customer .message-body:has-text("你们卖潜水艇吗")');
    await agent.waitForSelector('.message-bot .message-body:has-text("这个问题我还不知道答案")');
    expect(await agent.locator('.message-bot').count()).toBe(3);
    await screenshot(agent, 'bot-handover-agent');
    expect(visitorErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
