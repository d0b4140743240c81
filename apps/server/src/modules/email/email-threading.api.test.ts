import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMailbox, deliver, headerOf, mailText, startMailSink } from '../../test/mail.ts';

const bare = (id: string) => id.replace(/^<|>$/g, '');

describe.each(databaseKinds)('email threading across mail clients on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let ownerEmail: string;
  let sink: Awaited<ReturnType<typeof startMailSink>>;
  let mailbox: { id: string; address: string };

  beforeAll(async () => {
    sink = await startMailSink();
    kefu = await startTestKefu(
      kind,
      { SMTP_PORT: '0', SMTP_HOST: '127.0.0.1' },
      { jobs: 'manual' },
    );
    owner = await signUp(kefu.app, 'Thread');
    ownerEmail = (
      await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...as(owner) })
    ).json().user.email;
    mailbox = await addMailbox(kefu.app, owner, { smtpUrl: sink.url });
  });
  afterAll(async () => {
    await kefu.close();
    await sink.close();
  });

  const customer = 'li.lei@example.org';
  const receive = async (mail: Parameters<typeof mailText>[0], to = [mailbox.address]) => {
    await deliver(kefu.smtpPort!, mailText(mail), {
      from: mail.from.replace(/.*</, '').replace('>', ''),
      to,
    });
    await kefu.jobs.drain();
  };
  const agentReply = async (conversationId: string, body: string) => {
    const before = sink.mails.length;
    const response = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      payload: { body },
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(201);
    await kefu.jobs.drain();
    expect(sink.mails).toHaveLength(before + 1);
    return sink.mails.at(-1)!.raw;
  };

  it('keeps ten exchanges with Kefu, Outlook, a webmail and a Chinese client in one conversation', async () => {
    // 1. The customer writes (Gmail style).
    await receive({
      from: `Li Lei <${customer}>`,
      to: mailbox.address,
      subject: 'Refund for order 889',
      messageId: 'm1@mail.example.org',
      body: 'I would like a refund.',
    });
    const conversations = async () =>
      (
        await kefu.app.inject({
          method: 'GET',
          url: '/api/v1/conversations?channel=email',
          ...as(owner),
        })
      ).json().items as { id: string; number: number }[];
    const [conversation] = await conversations();
    const id = conversation!.id;
    // 2. The agent answers in Kefu.
    const k1 = await agentReply(id, 'Which items?');
    const k1Id = bare(headerOf(k1, 'Message-ID')!);
    expect(headerOf(k1, 'Subject')).toContain(`[#${conversation!.number}]`);
    // 3. The customer answers it.
    await receive({
      from: customer,
      to: mailbox.address,
      subject: `Re: Refund for order 889 [#${conversation!.number}]`,
      messageId: 'm2@mail.example.org',
      inReplyTo: k1Id,
      references: ['m1@mail.example.org', k1Id],
      body: 'The blue shoes.',
    });
    // 4. The agent answers from Outlook, copying the support address.
    await receive({
      from: ownerEmail,
      to: customer,
      cc: mailbox.address,
      subject: 'RE: Refund for order 889',
      messageId: 'outlook-1@exchange.acme.test',
      inReplyTo: 'm2@mail.example.org',
      references: ['m1@mail.example.org', k1Id, 'm2@mail.example.org'],
      body: 'Refund approved.',
      headers: {
        'Thread-Index': 'AdkXyz123==',
        'Thread-Topic': 'Refund for order 889',
        'X-MS-Has-Attach': '',
      },
    });
    // 5. The customer answers the Outlook mail only.
    await receive({
      from: customer,
      to: ownerEmail,
      cc: mailbox.address,
      subject: 'Re: RE: Refund for order 889',
      messageId: 'm3@mail.example.org',
      inReplyTo: 'outlook-1@exchange.acme.test',
      references: ['outlook-1@exchange.acme.test'],
      body: 'Thanks, when will it arrive?',
    });
    // 6. A webmail that drops every header but keeps the subject number.
    await receive({
      from: customer,
      to: mailbox.address,
      subject: `回复：Refund [#${conversation!.number}]`,
      messageId: 'm4@mail.example.org',
      body: 'Any news?',
    });
    // 7. Kefu again, and 8. an answer whose References has only the last mail.
    const k2 = await agentReply(id, 'In 3 to 5 days.');
    const k2Id = bare(headerOf(k2, 'Message-ID')!);
    await receive({
      from: customer,
      to: mailbox.address,
      subject: 'AW: Refund',
      messageId: 'm5@mail.example.org',
      inReplyTo: k2Id,
      body: 'OK.',
    });
    // 9. Headers and subject lost, but sent to the signed reply address.
    const replyAddress = headerOf(k2, 'Reply-To')!.replace(/.*</, '').replace('>', '');
    expect(replyAddress).toMatch(/^support-\d+-\d+\+c\d+-[a-z0-9]+@acme\.test$/);
    await receive(
      {
        from: customer,
        to: replyAddress,
        subject: 'new topic',
        messageId: 'm6@mail.example.org',
        body: 'One more thing.',
      },
      [replyAddress],
    );
    // 10. Kefu, then a Chinese client with 回复： and a full References chain.
    const k3 = await agentReply(id, 'Go ahead.');
    await receive({
      from: customer,
      to: mailbox.address,
      subject: '回复: Refund',
      messageId: 'm7@mail.example.org',
      inReplyTo: bare(headerOf(k3, 'Message-ID')!),
      references: ['m1@mail.example.org', bare(headerOf(k3, 'Message-ID')!)],
      body: '好的，谢谢',
    });

    expect(await conversations()).toHaveLength(1);
    const messages = (
      await kefu.app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${id}/messages?limit=50`,
        ...as(owner),
      })
    ).json().items as { body: string; visibility: string; email: { flags: string[] } }[];
    expect(messages.map((m) => m.body)).toEqual([
      'I would like a refund.',
      'Which items?',
      'The blue shoes.',
      'Refund approved.',
      'Thanks, when will it arrive?',
      'Any news?',
      'In 3 to 5 days.',
      'OK.',
      'One more thing.',
      'Go ahead.',
      '好的，谢谢',
    ]);
    // The Outlook mail claims an agent without Kefu's token: kept, but flagged.
    expect(messages[3]!.email.flags).toContain('unverified_agent');
    // Every Kefu reply carried the chain so far.
    expect(headerOf(k3, 'References')).toContain('m1@mail.example.org');
  });

  it('opens a new conversation for a subject number the sender is not on', async () => {
    const before = (
      await kefu.app.inject({
        method: 'GET',
        url: '/api/v1/conversations?channel=email',
        ...as(owner),
      })
    ).json().items.length;
    await receive({
      from: 'stranger@example.net',
      to: mailbox.address,
      subject: 'Re: [#1] hello',
      messageId: 's1@example.net',
      body: 'Let me in.',
    });
    const after = (
      await kefu.app.inject({
        method: 'GET',
        url: '/api/v1/conversations?channel=email',
        ...as(owner),
      })
    ).json().items;
    expect(after).toHaveLength(before + 1);
    expect(after[0].customer.name ?? '').not.toBe('Li Lei');
  });
});
