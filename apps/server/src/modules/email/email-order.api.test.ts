import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMailbox, deliver, mailText } from '../../test/mail.ts';

/**
 * Mail jobs run side by side, so a reply can be taken up before the mail it answers. Here the
 * reply's job is made due first, so it always runs first: it must process the waiting original
 * and join its conversation, and the original's own job must then change nothing.
 */
describe.each(databaseKinds)('a reply processed before the mail it answers on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let mailbox: { id: string; address: string };

  beforeAll(async () => {
    kefu = await startTestKefu(
      kind,
      { SMTP_PORT: '0', SMTP_HOST: '127.0.0.1', JOB_CONCURRENCY: '1' },
      { jobs: 'manual' },
    );
    owner = await signUp(kefu.app, 'Order');
    mailbox = await addMailbox(kefu.app, owner, {});
  });
  afterAll(async () => {
    await kefu.close();
  });

  it('joins the original conversation, with one conversation and both messages', async () => {
    const from = 'wang.fang@example.org';
    const send = (raw: string) => deliver(kefu.smtpPort!, raw, { from, to: [mailbox.address] });
    await send(
      mailText({
        from,
        to: mailbox.address,
        subject: '发票抬头错了',
        messageId: 'order-1@example.org',
        body: '发票抬头写错了，请帮我改一下。',
      }),
    );
    await send(
      mailText({
        from,
        to: mailbox.address,
        subject: 'Re: 发票抬头错了',
        messageId: 'order-2@example.org',
        inReplyTo: 'order-1@example.org',
        references: ['order-1@example.org'],
        body: '抬头应该是：上海某某科技有限公司。',
      }),
    );
    const db = kefu.database.db;
    const rows = await db
      .selectFrom('inbound_emails')
      .select(['id', 'rfc_message_id'])
      .where('channel_id', '=', mailbox.id)
      .execute();
    const reply = rows.find((r) => r.rfc_message_id === 'order-2@example.org')!;
    await db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 60_000) })
      .where('kind', '=', 'email.process')
      .where('idempotency_key', '=', reply.id)
      .execute();

    await kefu.jobs.drain();

    const settled = await db
      .selectFrom('inbound_emails')
      .select(['rfc_message_id', 'status', 'conversation_id', 'processed_at'])
      .where('channel_id', '=', mailbox.id)
      .orderBy('processed_at')
      .execute();
    expect(settled.map((r) => [r.rfc_message_id, r.status])).toEqual([
      ['order-1@example.org', 'processed'],
      ['order-2@example.org', 'processed'],
    ]);
    expect(settled[0]!.conversation_id).toBe(settled[1]!.conversation_id);
    const list = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?channel=email&limit=10',
      ...as(owner),
    });
    expect(list.json().items).toHaveLength(1);
    const messages = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${settled[0]!.conversation_id}/messages?limit=10`,
      ...as(owner),
    });
    expect(messages.json().items.map((m: { body: string }) => m.body)).toEqual([
      '发票抬头写错了，请帮我改一下。',
      '抬头应该是：上海某某科技有限公司。',
    ]);
  });
});
