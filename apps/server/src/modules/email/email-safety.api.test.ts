import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMailbox, deliver, headerOf, mailText, startMailSink } from '../../test/mail.ts';
import { agentReplyAddress } from './mail-tokens.ts';

const bare = (id: string) => id.replace(/^<|>$/g, '');

describe.each(databaseKinds)('email safety on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let ownerEmail: string;
  let sink: Awaited<ReturnType<typeof startMailSink>>;
  let mailbox: { id: string; address: string };

  beforeAll(async () => {
    sink = await startMailSink();
    kefu = await startTestKefu(
      kind,
      { SMTP_PORT: '0', SMTP_HOST: '127.0.0.1', EMAIL_MAX_BYTES: '65536' },
      { jobs: 'manual', inboundMail: { floodLimit: 3, floodWindowMs: 600_000 } },
    );
    owner = await signUp(kefu.app, 'Safety');
    ownerEmail = (
      await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...as(owner) })
    ).json().user.email;
    mailbox = await addMailbox(kefu.app, owner, { smtpUrl: sink.url, autoAcknowledge: true });
  });
  afterAll(async () => {
    await kefu.close();
    await sink.close();
  });

  const get = (url: string) => kefu.app.inject({ method: 'GET', url, ...as(owner) });
  const send = async (raw: string, from: string, to = [mailbox.address]) => {
    await deliver(kefu.smtpPort!, raw, { from, to });
    await kefu.jobs.drain();
  };
  const messagesOf = async (id: string) =>
    (await get(`/api/v1/conversations/${id}/messages?limit=100`)).json().items as {
      id: string;
      body: string;
      authorType: string;
      visibility: string;
      html: string | null;
      email: { flags: string[]; deliveryStatus: string | null; deliveryError: string | null };
    }[];
  const conversationFor = async (subject: string) => {
    const items = (await get('/api/v1/conversations?channel=email&limit=100')).json().items as {
      id: string;
      number: number;
      subject: string;
      status: string;
    }[];
    return items.find((c) => c.subject === subject);
  };
  /** A customer conversation with one Kefu reply sent; returns the reply's Message-ID. */
  const openConversation = async (customer: string, subject: string) => {
    await send(
      mailText({
        from: customer,
        to: mailbox.address,
        subject,
        messageId: `${subject}-1@x.example`,
        body: 'Hello',
      }),
      customer,
    );
    const conversation = (await conversationFor(subject))!;
    const sentBefore = sink.mails.length;
    await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      payload: { body: 'Hi, how can we help?' },
      ...as(owner),
    });
    await kefu.jobs.drain();
    const reply = sink.mails.slice(sentBefore).find((m) => !headerOf(m.raw, 'Auto-Submitted'))!;
    return { conversation, replyId: bare(headerOf(reply.raw, 'Message-ID')!) };
  };

  it('acknowledges a new mail once, marked as automatic, and never answers automatic mail', async () => {
    const before = sink.mails.length;
    await send(
      mailText({
        from: 'ack@example.com',
        to: mailbox.address,
        subject: 'ack me',
        messageId: 'ack-1@example.com',
        body: 'Hi',
      }),
      'ack@example.com',
    );
    const ack = sink.mails.slice(before);
    expect(ack).toHaveLength(1);
    expect(headerOf(ack[0]!.raw, 'Auto-Submitted')).toBe('auto-generated');
    expect(headerOf(ack[0]!.raw, 'X-Auto-Response-Suppress')).toBe('All');

    const again = sink.mails.length;
    await send(
      mailText({
        from: 'robot@example.com',
        to: mailbox.address,
        subject: 'Out of office',
        messageId: 'ooo-1@example.com',
        body: 'I am away',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
      'robot@example.com',
    );
    await send(
      mailText({
        from: 'list@example.com',
        to: mailbox.address,
        subject: 'Newsletter',
        messageId: 'list-1@example.com',
        body: 'News',
        headers: { Precedence: 'bulk' },
      }),
      'list@example.com',
    );
    await send(
      mailText({
        from: 'bounce@example.com',
        to: mailbox.address,
        subject: 'Null sender',
        messageId: 'null-1@example.com',
        body: 'x',
      }),
      '',
    );
    expect(sink.mails.length).toBe(again);
    const ooo = await conversationFor('Out of office');
    expect((await messagesOf(ooo!.id))[0]!.email.flags).toContain('auto_submitted');
  });

  it('does not reopen a solved conversation for an auto-reply', async () => {
    const { conversation, replyId } = await openConversation('solved@example.com', 'solve me');
    await kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${conversation.id}`,
      payload: { status: 'solved' },
      ...as(owner),
    });
    await send(
      mailText({
        from: 'solved@example.com',
        to: mailbox.address,
        subject: 'Re: solve me',
        messageId: 'auto-2@example.com',
        inReplyTo: replyId,
        body: 'Auto: I am on holiday',
        headers: { 'X-Autoreply': 'yes' },
      }),
      'solved@example.com',
    );
    expect((await conversationFor('solve me'))!.status).toBe('solved');
    await send(
      mailText({
        from: 'solved@example.com',
        to: mailbox.address,
        subject: 'Re: solve me',
        messageId: 'human-2@example.com',
        inReplyTo: replyId,
        body: 'Actually, one more question',
      }),
      'solved@example.com',
    );
    expect((await conversationFor('solve me'))!.status).toBe('open');
  });

  it('keeps mail from someone not on the conversation internal (the ticket trick)', async () => {
    const { conversation, replyId } = await openConversation('victim@example.com', 'trick');
    await send(
      mailText({
        from: 'no-reply@slack.example',
        to: mailbox.address,
        subject: 'Confirm your email',
        messageId: 'slack-1@slack.example',
        inReplyTo: replyId,
        body: 'Your code is 123456',
      }),
      'no-reply@slack.example',
    );
    const messages = await messagesOf(conversation.id);
    const foreign = messages.find((m) => m.body.includes('123456'))!;
    expect(foreign.visibility).toBe('internal');
    expect(foreign.email.flags).toContain('not_participant');
  });

  it('treats mail claiming to be an agent as a flagged customer message without a valid token', async () => {
    const { conversation, replyId } = await openConversation('spoofed@example.com', 'spoof');
    const before = sink.mails.length;
    await send(
      mailText({
        from: ownerEmail,
        to: mailbox.address,
        subject: 'Re: spoof',
        messageId: 'fake-agent@evil.example',
        inReplyTo: replyId,
        body: 'Please send your password',
      }),
      ownerEmail,
    );
    const spoof = (await messagesOf(conversation.id)).find((m) => m.body.includes('password'))!;
    expect(spoof.authorType).toBe('customer');
    expect(spoof.email.flags).toContain('unverified_agent');
    expect(sink.mails.length).toBe(before);

    // With the signed agent address the same mail is the agent's reply, and goes to the customer.
    const channel = await kefu.database.db
      .selectFrom('mail_channels')
      .selectAll()
      .where('id', '=', mailbox.id)
      .executeTakeFirstOrThrow();
    const to = agentReplyAddress(channel.token_secret, channel.address, conversation, ownerEmail);
    await send(
      mailText({
        from: ownerEmail,
        to,
        subject: 'Re: spoof',
        messageId: 'real-agent@acme.test',
        body: 'Your parcel is on its way',
      }),
      ownerEmail,
      [to],
    );
    const real = (await messagesOf(conversation.id)).find((m) => m.body.includes('parcel'))!;
    expect(real.authorType).toBe('agent');
    expect(sink.mails.length).toBe(before + 1);
    expect(sink.mails.at(-1)!.to).toEqual(['spoofed@example.com']);
  });

  it("ignores another workspace's subject number and signed Message-IDs", async () => {
    const other = await signUp(kefu.app, 'Other');
    const otherBox = await addMailbox(kefu.app, other, { smtpUrl: sink.url });
    const { conversation, replyId } = await openConversation('shared@example.com', 'cross');
    await deliver(
      kefu.smtpPort!,
      mailText({
        from: 'shared@example.com',
        to: otherBox.address,
        subject: `Re: cross [#${conversation.number}]`,
        messageId: 'cross-2@example.com',
        inReplyTo: replyId,
        references: [replyId],
        body: 'Wrong door',
      }),
      { from: 'shared@example.com', to: [otherBox.address] },
    );
    await kefu.jobs.drain();
    const mine = await messagesOf(conversation.id);
    expect(mine.some((m) => m.body === 'Wrong door')).toBe(false);
    const theirs = (
      await kefu.app.inject({
        method: 'GET',
        url: '/api/v1/conversations?channel=email',
        ...as(other),
      })
    ).json().items;
    expect(theirs).toHaveLength(1);
  });

  it('holds a flood from one sender and takes it in once the window has passed', async () => {
    for (let i = 0; i < 5; i += 1) {
      await send(
        mailText({
          from: 'flood@example.com',
          to: mailbox.address,
          subject: `flood ${i}`,
          messageId: `flood-${i}@example.com`,
          body: `mail ${i}`,
        }),
        'flood@example.com',
      );
    }
    const held = (await get(`/api/v1/inbound-emails?status=held`)).json().items as {
      id: string;
      reason: string;
    }[];
    expect(held).toHaveLength(2);
    expect(held[0]!.reason).toBe('sender_flood');
    // An admin lets one through.
    const released = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/inbound-emails/${held[0]!.id}/reprocess`,
      ...as(owner),
    });
    expect(released.statusCode, released.body).toBe(200);
    await kefu.jobs.drain();
    expect((await get(`/api/v1/inbound-emails?status=held`)).json().items).toHaveLength(1);
  });

  it('attaches a bounce to the conversation and marks the reply bounced, opening nothing new', async () => {
    const { conversation, replyId } = await openConversation('gone@example.com', 'bounce me');
    const countBefore = (await get('/api/v1/conversations?channel=email&limit=100')).json().items
      .length;
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
      `To: ${mailbox.address}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-1@mx.example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.com',
      '',
      'Final-Recipient: rfc822; gone@example.com',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <${replyId}>`,
      'Subject: Re: bounce me',
      '--b1--',
      '',
    ].join('\r\n');
    await send(dsn, '');
    const messages = await messagesOf(conversation.id);
    const reply = messages.find((m) => m.body === 'Hi, how can we help?')!;
    expect(reply.email.deliveryStatus).toBe('bounced');
    expect(reply.email.deliveryError).toContain('user unknown');
    expect(messages.at(-1)!).toMatchObject({ authorType: 'system', visibility: 'internal' });
    expect((await get('/api/v1/conversations?channel=email&limit=100')).json().items).toHaveLength(
      countBefore,
    );
  });

  it('ignores mail from its own address', async () => {
    await send(
      mailText({
        from: mailbox.address,
        to: mailbox.address,
        subject: 'loopback',
        messageId: 'own-1@acme.test',
        body: 'x',
      }),
      mailbox.address,
    );
    const ignored = (await get(`/api/v1/inbound-emails?status=ignored`)).json().items as {
      reason: string;
      subject: string;
    }[];
    expect(ignored.find((i) => i.subject === 'loopback')?.reason).toBe('own_address');
    expect(await conversationFor('loopback')).toBeUndefined();
  });

  it('quarantines a mail nested too deep, keeps its bytes, and shows it to admins', async () => {
    const depth = 150;
    const lines = [
      'From: deep@example.com',
      `To: ${mailbox.address}`,
      'Subject: deep',
      'Message-ID: <deep-1@example.com>',
      'MIME-Version: 1.0',
    ];
    for (let i = 0; i < depth; i += 1)
      lines.push(`Content-Type: multipart/mixed; boundary="b${i}"`, '', `--b${i}`);
    lines.push('Content-Type: text/plain', '', 'bottom');
    for (let i = depth - 1; i >= 0; i -= 1) lines.push(`--b${i}--`);
    const raw = lines.join('\r\n') + '\r\n';
    await send(raw, 'deep@example.com');
    const quarantined = (await get(`/api/v1/inbound-emails?status=quarantined`)).json().items as {
      id: string;
      reason: string;
    }[];
    expect(quarantined[0]!.reason).toBe('too_complex');
    const download = await get(`/api/v1/inbound-emails/${quarantined[0]!.id}/raw`);
    expect(download.headers['content-type']).toBe('message/rfc822');
    expect(download.body.replace(/\r\n/g, '\n')).toBe(raw.replace(/\r\n/g, '\n'));
    const agent = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/inbound-emails',
      headers: { cookie: 'none' },
    });
    expect(agent.statusCode).toBe(401);
  });

  it('refuses mail over the size limit with 552 and counts it on the mailbox', async () => {
    const big = mailText({
      from: 'big@example.com',
      to: mailbox.address,
      subject: 'big',
      messageId: 'big-1@example.com',
      body: 'x'.repeat(100_000),
    });
    await expect(
      deliver(kefu.smtpPort!, big, { from: 'big@example.com', to: [mailbox.address] }),
    ).rejects.toMatchObject({ responseCode: 552 });
    const channel = (await get(`/api/v1/mail-channels/${mailbox.id}`)).json();
    expect(channel.oversizeRejected).toBe(1);
  });

  it('strips script from mail HTML and blocks remote images', async () => {
    const raw = [
      'From: html@example.com',
      `To: ${mailbox.address}`,
      'Subject: html mail',
      'Message-ID: <html-1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Hello <b>there</b></p><script>alert(1)</script><img src="https://tracker.example/p.gif" width="1"><a href="javascript:alert(2)">x</a><img src=x onerror="alert(3)">',
      '',
    ].join('\r\n');
    await send(raw, 'html@example.com');
    const [message] = await messagesOf((await conversationFor('html mail'))!.id);
    expect(message!.html).toContain('<b>there</b>');
    expect(message!.html).not.toMatch(/script|tracker\.example|javascript:|onerror/);
    expect(message!.email.flags).toContain('remote_images_blocked');
  });

  it('stores To and Cc on the conversation and lets the agent change them before sending', async () => {
    await send(
      mailText({
        from: 'boss@example.com',
        to: mailbox.address,
        cc: 'a@example.com, b@example.com',
        subject: 'cc list',
        messageId: 'cc-1@example.com',
        body: 'Please help',
      }),
      'boss@example.com',
    );
    const conversation = (await conversationFor('cc list'))!;
    const recipients = (
      await get(`/api/v1/conversations/${conversation.id}/email-recipients`)
    ).json();
    expect(recipients.to.map((a: { address: string }) => a.address)).toEqual(['boss@example.com']);
    expect(recipients.cc.map((a: { address: string }) => a.address)).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
    const before = sink.mails.length;
    const reply = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      payload: { body: 'On it', email: { to: ['boss@example.com'], cc: ['a@example.com'] } },
      ...as(owner),
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await kefu.jobs.drain();
    expect(sink.mails.slice(before).map((m) => m.to.sort())).toEqual([
      ['a@example.com', 'boss@example.com'],
    ]);
    const bad = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      payload: { body: 'x', email: { to: ['"a@b.com"@evil.com'], cc: [] } },
      ...as(owner),
    });
    expect(bad.statusCode).toBe(400);
  });
});
