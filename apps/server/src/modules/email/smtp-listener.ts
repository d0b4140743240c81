import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { MailChannelRow } from '../../db/schema-email.ts';
import type { InboundMailService } from './inbound-mail.service.ts';
import { withoutTag } from './mail-tokens.ts';

export interface SmtpListenerDeps {
  inbound: Pick<InboundMailService, 'receive'>;
  /** The channel an address belongs to (plus tags stripped), of any workspace. */
  findChannel(addressKey: string): Promise<MailChannelRow | undefined>;
  countOversize(channelId: string): Promise<void>;
  log: { warn(data: object, message: string): void; error(data: object, message: string): void };
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

type Session = SMTPServerSession & { kefuChannels?: Map<string, MailChannelRow> };

const smtpError = (message: string, responseCode: number) =>
  Object.assign(new Error(message), { responseCode });

/**
 * Kefu's inbound mail server. Recipients that belong to no mailbox are refused at RCPT time
 * (550), mail over the size limit is refused after DATA (552, so the sender's server returns
 * it to the sender, and the mailbox counts it), and "250 accepted" is only said once the raw
 * mail is stored and committed: a crash before that makes the sender's server try again.
 */
export async function startSmtpListener(
  deps: SmtpListenerDeps,
  options: { host: string; port: number; maxBytes: number },
): Promise<SmtpListener> {
  const server = new SMTPServer({
    name: 'kefu',
    banner: 'Kefu inbound mail',
    size: options.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // A reverse DNS lookup per connection costs more than storing the mail does.
    disableReverseLookup: true,
    // Leave room for the message body; the listener checks the size itself.
    maxClients: 200,
    socketTimeout: 60_000,
    onRcptTo(address, session: Session, callback) {
      deps.findChannel(withoutTag(address.address)).then(
        (channel) => {
          if (!channel || !channel.enabled) {
            callback(smtpError(`5.1.1 <${address.address}>: no such mailbox here`, 550));
            return;
          }
          session.kefuChannels ??= new Map();
          session.kefuChannels.set(channel.id, channel);
          callback();
        },
        (error: unknown) => {
          deps.log.error({ err: error }, 'smtp: recipient lookup failed');
          callback(smtpError('4.3.0 Temporary failure, try again later', 451));
        },
      );
    },
    onData(stream, session: Session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxBytes) chunks.push(chunk);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        const channels = [...(session.kefuChannels?.values() ?? [])];
        if (stream.sizeExceeded) {
          deps.log.warn(
            { size, channels: channels.map((c) => c.id) },
            'smtp: mail over the size limit refused',
          );
          // Counted before the sender hears 552, so the admin's counter is never behind it.
          const refuse = () =>
            callback(
              smtpError(`5.3.4 Message too big: the limit is ${options.maxBytes} bytes`, 552),
            );
          Promise.all(channels.map((c) => deps.countOversize(c.id))).then(refuse, refuse);
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        Promise.all(
          channels.map((channel) =>
            deps.inbound.receive({
              channelId: channel.id,
              workspaceId: channel.workspace_id,
              raw,
              source: 'smtp',
              envelope,
            }),
          ),
        ).then(
          () => callback(null, 'Accepted'),
          (error: unknown) => {
            deps.log.error({ err: error }, 'smtp: storing a mail failed');
            callback(smtpError('4.3.0 Could not store the message, try again later', 451));
          },
        );
      });
    },
  });
  server.on('error', (error) => deps.log.warn({ err: error }, 'smtp: connection error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
