import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { deliver, headerOf, mailText, startMailSink } from '../../test/mail.ts';

describe.each(databaseKinds)('email channel end to end on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let sink: Awaited<ReturnType<typeof startMailSink>>;
  let address: string;
  let port: number;

  beforeAll(async () => {
    sink = await startMailSink();
    kefu = await startTestKefu(
      kind,
      { SMTP_PORT: '0', SMTP_HOST: '127.0.0.1' },
      { jobs: 'manual' },
    );
    port = kefu.smtpPort!;
    owner = await signUp(kefu.app, 'Mail');
    address = `support-${Date.now()}@acme.test`;
    const created = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/mail-channels',
      payload: { name: 'Support', address, fromName: 'Acme 客服', smtpUrl: sink.url },
      ...as(owner),
    });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(async () => {
    await kefu.close();
    await sink.close();
  });

  const get = (url: string) => kefu.app.inject({ method: 'GET', url, ...as(owner) });

  it('turns a mail into a conversation, sends the agent reply, and threads the answer', async () => {
    await deliver(
      port,
      mailText({
        from: '王小明 <xiaoming@example.cn>',
        to: address,
        cc: 'colleague@example.cn',
        subject: '订单还没有到',
        messageId: 'first-1@example.cn',
        body: '你好，我的订单 #1234 还没有到。\n\n在 2026年12月1日 10:00，商店 <shop@acme.test> 写道：\n> 您的订单已发货',
      }),
      { from: 'xiaoming@example.cn', to: [address] },
    );
    await kefu.jobs.drain();
    const list = await get('/api/v1/conversations?channel=email');
    expect(list.statusCode, list.body).toBe(200);
    const [conversation] = list.json().items;
    expect(conversation).toMatchObject({ subject: '订单还没有到', channel: 'email' });
    const messages = (await get(`/api/v1/conversations/${conversation.id}/messages`)).json().items;
    expect(messages).toHaveLength(1);
    expect(messages[0].body).toBe('你好，我的订单 #1234 还没有到。');
    expect(messages[0].email).toMatchObject({
      direction: 'inbound',
      from: { address: 'xiaoming@example.cn', name: '王小明' },
      hasQuotedText: true,
    });

    const reply = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      payload: { body: '您好，包裹明天送到。' },
      ...as(owner),
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().email).toMatchObject({
      deliveryStatus: 'queued',
      cc: [{ address: 'colleague@example.cn' }],
    });
    await kefu.jobs.drain();
    expect(sink.mails).toHaveLength(1);
    const sent = sink.mails[0]!;
    expect(sent.to.sort()).toEqual(['colleague@example.cn', 'xiaoming@example.cn']);
    const sentId = headerOf(sent.raw, 'Message-ID')!;
    expect(sentId).toMatch(/^<kefu-/);
    expect(headerOf(sent.raw, 'In-Reply-To')).toBe('<first-1@example.cn>');
    const after = (await get(`/api/v1/conversations/${conversation.id}/messages`)).json().items;
    expect(after[1].email).toMatchObject({ deliveryStatus: 'sent', direction: 'outbound' });

    await deliver(
      port,
      mailText({
        from: 'xiaoming@example.cn',
        to: address,
        subject: `Re: 订单还没有到 [#${conversation.number}]`,
        messageId: 'second-2@example.cn',
        inReplyTo: sentId.slice(1, -1),
        references: ['first-1@example.cn', sentId.slice(1, -1)],
        body: '谢谢！',
      }),
      { from: 'xiaoming@example.cn', to: [address] },
    );
    await kefu.jobs.drain();
    const thread = (await get(`/api/v1/conversations/${conversation.id}/messages`)).json().items;
    expect(thread.map((m: { body: string }) => m.body)).toEqual([
      '你好，我的订单 #1234 还没有到。',
      '您好，包裹明天送到。',
      '谢谢！',
    ]);
    const all = (await get('/api/v1/conversations?channel=email')).json().items;
    expect(all).toHaveLength(1);
  });

  it('refuses a recipient that belongs to no mailbox at RCPT time', async () => {
    await expect(
      deliver(
        port,
        mailText({
          from: 'a@example.com',
          to: 'nobody@acme.test',
          subject: 'x',
          messageId: 'n-1@x',
          body: 'x',
        }),
        {
          from: 'a@example.com',
          to: ['nobody@acme.test'],
        },
      ),
    ).rejects.toMatchObject({ responseCode: 550 });
  });
});
