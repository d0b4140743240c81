/**
 * The widget in Chromium, embedded on a page of another origin, against a stub server: keyboard
 * use and focus, live messages, typing, read state, XSS staying inert, reconnect without gaps or
 * duplicates, attachments, unread badge, language switch, the offline email form, and axe-core.
 * Screenshots go to .tmp/screenshots/widget-stub-*.png.
 */
import axe from 'axe-core';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, watchPageErrors } from '../../../e2e/support/browser.ts';
import { startStubKefu, type StubKefu } from './stub-kefu.ts';

const hostPage = (kefuUrl: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><button id="page-button">Buy</button>
<script src="${kefuUrl}/widget.js" data-kefu-key="wk_stub_key_1234567890abcd" async></script>
</body></html>`;

let stub: StubKefu;
let browser: Browser;
let page: Page;
let errors: string[];

const frameOf = async (target: Page): Promise<Frame> => {
  for (;;) {
    const frame = target.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (frame) return frame;
    await target.waitForTimeout(50);
  }
};
const activeId = (frame: Frame | Page) => frame.evaluate(() => document.activeElement?.id ?? '');
const bubbles = (frame: Frame) =>
  frame.$$eval('.message__bubble', (nodes) => nodes.map((n) => n.textContent ?? ''));

async function axeSeriousViolations(frame: Frame) {
  await frame.evaluate(axe.source);
  return frame.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

beforeAll(async () => {
  stub = await startStubKefu(hostPage);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 820 }, locale: 'en-US' });
  errors = watchPageErrors(page);
  await page.goto(`${stub.hostUrl}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stub?.stop();
});

describe('the chat widget in a browser', () => {
  it('opens from the keyboard and puts focus in the composer, in the page language', async () => {
    const launcher = page.locator('#kefu-launcher');
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-label')).toBe('打开在线客服');
    await page.focus('#page-button');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('kefu-launcher');
    await page.keyboard.press('Enter');
    const frame = await frameOf(page);
    await frame.waitForFunction(() => document.activeElement?.id === 'kefu-composer');
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await frame.textContent('.header')).toContain('通常在约 5 分钟内回复');
  });

  it('sends the visitor message and shows the agent reply, typing and read state live', async () => {
    const frame = await frameOf(page);
    await page.keyboard.type('我的订单还没有到');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('.message--customer .message__bubble:has-text("我的订单还没有到")');
    // Shown at once as "sending"; wait until it is delivered and the socket is live.
    await frame.waitForFunction(() => !document.body.innerText.includes('发送中'));
    expect(stub.calls.map((c) => c.route)).toContain('POST /api/v1/widget/conversations');
    await stub.socketReady();

    const conversationId = '018f0000-0000-7000-8000-c00000000001';
    stub.send({ type: 'typing', conversationId, agent: { name: '小王' }, typing: true });
    await frame.waitForSelector('.typing:has-text("小王 正在输入…")');

    stub.agentSays(
      '<img src=x onerror=alert(1)> 请看 [x](javascript:alert(1)) https://example.com/track?id=1。',
    );
    await frame.waitForSelector('.message--agent .message__bubble:has-text("请看")');
    expect(await frame.$('.typing')).toBeNull();
    const texts = await bubbles(frame);
    expect(texts.at(-1)).toBe(
      '<img src=x onerror=alert(1)> 请看 [x](javascript:alert(1)) https://example.com/track?id=1。',
    );
    expect(await frame.$$eval('.messages img', (n) => n.length)).toBe(0);
    expect(
      await frame.$$eval('.message__bubble a', (links) => links.map((a) => a.getAttribute('href'))),
    ).toEqual(['https://example.com/track?id=1']);
    expect(await frame.textContent('[aria-live="polite"]')).toContain('小王 发来新消息');

    stub.send({ type: 'read', conversationId, agentLastReadAt: new Date().toISOString() });
    await frame.waitForSelector('.message__seen:has-text("已读")');
    await screenshot(page, 'widget-stub-chat-zh');
  });

  it('catches up after a dropped connection without losing or repeating a message', async () => {
    const frame = await frameOf(page);
    await stub.socketReady();
    stub.dropSockets();
    stub.recordOnly('断线期间的回复');
    await frame.waitForSelector('.message__bubble:has-text("断线期间的回复")', { timeout: 15_000 });
    const resumedWith = stub.socketAuths.at(-1);
    expect(typeof resumedWith).toBe('number');
    stub.agentSays('重新连接后的回复');
    await frame.waitForSelector('.message__bubble:has-text("重新连接后的回复")');
    const texts = await bubbles(frame);
    expect(texts.filter((t) => t === '断线期间的回复')).toHaveLength(1);
    expect(texts.filter((t) => t === '我的订单还没有到')).toHaveLength(1);
  });

  it('sends an attachment whose file name is shown as text', async () => {
    const frame = await frameOf(page);
    const name = '发票 <img src=x onerror=alert(1)>.pdf';
    await frame.setInputFiles('input[type=file]', {
      name,
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 stub'),
    });
    await frame.waitForSelector('.chip__remove');
    await frame.click('.composer button[type=submit]');
    await frame.waitForSelector('.attachment__name');
    expect(await frame.textContent('.message--customer .attachment__name')).toBe(name);
    expect(await frame.$$eval('.messages img', (n) => n.length)).toBe(0);
  });

  it('has no serious or critical axe-core violations in the open panel', async () => {
    expect(await axeSeriousViolations(await frameOf(page))).toEqual([]);
  });

  it('closes with Escape, returns focus to the launcher and counts unread replies', async () => {
    const frame = await frameOf(page);
    await frame.focus('#kefu-composer');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.id === 'kefu-launcher');
    expect(await page.isVisible('#kefu-frame')).toBe(false);
    stub.agentSays('还在吗？');
    await page.waitForFunction(() =>
      document.getElementById('kefu-launcher')?.getAttribute('aria-label')?.includes('1'),
    );
    await screenshot(page, 'widget-stub-closed-unread');
  });

  it('switches every visible string to English', async () => {
    await page.evaluate(() =>
      (window as unknown as { Kefu: (c: string, a?: string) => void }).Kefu('locale', 'en'),
    );
    await page.click('#kefu-launcher');
    const frame = await frameOf(page);
    await frame.waitForSelector('.header:has-text("Usually replies in about 5 minutes")');
    expect(await frame.getAttribute('#kefu-composer', 'placeholder')).toBe('Type a message…');
    expect(await page.getAttribute('#kefu-launcher', 'aria-label')).toBe('Close chat');
    const visible = await frame.evaluate(() => document.body.innerText);
    const agentText = [
      '演示商店',
      '请看',
      '断线期间的回复',
      '重新连接后的回复',
      '还在吗',
      '我的订单',
      '发票',
      '小王',
    ];
    const chrome = visible
      .split('\n')
      .filter((line) => !agentText.some((text) => line.includes(text)));
    expect(chrome.join('\n')).not.toMatch(/[\u4e00-\u9fff]/);
    await screenshot(page, 'widget-stub-chat-en');
  });

  it('says when nobody is online and takes an email instead', async () => {
    stub.config.agentsOnline = false;
    const other = await browser.newPage({ viewport: { width: 420, height: 760 }, locale: 'zh-CN' });
    const otherErrors = watchPageErrors(other);
    await other.goto(`${stub.hostUrl}/`);
    await other.click('#kefu-launcher');
    const frame = await frameOf(other);
    await frame.waitForSelector('.notice:has-text("客服暂时不在线")');
    await frame.fill('#kefu-offline-email', 'not-an-email');
    await frame.click('.notice button[type=submit]');
    await frame.waitForSelector('.field__error');
    await frame.fill('#kefu-offline-email', 'li.lei@example.com');
    await frame.click('.notice button[type=submit]');
    await frame.waitForSelector('.notice:has-text("li.lei@example.com")');
    await screenshot(other, 'widget-stub-offline-mobile');
    expect(await axeSeriousViolations(frame)).toEqual([]);
    expect(otherErrors).toEqual([]);
    await other.close();
    stub.config.agentsOnline = true;
  });

  it('ran without page errors, CSP violations or dialogs', () => {
    expect(errors).toEqual([]);
  });
});
