import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import {
  addMailbox,
  deliver,
  headerOf,
  mailText,
  manualClock,
  startMailSink,
} from '../../test/mail.ts';
import { ProcessCrash, failpoints } from '../jobs/failpoints.ts';

/**
 * "Kill the worker between steps": a failpoint throws ProcessCrash at a named step, which
 * unwinds like a killed process (the open transaction rolls back, the job keeps its lease and
 * nothing is recorded). The test then moves the clock past the lease, as time passes before a
 * restarted worker takes the job again, and checks that nothing was lost or done twice.
 */
describe.each(databaseKinds)('crashes between the steps of receiving and sending on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let sink: Awaited<ReturnType<typeof startMailSink>>;
  let mailbox: { id: string; address: string };
  const clock = manualClock();
  const lease = 6 * 60_000;

  beforeAll(async () => {
    sink = await startMailSink();
    kefu = await startTestKefu(
      kind,
      { SMTP_PORT: '0', SMTP_HOST: '127.0.0.1' },
      { jobs: 'manual', clock },
    );
    owner = await signUp(kefu.app, 'Crash');
    mailbox = await addMailbox(kefu.app, owner, { smtpUrl: sink.url });
  });
  afterEach(() => failpoints.disarmAll());
  afterAll(async () => {
    await kefu.close();
    await sink.close();
  });

  const db = () => kefu.database.db;
  const inboundCount = async () =>
    (
      await db()
        .selectFrom('inbound_emails')
        .select('id')
        .where('channel_id', '=', mailbox.id)
        .execute()
    ).length;
  // One raw mail per id: a re-delivery is the same bytes (mailText's Date would otherwise move).
  const mails = new Map<string, string>();
  const mail = (id: string) => {
    if (!mails.has(id))
      mails.set(
        id,
        mailText({
          from: 'crash@example.com',
          to: mailbox.address,
          subject: `crash ${id}`,
          messageId: `${id}@example.com`,
          body: `body ${id}`,
        }),
      );
    return mails.get(id)!;
  };
  const conversationsWith = async (subject: string) =>
    (await db().selectFrom('conversations').select(['id']).where('subject', '=', subject).execute())
      .length;

  for (const point of ['mail.receive.after-blob', 'mail.receive.before-commit']) {
    it(`tells the sender to retry when storing dies at ${point}, then stores the retry once`, async () => {
      const before = await inboundCount();
      failpoints.arm(point);
      await expect(
        deliver(kefu.smtpPort!, mail(point), { from: 'crash@example.com', to: [mailbox.address] }),
      ).rejects.toMatchObject({ responseCode: 451 });
      expect(await inboundCount()).toBe(before);
      await deliver(kefu.smtpPort!, mail(point), {
        from: 'crash@example.com',
        to: [mailbox.address],
      });
      await deliver(kefu.smtpPort!, mail(point), {
        from: 'crash@example.com',
        to: [mailbox.address],
      });
      expect(await inboundCount()).toBe(before + 1);
      await kefu.jobs.drain();
      expect(await conversationsWith(`crash ${point}`)).toBe(1);
    });
  }

  it('processes a stored mail exactly once when the worker dies before its commit', async () => {
    await deliver(kefu.smtpPort!, mail('process'), {
      from: 'crash@example.com',
      to: [mailbox.address],
    });
    failpoints.arm('mail.process.before-commit');
    await expect(kefu.jobs.drain()).rejects.toBeInstanceOf(ProcessCrash);
    const row = await db()
      .selectFrom('inbound_emails')
      .selectAll()
      .where('subject', 'is', null)
      .where('channel_id', '=', mailbox.id)
      .where('status', '=', 'received')
      .execute();
    expect(row).toHaveLength(1);
    expect(await conversationsWith('crash process')).toBe(0);
    // Before the lease runs out nobody takes the job; after it, a new worker does.
    await kefu.jobs.drain();
    expect(await conversationsWith('crash process')).toBe(0);
    clock.advance(lease);
    await kefu.jobs.drain();
    await kefu.jobs.drain();
    expect(await conversationsWith('crash process')).toBe(1);
    const messages = await db()
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select('messages.id')
      .where('conversations.subject', '=', 'crash process')
      .execute();
    expect(messages).toHaveLength(1);
  });

  const replyOnNewConversation = async (tag: string) => {
    await deliver(kefu.smtpPort!, mail(tag), { from: 'crash@example.com', to: [mailbox.address] });
    await kefu.jobs.drain();
    const conversation = await db()
      .selectFrom('conversations')
      .select('id')
      .where('subject', '=', `crash ${tag}`)
      .executeTakeFirstOrThrow();
    const response = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      payload: { body: `reply ${tag}` },
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const deliveryOf = async (messageId: string) =>
    (
      await db()
        .selectFrom('email_messages')
        .select('delivery_status')
        .where('message_id', '=', messageId)
        .executeTakeFirstOrThrow()
    ).delivery_status;

  it('sends a queued reply once when the worker dies before talking to the server', async () => {
    const messageId = await replyOnNewConversation('send-before');
    const before = sink.mails.length;
    failpoints.arm('mail.send.before-smtp');
    await expect(kefu.jobs.drain()).rejects.toBeInstanceOf(ProcessCrash);
    expect(sink.mails.length).toBe(before);
    clock.advance(lease);
    await kefu.jobs.drain();
    expect(sink.mails.length).toBe(before + 1);
    expect(await deliveryOf(messageId)).toBe('sent');
  });

  it('sends again with the same Message-ID when the worker dies after the server took the mail', async () => {
    const messageId = await replyOnNewConversation('send-after');
    const before = sink.mails.length;
    failpoints.arm('mail.send.after-smtp');
    await expect(kefu.jobs.drain()).rejects.toBeInstanceOf(ProcessCrash);
    expect(sink.mails.length).toBe(before + 1);
    expect(await deliveryOf(messageId)).toBe('sending');
    clock.advance(lease);
    await kefu.jobs.drain();
    // At least once: the second copy carries the first one's Message-ID, so the recipient's
    // mail client shows one mail.
    const copies = sink.mails.slice(before);
    expect(copies).toHaveLength(2);
    expect(headerOf(copies[1]!.raw, 'Message-ID')).toBe(headerOf(copies[0]!.raw, 'Message-ID'));
    expect(await deliveryOf(messageId)).toBe('sent');
  });

  it('retries a refused send with back-off and shows the reason, then fails for good on 5xx', async () => {
    const refusing = await startMailSink({ refuse: () => 550 });
    await kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/mail-channels/${mailbox.id}`,
      payload: { smtpUrl: refusing.url },
      ...as(owner),
    });
    const messageId = await replyOnNewConversation('refused');
    await kefu.jobs.drain();
    const row = await db()
      .selectFrom('email_messages')
      .select(['delivery_status', 'delivery_error'])
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    expect(row.delivery_status).toBe('failed');
    expect(row.delivery_error).toMatch(/550|refused/);
    await kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/mail-channels/${mailbox.id}`,
      payload: { smtpUrl: 'smtp://127.0.0.1:1' },
      ...as(owner),
    });
    const retried = await replyOnNewConversation('unreachable');
    await kefu.jobs.drain();
    const waiting = await db()
      .selectFrom('email_messages')
      .select(['delivery_status', 'delivery_error'])
      .where('message_id', '=', retried)
      .executeTakeFirstOrThrow();
    expect(waiting.delivery_status).toBe('queued');
    expect(waiting.delivery_error).toMatch(/^Will retry/);
    const job = await db()
      .selectFrom('jobs')
      .selectAll()
      .where('idempotency_key', '=', retried)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(new Date(job.run_at).getTime()).toBeGreaterThan(clock.now().getTime());
    await kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/mail-channels/${mailbox.id}`,
      payload: { smtpUrl: sink.url },
      ...as(owner),
    });
    clock.advance(60_000);
    await kefu.jobs.drain();
    expect(await deliveryOf(retried)).toBe('sent');
    await refusing.close();
  });
});
