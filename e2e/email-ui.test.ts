/**
 * The email channel in Chromium against a real Kefu: an admin adds a mailbox, a mail arrives
 * (handed to the inbound service, as the SMTP listener would: it is off in the browser Kefu),
 * an agent reads it with its quoted history and replies with a changed Cc, the reply's badge
 * follows its delivery to a local SMTP sink, and a mail the parser refuses waits in
 * Admin → Email. Screenshots go to .tmp/screenshots/e2e-email-*.png.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CapturedMail,
  headerOf,
  mailText,
  startMailSink,
} from '../apps/server/src/test/mail.ts';
import { launchBrowser, screenshot, watchPageErrors } from './support/browser.ts';
import { axeSeriousViolations, untranslatedText } from './support/pages.ts';
import { type RunningKefu, startBrowserKefu } from './support/kefu.ts';

const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };
const support = 'support@acme.test';
const customer = { name: '李雷', address: 'li.lei@example.cn' };
const subject = '<img src=x onerror=alert(1)> 订单 1042 没有收到';
const newText = '你好，我的订单 1042 还没有收到，请帮忙查一下。';
const quoted = '上次的回复：包裹已经寄出。';

let kefu: RunningKefu;
let sink: { url: string; mails: CapturedMail[]; close(): Promise<void> };
let browser: Browser;
let agent: Page;
let errors: string[];
let workspaceId: string;
let channelId: string;
let conversationId: string;
/** The raw mail of the first message, as it arrived. */
let firstMail: string;

beforeAll(async () => {
  [kefu, sink] = await Promise.all([startBrowserKefu(), startMailSink()]);
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  agent = await context.newPage();
  agent.setDefaultTimeout(10_000);
  errors = watchPageErrors(agent);
  const workspace = await kefu.kefu.database.db
    .selectFrom('workspaces')
    .select('id')
    .executeTakeFirstOrThrow();
  workspaceId = workspace.id;
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.replace(/[^\w]+/g, '-').slice(0, 40);
  await screenshot(agent, `e2e-email-failed-${name}`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await kefu?.stop();
  await sink?.close();
});

const pageErrors = () => errors.filter((e) => !e.includes('Failed to load resource'));

/** Hands a raw mail to Kefu as its SMTP listener would, and runs the jobs it queued. */
async function receive(raw: string) {
  await kefu.kefu.services.email.inbound.receive({
    channelId,
    workspaceId,
    raw: Buffer.from(raw),
    source: 'smtp',
  });
  await kefu.kefu.jobs.drain();
}

/** Names, messages and subjects held in the database: interface strings may quote them. */
async function storedData(): Promise<string[]> {
  const db = kefu.kefu.database.db;
  const rows = await Promise.all([
    db.selectFrom('users').select('name').execute(),
    db.selectFrom('workspaces').select('name').execute(),
    db.selectFrom('customers').select('name').execute(),
    db.selectFrom('messages').select('body as name').execute(),
    db.selectFrom('conversations').select('subject as name').execute(),
  ]);
  return [...rows.flat().map((r) => r.name ?? ''), subject, customer.name];
}

/** A mail whose MIME parts nest 150 deep: the parser refuses it as too complex. */
function deepMail(): string {
  const lines = [
    'From: deep@example.com',
    `To: ${support}`,
    'Subject: deep nesting',
    'Message-ID: <deep-1@example.com>',
    'MIME-Version: 1.0',
  ];
  for (let i = 0; i < 150; i += 1)
    lines.push(`Content-Type: multipart/mixed; boundary="b${i}"`, '', `--b${i}`);
  lines.push('Content-Type: text/plain', '', 'bottom');
  for (let i = 149; i >= 0; i -= 1) lines.push(`--b${i}--`);
  return lines.join('\r\n') + '\r\n';
}

describe('email in the agent workspace', { timeout: 60_000 }, () => {
  it('an admin adds a mailbox in Admin → Email (zh-CN)', async () => {
    await agent.goto(`${kefu.url}/app/`);
    await agent.getByLabel(/邮箱|Email/).fill(demoLogin.email);
    await agent.getByLabel(/密码|Password/).fill(demoLogin.password);
    await agent.locator('form button[type=submit]').click();
    await agent.waitForSelector('.connection-live');
    await agent.goto(`${kefu.url}/app/admin/email`);
    await agent.getByRole('heading', { name: '邮件', exact: true }).waitFor();
    await expect.poll(() => agent.locator('.mail-help').innerText()).toContain('2525');

    await agent.getByRole('button', { name: '添加邮箱' }).first().click();
    const dialog = agent.locator('dialog[open]');
    await dialog.getByLabel('名称', { exact: true }).fill('售后支持');
    await dialog.getByLabel('支持邮箱地址').fill(support);
    await dialog.getByLabel('发件人名称').fill('Acme 客服');
    await dialog.getByLabel('发信服务器（SMTP URL）').fill(sink.url);
    await dialog.getByText('同时从 IMAP 邮箱收取邮件').click();
    await dialog.getByLabel('IMAP 服务器').waitFor();
    await screenshot(agent, 'e2e-email-dialog-zh');
    await dialog.getByText('同时从 IMAP 邮箱收取邮件').click();
    await dialog.getByRole('button', { name: '添加邮箱' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The demo workspace has its own mailbox too; this is the one just added.
    const row = agent.locator('.mail-channel-row', { hasText: support });
    await expect.poll(() => row.innerText()).toContain(support);
    expect(await row.innerText()).toContain('127.0.0.1');
    expect(await row.innerText()).toContain('未使用');
    const channels = await agent.evaluate(() =>
      fetch('/api/v1/mail-channels').then(
        (r) => r.json() as Promise<{ items: { id: string; address: string }[] }>,
      ),
    );
    channelId = channels.items.find((c) => c.address === support)!.id;
    await screenshot(agent, 'e2e-email-admin-zh');
  });

  it('a mail arrives, shows in the inbox, and the agent reads it with its quoted text', async () => {
    firstMail = mailText({
      from: `${customer.name} <${customer.address}>`,
      to: support,
      cc: 'wang.fang@example.cn',
      subject,
      messageId: 'order-1042@example.cn',
      body: `${newText}\n\nOn Mon, 5 Jan 2026 at 10:00, Acme 客服 <${support}> wrote:\n> ${quoted}\n`,
    });
    await receive(firstMail);
    await agent.goto(`${kefu.url}/app/inbox/all`);
    const row = agent.locator('.conversation-row', { hasText: '订单 1042' });
    await row.waitFor();
    await row.click();
    const message = agent.locator('.message-email', { hasText: '还没有收到' });
    await message.waitFor();
    const header = await message.locator('.email-header').innerText();
    expect(header).toContain(`${customer.name} <${customer.address}>`);
    expect(header).toContain(support);
    expect(header).toContain('wang.fang@example.cn');
    expect(await message.locator('.message-body').innerText()).not.toContain(quoted);

    await message.getByRole('button', { name: '显示引用内容' }).click();
    await expect.poll(() => message.locator('.email-quoted-text').innerText()).toContain(quoted);
    conversationId = new URL(agent.url()).pathname.split('/').pop()!;
    // The subject is shown as text: no element came from it, and nothing ran.
    expect(await agent.locator('img[src="x"]').count()).toBe(0);
    expect(await agent.locator('.heading-subject').innerText()).toBe(subject);
    await screenshot(agent, 'e2e-email-conversation-zh');
  });

  it('"View original" shows the whole mail as text and downloads the raw .eml', async () => {
    const message = agent.locator('.message-email', { hasText: '还没有收到' });
    await message.getByRole('button', { name: '查看原始邮件' }).click();
    const dialog = agent.getByRole('dialog', { name: '原始邮件' });
    const text = dialog.locator('.email-original-text');
    await expect.poll(() => text.innerText()).toContain(newText);
    // Everything the message view folds away is here: the attribution and the quoted line.
    expect(await text.innerText()).toContain(`Acme 客服 <${support}> wrote:`);
    expect(await text.innerText()).toContain(`> ${quoted}`);
    const headers = await dialog.locator('.email-original-headers').innerText();
    expect(headers).toContain(`${customer.name} <${customer.address}>`);
    expect(headers).toContain('order-1042@example.cn');
    // The subject's markup is text here too: no element came from it, and nothing ran.
    expect(headers).toContain(subject);
    expect(await agent.locator('img[src="x"]').count()).toBe(0);
    await screenshot(agent, 'e2e-email-original-zh');

    const [download] = await Promise.all([
      agent.waitForEvent('download'),
      dialog.getByRole('link', { name: '下载 .eml 文件' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^message-[\w-]+\.eml$/);
    const file = await readFile(await download.path(), 'utf8');
    expect(file.replace(/\r\n/g, '\n')).toBe(firstMail.replace(/\r\n/g, '\n'));
    await agent.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('replies with a changed Cc; the badge goes from queued to sent', async () => {
    const to = agent.getByLabel('收件人', { exact: true });
    const cc = agent.getByLabel('抄送', { exact: true });
    await expect.poll(() => to.inputValue()).toBe(customer.address);
    expect(await cc.inputValue()).toBe('wang.fang@example.cn');
    await cc.fill('wang.fang@example.cn, not-an-address');
    await agent.getByText('不是有效的邮箱地址：not-an-address').waitFor();
    await cc.fill('wang.fang@example.cn, zhao.qiang@example.cn');
    await agent.locator('.composer-input').fill('您好，我们已经在查了，今天内回复您。');
    await agent.locator('.composer').getByRole('button', { name: '发送' }).click();

    const reply = agent.locator('.message-email', { hasText: '今天内回复您' });
    await reply.waitFor();
    // The runner may already have sent it; either way drain() leaves nothing queued.
    await kefu.kefu.jobs.drain();
    await reply.locator('.email-delivery[data-delivery="sent"]').waitFor({ timeout: 15_000 });
    expect(await reply.locator('.email-delivery').innerText()).toMatch(/^已发送/);
    expect(await reply.locator('.email-header').innerText()).toContain('zhao.qiang@example.cn');

    await expect.poll(() => sink.mails.length).toBe(1);
    const sent = sink.mails[0]!;
    expect(sent.to.sort()).toEqual(
      [customer.address, 'wang.fang@example.cn', 'zhao.qiang@example.cn'].sort(),
    );
    expect(headerOf(sent.raw, 'Cc')).toContain('zhao.qiang@example.cn');
    await screenshot(agent, 'e2e-email-reply-sent-zh');
  });

  it('the composer keeps To/Cc off internal notes', async () => {
    await agent.locator('.composer-tab', { hasText: '备注' }).click();
    expect(await agent.locator('.composer-email').count()).toBe(0);
    await agent.locator('.composer-tab', { hasText: '回复' }).click();
    await agent.locator('.composer-email').waitFor();
  });

  it('a mail the parser refuses waits in Admin → Email with its reason, and downloads', async () => {
    const raw = deepMail();
    await receive(raw);
    await agent.goto(`${kefu.url}/app/admin/email`);
    // Kefu could not read it, so the sender is not known either.
    const row = agent.locator('.mail-inbound-row', { hasText: '未知发件人' });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('quarantined');
    expect(await row.innerText()).toContain('邮件结构嵌套过深，无法安全处理。');
    expect(await row.innerText()).toContain('已隔离');
    await expect
      .poll(() => agent.locator('.mail-channel-row', { hasText: support }).innerText())
      .toContain('1 封待处理');

    const [download] = await Promise.all([
      agent.waitForEvent('download'),
      row.locator('a', { hasText: '下载原件' }).click(),
    ]);
    const file = await download.path();
    expect((await readFile(file, 'utf8')).replace(/\r\n/g, '\n')).toBe(raw.replace(/\r\n/g, '\n'));
    await screenshot(agent, 'e2e-email-inbound-zh');

    // The processed mail is there under "Processed", with a link to its conversation.
    await agent.getByRole('button', { name: '已处理', exact: true }).click();
    const processed = agent.locator('.mail-inbound-row', { hasText: customer.address });
    await processed.waitFor();
    expect(await processed.locator(`a[href="/app/inbox/all/${conversationId}"]`).count()).toBe(1);
    expect(await agent.locator('img[src="x"]').count()).toBe(0);

    // Processing it again puts it back in the queue; the parser refuses it again.
    await agent.getByRole('button', { name: '待处理', exact: true }).click();
    await row.getByRole('button', { name: /重新处理/ }).click();
    await agent.getByText('正在重新处理这封邮件。').waitFor();
    expect(await row.getAttribute('data-status')).toBe('received');
    expect(await row.innerText()).toContain('等待处理');
    await kefu.kefu.jobs.drain();
    await expect
      .poll(() => row.getAttribute('data-status'), { timeout: 10_000 })
      .toBe('quarantined');
  });

  it('shows no Chinese interface strings on these screens in English', async () => {
    await agent.locator('.sidebar select').selectOption('en');
    await agent.waitForFunction(() => document.documentElement.lang === 'en');
    // The toast of the step before was written in Chinese: wait until it has gone.
    await agent.locator('.toast').waitFor({ state: 'detached', timeout: 15_000 });
    await agent.locator('.mail-inbound-row').first().waitFor();
    expect(await untranslatedText(agent, await storedData())).toEqual([]);
    expect(await agent.locator('.mail-inbound-row').first().innerText()).toContain(
      'The mail is nested too deeply',
    );
    await screenshot(agent, 'e2e-email-admin-en');

    await agent.getByRole('button', { name: 'Edit support@acme.test' }).click();
    await agent.locator('dialog[open]').getByLabel('Sender name').waitFor();
    expect(await untranslatedText(agent, await storedData())).toEqual([]);
    await screenshot(agent, 'e2e-email-dialog-en');
    await agent.keyboard.press('Escape');

    await agent.goto(`${kefu.url}/app/inbox/all/${conversationId}`);
    const message = agent.locator('.message-email', { hasText: '还没有收到' });
    await message.getByRole('button', { name: 'Show quoted text' }).click();
    await message.locator('.email-quoted-text').waitFor();
    await agent.locator('.email-delivery[data-delivery="sent"]').waitFor();
    expect(await agent.locator('.email-delivery').innerText()).toMatch(/^Sent/);
    expect(await untranslatedText(agent, await storedData())).toEqual([]);
    await screenshot(agent, 'e2e-email-conversation-en');

    await message.getByRole('button', { name: 'View original' }).click();
    const original = agent.getByRole('dialog', { name: 'Original email' });
    await original.getByRole('link', { name: 'Download .eml' }).waitFor();
    await expect.poll(() => original.locator('.email-original-text').innerText()).toContain(quoted);
    expect(await untranslatedText(agent, await storedData())).toEqual([]);
    expect(await axeSeriousViolations(agent)).toEqual([]);
    await screenshot(agent, 'e2e-email-original-en');
    await agent.keyboard.press('Escape');
    await original.waitFor({ state: 'detached' });
  });

  it('has no serious accessibility violations there, and the page never ran the subject', async () => {
    expect(await axeSeriousViolations(agent)).toEqual([]);
    await agent.goto(`${kefu.url}/app/admin/email`);
    await agent.locator('.mail-inbound-row').first().waitFor();
    expect(await axeSeriousViolations(agent)).toEqual([]);
    expect(pageErrors()).toEqual([]);
  });
});
