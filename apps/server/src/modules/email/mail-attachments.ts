import { type AddressObject, simpleParser } from 'mailparser';
import type { EmailAddress } from '../../db/schema-email.ts';
import { htmlToText } from '../conversations/message-content.ts';
import { decodeTnef } from './tnef.ts';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}

/** A mail attached to a mail (message/rfc822: "forward as attachment"), as the agent sees it. */
export interface ForwardedMessage {
  from: EmailAddress | null;
  to: EmailAddress[];
  subject: string;
  date: Date | null;
  text: string;
}

/** How many attached mails get a "Forwarded message" block; the rest stay files only. */
const maxForwarded = 5;
/** Text of one forwarded mail shown in the message; the whole of it is in the .eml. */
const maxForwardedText = 20_000;

const isTnef = (a: MailAttachment) =>
  /^application\/(vnd\.)?ms-tnef$/i.test(a.contentType) ||
  (/^winmail\.dat$/i.test(a.filename) && /octet-stream/i.test(a.contentType));
const isMessage = (a: MailAttachment) => /^message\/(rfc822|global)$/i.test(a.contentType);

/** Outlook's and mailparser's names for an attached mail that say nothing about it. */
const genericNames =
  /^(message|forwardedmessage|forwarded message|attachment|file|untitled)\.eml$/i;

/** A file name from a subject: no path or control characters, at most 100 characters. */
function emlName(subject: string): string {
  const base = subject
    // eslint-disable-next-line no-control-regex -- control characters have no place in a name
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .replace(/^\.+/, '');
  return `${base || 'Forwarded message'}.eml`;
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  return objects
    .flatMap((o) => o.value)
    .filter((e) => e.address)
    .slice(0, 20)
    .map((e) => ({ address: e.address!.toLowerCase(), name: e.name?.slice(0, 200) || null }));
}

async function readForwarded(content: Buffer): Promise<ForwardedMessage | null> {
  try {
    const inner = await simpleParser(content, {
      skipTextToHtml: true,
      skipImageLinks: true,
      maxHtmlLengthToParse: 500_000,
    });
    const text = inner.text || (typeof inner.html === 'string' ? htmlToText(inner.html) : '');
    return {
      from: firstAddress(inner.from)[0] ?? null,
      to: firstAddress(inner.to),
      subject: (inner.subject ?? '').replace(/\s+/g, ' ').trim().slice(0, 500),
      date: inner.date && !Number.isNaN(inner.date.getTime()) ? inner.date : null,
      text: text.trim().slice(0, maxForwardedText),
    };
  } catch {
    return null;
  }
}

/**
 * Opens the attachments a person cannot use as they came: a winmail.dat becomes the files
 * inside it (the original is dropped when it held any; the raw mail keeps it), and an attached
 * mail keeps its .eml under a name from its subject and is read for the message's
 * "Forwarded message" block. The caller's limits (parts, size, time) apply to the whole mail,
 * which contains all of this; one attached mail is read, the mails inside it are not.
 */
export async function expandAttachments(
  attachments: MailAttachment[],
  options: { readForwarded: boolean; maxFiles: number },
): Promise<{ attachments: MailAttachment[]; forwarded: ForwardedMessage[] }> {
  const out: MailAttachment[] = [];
  const forwarded: ForwardedMessage[] = [];
  for (const attachment of attachments) {
    if (isTnef(attachment)) {
      const files = decodeTnef(attachment.content, { maxFiles: options.maxFiles });
      if (files?.length) {
        for (const file of files)
          out.push({
            filename: file.filename,
            contentType: file.contentType ?? 'application/octet-stream',
            content: file.content,
            contentId: file.contentId,
            inline: false,
          });
        continue;
      }
    }
    if (isMessage(attachment)) {
      const message =
        options.readForwarded && forwarded.length < maxForwarded
          ? await readForwarded(attachment.content)
          : null;
      if (message) forwarded.push(message);
      const named = attachment.filename && !genericNames.test(attachment.filename);
      out.push({
        ...attachment,
        filename: named ? attachment.filename : emlName(message?.subject ?? ''),
        // Shown as a file, never inline: its HTML is not rendered in the message.
        inline: false,
      });
      continue;
    }
    out.push(attachment);
  }
  return { attachments: out.slice(0, options.maxFiles), forwarded };
}

/** The header line of a "Forwarded message" block; both languages, as Kefu's own mail is. */
export const forwardedTitle = '---------- Forwarded message / 转发的邮件 ----------';

/**
 * The block appended to a message for each attached mail: who, when, what, then its text.
 * @example forwardedBlock([{ from, to: [], subject: 'Order 42', date: null, text: 'Shipped' }])
 */
export function forwardedBlock(messages: ForwardedMessage[]): string {
  const who = (a: EmailAddress) => (a.name ? `${a.name} <${a.address}>` : a.address);
  return messages
    .map((m) =>
      [
        forwardedTitle,
        ...(m.from ? [`From: ${who(m.from)}`] : []),
        ...(m.date ? [`Date: ${m.date.toUTCString()}`] : []),
        ...(m.subject ? [`Subject: ${m.subject}`] : []),
        ...(m.to.length ? [`To: ${m.to.map(who).join(', ')}`] : []),
        '',
        m.text,
      ].join('\n'),
    )
    .join('\n\n');
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The same block for a message shown as HTML: escaped text in a <pre>, nothing of the mail's markup. */
export const forwardedHtml = (block: string) =>
  block ? `<hr><pre class="email-forwarded">${escapeHtml(block)}</pre>` : '';
