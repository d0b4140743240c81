import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps every mail it is given (the customer's side). */
export async function startMailSink(
  options: { refuse?: (to: string) => number | null } = {},
): Promise<{ url: string; mails: CapturedMail[]; close(): Promise<void> }> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = options.refuse?.(address.address) ?? null;
      if (code)
        callback(Object.assign(new Error(`refused ${address.address}`), { responseCode: code }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Delivers a raw RFC 5322 mail to an SMTP port with a real SMTP client. */
export async function deliver(
  port: number,
  raw: string | Buffer,
  envelope: { from: string; to: string[] },
) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 10_000,
  });
  try {
    return await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}

/** A plain mail as a mail client writes it. */
export function mailText(input: {
  from: string;
  to: string;
  cc?: string;
  subject: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  body: string;
  headers?: Record<string, string>;
}): string {
  const lines = [
    `From: ${input.from}`,
    `To: ${input.to}`,
    ...(input.cc ? [`Cc: ${input.cc}`] : []),
    `Subject: =?UTF-8?B?${Buffer.from(input.subject).toString('base64')}?=`,
    `Message-ID: <${input.messageId}>`,
    ...(input.inReplyTo ? [`In-Reply-To: <${input.inReplyTo}>`] : []),
    ...(input.references?.length
      ? [`References: ${input.references.map((r) => `<${r}>`).join(' ')}`]
      : []),
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    ...Object.entries(input.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(input.body).toString('base64'),
    '',
  ];
  return lines.join('\r\n');
}

/** The value of a header in a captured raw mail (unfolded). */
export function headerOf(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head);
  return match ? match[1]!.trim() : null;
}

/** A test clock that tests move by hand (job leases, flood windows). */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

let mailboxCounter = 0;

/** Creates a mailbox through the API and returns its address and id. */
export async function addMailbox(
  app: import('fastify').FastifyInstance,
  who: { cookie: string; csrf: string },
  input: { smtpUrl?: string; autoAcknowledge?: boolean; prefix?: string } = {},
): Promise<{ id: string; address: string }> {
  mailboxCounter += 1;
  const address = `${input.prefix ?? 'support'}-${mailboxCounter}-${Date.now()}@acme.test`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/mail-channels',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    payload: {
      name: 'Support',
      address,
      ...(input.smtpUrl ? { smtpUrl: input.smtpUrl } : {}),
      ...(input.autoAcknowledge ? { autoAcknowledge: true } : {}),
    },
  });
  if (response.statusCode !== 201) throw new Error(`mailbox: ${response.body}`);
  return { id: response.json<{ id: string }>().id, address };
}
