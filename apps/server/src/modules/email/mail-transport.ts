import nodemailer from 'nodemailer';

/** One outgoing mail, with every header Kefu sets itself. */
export interface OutgoingMail {
  from: { address: string; name: string | null };
  replyTo: string;
  to: string[];
  cc: string[];
  subject: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  text: string;
  html: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/** Refused for good by the receiving server (5xx): retrying will not help. */
export class PermanentSendError extends Error {}

/** Sends mail through an SMTP server given as a URL. */
export interface MailTransport {
  send(smtpUrl: string, mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

type Transporter = ReturnType<typeof nodemailer.createTransport>;

/** nodemailer, one transport per server URL (smtp://user:pass@host:port, smtps:// for TLS). */
export function createSmtpTransport(): MailTransport {
  const transports = new Map<string, Transporter>();
  const transportFor = (url: string) => {
    let transport = transports.get(url);
    if (!transport) {
      const parsed = new URL(url);
      const secure = parsed.protocol === 'smtps:';
      transport = nodemailer.createTransport({
        host: parsed.hostname.replace(/^\[|\]$/g, ''),
        port: Number(parsed.port) || (secure ? 465 : 587),
        secure,
        ...(parsed.username
          ? {
              auth: {
                user: decodeURIComponent(parsed.username),
                pass: decodeURIComponent(parsed.password),
              },
            }
          : {}),
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      });
      transports.set(url, transport);
    }
    return transport;
  };
  return {
    async send(url, mail) {
      try {
        const info = (await transportFor(url).sendMail({
          from: { address: mail.from.address, name: mail.from.name ?? '' },
          replyTo: mail.replyTo,
          to: mail.to,
          cc: mail.cc,
          subject: mail.subject,
          messageId: `<${mail.messageId}>`,
          ...(mail.inReplyTo ? { inReplyTo: `<${mail.inReplyTo}>` } : {}),
          ...(mail.references.length ? { references: mail.references.map((r) => `<${r}>`) } : {}),
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
          attachments: mail.attachments,
          disableFileAccess: true,
          disableUrlAccess: true,
        })) as { response?: string };
        return { response: info.response ?? '' };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        if (code && code >= 500) throw new PermanentSendError((error as Error).message);
        throw error;
      }
    },
    close() {
      for (const transport of transports.values()) transport.close();
      transports.clear();
    },
  };
}
