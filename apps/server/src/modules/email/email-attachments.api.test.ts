import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@kefu/contracts';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMailbox } from '../../test/mail.ts';
import { addMember } from '../../test/members.ts';
import { buildTnef } from '../../test/tnef-fixture.ts';
import { forwardedTitle } from './mail-attachments.ts';
import { parseEmail } from './parse-email.ts';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../../shared/data/email-fixtures',
);
const fixture = (file: string) => fs.readFileSync(path.join(fixtures, file));

/** A mail from Outlook in "Rich Text": a line of text and a winmail.dat. */
function outlookMail(messageId: string, winmail: Buffer) {
  return Buffer.from(
    [
      'From: Li Lei <lilei@example.cn>',
      'To: support@acme.test',
      `Subject: Invoice ${messageId}`,
      `Message-ID: <${messageId}@example.cn>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please see the attached invoice.',
      '--b1',
      'Content-Type: application/ms-tnef; name="winmail.dat"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="winmail.dat"',
      '',
      winmail.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

/**
 * What an agent gets from a mail's attachments: an attached mail (message/rfc822) stays an .eml
 * named after its subject and its sender, subject and text show in the message; a winmail.dat
 * becomes the files inside it; the raw mail is one download away for every agent.
 */
describe.each(databaseKinds)('mail attachments on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let agent: SignedIn;
  let mailbox: { id: string; address: string };

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual' });
    owner = await signUp(kefu.app, 'Attach');
    agent = await addMember(kefu.app, owner, 'agent');
    mailbox = await addMailbox(kefu.app, owner);
  });
  afterAll(() => kefu.close());

  /** Receives a raw mail as the listener would, processes it, returns its one message. */
  const receive = async (raw: Buffer) => {
    const { id } = await kefu.services.email.inbound.receive({
      channelId: mailbox.id,
      workspaceId: owner.workspaceId,
      raw,
      source: 'smtp',
    });
    await kefu.jobs.drain();
    const row = await kefu.database.db
      .selectFrom('inbound_emails')
      .select(['conversation_id', 'message_id', 'status', 'reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row, JSON.stringify(row)).toMatchObject({ status: 'processed' });
    const messages = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${row.conversation_id}/messages`,
      ...as(agent),
    });
    const message = messages
      .json<{ items: Message[] }>()
      .items.find((m) => m.id === row.message_id)!;
    return { message, conversationId: row.conversation_id! };
  };

  it('keeps a forwarded mail as "<subject>.eml" and shows its sender, subject and text (Zimbra forward)', async () => {
    const raw = fixture('php-mime-mail-parser/tests/mails/issue158a');
    const { message, conversationId } = await receive(raw);
    expect(message.attachments).toMatchObject([
      { filename: 'Test 5.eml', contentType: 'message/rfc822' },
    ]);
    expect(message.body).toContain(forwardedTitle);
    expect(message.body).toContain('From: Example Name <example@example.com>');
    expect(message.body).toContain('Subject: Test 5');
    expect(message.body).toContain('Date: Mon, 06 Mar 2017 14:54:01 GMT');
    expect(message.body).toContain('An original PLAIN TEXT message body');
    // The mail was HTML only: its HTML gets the same block, as escaped text.
    expect(message.html).toContain('An RFC 822 forward with a <em>HTML</em> body');
    expect(message.html).toContain('From: Example Name &lt;example@example.com&gt;');
    expect(message.email?.hasQuotedText).toBe(false);
    const detail = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversationId}/messages/${message.id}/email`,
      ...as(agent),
    });
    expect(detail.json<{ fullText: string }>().fullText).toContain('Subject: Test 5');
    // The .eml is the attached mail byte for byte.
    const file = await kefu.app.inject({
      method: 'GET',
      url: message.attachments[0]!.url,
      ...as(agent),
    });
    expect(file.statusCode).toBe(200);
    expect(file.body).toMatch(/^Return-Path: example@example.com/);
    expect(file.body).toContain('Subject: Test 5');
  });

  it('keeps the name a mail client gave the attached mail, and never folds the block away as quoted text', async () => {
    const { message } = await receive(fixture('flanker/tests/fixtures/messages/enclosed.eml'));
    expect(message.attachments.map((a) => a.filename)).toEqual(['thanks.eml']);
    expect(message.body).toMatch(/^Hello\n\n-{10} Forwarded message/);
    expect(message.body).toContain('Subject: Thanks!');
  });

  it('reads no forwarded block out of a delivery report (its attached mail is the one that bounced)', async () => {
    const parsed = await parseEmail(
      fixture('nodemailer-mailparser/test/fixtures/delivery-status.eml'),
    );
    expect(parsed.delivery).not.toBeNull();
    expect(parsed.forwarded).toEqual([]);
  });

  it('unpacks a winmail.dat into the files inside it, with their long names and types', async () => {
    const winmail = buildTnef([
      {
        shortName: 'INVOIC~1.PDF',
        longName: 'Invoice 2026-11 发票.pdf',
        mimeType: 'application/pdf',
        content: Buffer.from('%PDF-1.4 invoice'),
      },
      { shortName: 'PHOTO.PNG', content: Buffer.from('png bytes'), dataInProperties: true },
    ]);
    const { message } = await receive(outlookMail('tnef-1', winmail));
    expect(message.body).toBe('Please see the attached invoice.');
    expect(message.attachments).toMatchObject([
      { filename: 'Invoice 2026-11 发票.pdf', contentType: 'application/pdf', size: 16 },
      { filename: 'PHOTO.PNG', contentType: 'application/octet-stream', size: 9 },
    ]);
    const pdf = await kefu.app.inject({
      method: 'GET',
      url: message.attachments[0]!.url,
      ...as(agent),
    });
    expect(pdf.body).toBe('%PDF-1.4 invoice');
  });

  it('keeps a winmail.dat that holds no file as it came (a real Outlook sample whose part is not TNEF)', async () => {
    const { message } = await receive(
      fixture('zbateson-mail-mime-parser/tests/_data/emails/m4006.txt'),
    );
    expect(message.attachments).toMatchObject([{ filename: 'winmail.dat' }]);
  });

  it('gives every agent the raw mail of an inbound message, and nobody else', async () => {
    // The same forward once more, as a new mail (another Message-ID).
    const raw = Buffer.from(
      fixture('php-mime-mail-parser/tests/mails/issue158a')
        .toString('latin1')
        .replace('Message-ID: <445158045', 'Message-ID: <copy-445158045'),
      'latin1',
    );
    const { message, conversationId } = await receive(raw);
    const url = `/api/v1/conversations/${conversationId}/messages/${message.id}/email/raw`;
    const download = await kefu.app.inject({ method: 'GET', url, ...as(agent) });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('message/rfc822');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="message-${message.id}.eml"`,
    );
    expect(download.headers['content-security-policy']).toContain('sandbox');
    expect(download.rawPayload.equals(raw)).toBe(true);
    const stranger = await signUp(kefu.app, 'Other');
    const refused = await kefu.app.inject({ method: 'GET', url, ...as(stranger) });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ error: { code: 'not_found' } });
    const anonymous = await kefu.app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(401);
    // A message in another conversation's URL is not found either.
    const other = await receive(outlookMail('tnef-2', buildTnef([])));
    const crossed = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${other.conversationId}/messages/${message.id}/email/raw`,
      ...as(agent),
    });
    expect(crossed.statusCode).toBe(404);
  });
});
