import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMailbox, deliver, mailText } from '../../test/mail.ts';

/**
 * Two workspaces whose mailboxes acknowledge every new mail, each the other's customer, both
 * sending through Kefu's own SMTP listener: the worst case of two helpdesks meeting.
 */
describe.each(databaseKinds)('two auto-acknowledging helpdesks on %s', (kind) => {
  let kefu: Kefu;
  let a: SignedIn;
  let b: SignedIn;
  let boxA: { id: string; address: string };
  let boxB: { id: string; address: string };

  beforeAll(async () => {
    kefu = await startTestKefu(
      kind,
      { SMTP_PORT: '0', SMTP_HOST: '127.0.0.1' },
      { jobs: 'manual' },
    );
    const self = `smtp://127.0.0.1:${kefu.smtpPort}`;
    a = await signUp(kefu.app, 'Helpdesk A');
    b = await signUp(kefu.app, 'Helpdesk B');
    boxA = await addMailbox(kefu.app, a, { smtpUrl: self, autoAcknowledge: true, prefix: 'a' });
    boxB = await addMailbox(kefu.app, b, { smtpUrl: self, autoAcknowledge: true, prefix: 'b' });
  });
  afterAll(() => kefu.close());

  const messagesIn = async (who: SignedIn) => {
    const conversations = (
      await kefu.app.inject({
        method: 'GET',
        url: '/api/v1/conversations?channel=email',
        ...as(who),
      })
    ).json().items as { id: string }[];
    let count = 0;
    for (const c of conversations) {
      const items = (
        await kefu.app.inject({
          method: 'GET',
          url: `/api/v1/conversations/${c.id}/messages`,
          ...as(who),
        })
      ).json().items as unknown[];
      count += items.length;
    }
    return { conversations: conversations.length, messages: count };
  };

  it('stops within two exchanges', async () => {
    // B's agent writes to A's support address from B's mailbox address.
    await deliver(
      kefu.smtpPort!,
      mailText({
        from: boxB.address,
        to: boxA.address,
        subject: 'Question from B',
        messageId: 'b-start@acme.test',
        body: 'Hello A',
      }),
      { from: boxB.address, to: [boxA.address] },
    );
    await kefu.jobs.drain();
    // A opened a conversation and acknowledged it; B took the acknowledgement in as automatic
    // mail and answered nothing.
    expect(await messagesIn(a)).toEqual({ conversations: 1, messages: 2 });
    expect(await messagesIn(b)).toEqual({ conversations: 1, messages: 1 });
    const rows = await kefu.database.db
      .selectFrom('email_messages')
      .select(['direction', 'workspace_id', 'flags'])
      .where('direction', '=', 'outbound')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.flags).toContain('auto_submitted');
    const pending = await kefu.database.db
      .selectFrom('jobs')
      .select('id')
      .where('status', 'in', ['queued', 'running'])
      .execute();
    expect(pending).toHaveLength(0);
  });
});
