/**
 * The answer bot in English, in Chromium against a real Kefu (the demo workspace, where the bot
 * is on): an answer with a link to the help-center article; a reload in the middle of the bot
 * session, after which the bot panel continues it; an honest "I don't know" with the offer of a
 * person; the handover, after which the agent reads the transcript in the conversation.
 * Screenshots: .tmp/screenshots/bot-en-*.png.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { axeSeriousViolations, untranslatedText, widgetFrame } from './support/pages.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

let kefu: RunningKefu;
let browser: Browser;
let visitor: Page;
let agent: Page;
let frame: Frame;
let visitorErrors: string[];

/** The demo shop in English with the widget open. */
async function openWidget(): Promise<Frame> {
  await visitor.goto(`${kefu.url}/demo`);
  await visitor.evaluate(() =>
    (window as unknown as { Kefu: (c: string, a: string) => void }).Kefu('locale', 'en'),
  );
  await visitor.locator('#kefu-launcher').click();
  const opened = await widgetFrame(visitor);
  await opened.waitForSelector('#kefu-bot-question');
  return opened;
}

beforeAll(async () => {
  kefu = await startBrowserKefu({ answerBot: true });
  browser = await launchBrowser();
  visitor = await (
    await browser.newContext({ viewport: { width: 1200, height: 860 }, locale: 'en-US' })
  ).newPage();
  agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  visitorErrors = watchPageErrors(visitor);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
});

describe('the answer bot on the demo page, in English', () => {
  it('answers a question that matches an article, with a link to it', async () => {
    frame = await openWidget();
    await frame.getByRole('heading', { name: 'Ask our assistant' }).waitFor();
    await frame.fill('#kefu-bot-question', 'When will I get my refund?');
    await frame.press('#kefu-bot-question', 'Enter');
    const answer = frame.locator('[data-testid=bot-answer]').last();
    await answer.waitFor();
    expect(await answer.textContent()).toContain('working days');
    const link = answer.locator('a.bot__article');
    expect(await link.textContent()).toBe('Read the article: When will I get my refund?');
    expect(await link.getAttribute('href')).toMatch(/\/help\/[^/]+\/en\/articles\/[0-9a-f-]+/);
    await frame.getByText('Did this help?').waitFor();
    expect(await untranslatedText(frame)).toEqual([]);
    await screenshot(visitor, 'bot-en-answer');
    expect(await axeSeriousViolations(frame)).toEqual([]);
  });

  it('continues the bot session after a reload instead of showing a chat', async () => {
    frame = await openWidget();
    const answer = frame.locator('[data-testid=bot-answer]');
    await answer.waitFor();
    expect(await answer.count()).toBe(1);
    expect(await frame.locator('#kefu-composer').count()).toBe(0);
    await screenshot(visitor, 'bot-en-reloaded');
  });

  it('says honestly it does not know an unrelated question and offers a person', async () => {
    await frame.fill('#kefu-bot-question', 'Do you sell submarines?');
    await frame.press('#kefu-bot-question', 'Enter');
    const declined = frame.locator('[data-testid=bot-declined]');
    await declined.waitFor();
    expect(await declined.textContent()).toContain("Sorry, I don't know the answer to that.");
    expect(await frame.getByRole('button', { name: 'Talk to a person' }).isVisible()).toBe(true);
    // Both turns are in one conversation: the one from before the reload.
    const sessions = await kefu.kefu.database.db
      .selectFrom('answer_bot_sessions')
      .select('conversation_id')
      .execute();
    expect(sessions).toHaveLength(1);
    await screenshot(visitor, 'bot-en-declined');
  });

  it('hands over, and the agent reads the transcript in the conversation', async () => {
    await frame.getByRole('button', { name: 'Talk to a person' }).click();
    await frame.waitForSelector('#kefu-composer');
    await frame.waitForSelector('.message--bot :text("passing you to a person")');
    await screenshot(visitor, 'bot-en-handover-visitor');
    const session = await kefu.kefu.database.db
      .selectFrom('answer_bot_sessions')
      .select(['conversation_id', 'outcome'])
      .executeTakeFirstOrThrow();
    expect(session.outcome).toBe('handed_over');

    await agent.goto(`${kefu.url}/app/`);
    await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
    await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
    await agent.locator('form button[type=submit]').click();
    await agent.waitForSelector('.sidebar');
    await agent.goto(`${kefu.url}/app/inbox/all/${session.conversation_id}`);
    await agent.waitForSelector(
      '.message-customer .message-body:has-text("When will I get my refund?")',
    );
    await agent.waitForSelector(
      '.message-bot .message-body:has-text("When will I get my refund?")',
    );
    await agent.waitForSelector(
      '.message-customer .message-body:has-text("Do you sell submarines?")',
    );
    await agent.waitForSelector('.message-bot .message-body:has-text("talk to a person")');
    await agent.waitForSelector('.message-bot .message-body:has-text("passing you to a person")');
    expect(await agent.locator('.message-bot').count()).toBe(3);
    await screenshot(agent, 'bot-en-handover-agent');
    expect(visitorErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
