import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { EmailAddress } from '../../db/schema-email.ts';
import { type ForwardedMessage, expandAttachments } from './mail-attachments.ts';

/** Bounds on one mail's structure, so a hostile mail cannot exhaust the parser. */
export const mailLimits = {
  /** Multipart containers (each declares a boundary); nesting depth cannot exceed this. */
  maxMultiparts: 100,
  /** MIME parts (Content-Type headers) in the whole mail. */
  maxParts: 500,
  /** Mail above this size is kept and quarantined instead of parsed. */
  maxParseBytes: 30 * 1024 * 1024,
  timeoutMs: 20_000,
};

/** A mail Kefu will not parse; it is quarantined with its raw bytes and this reason. */
export class MailRejected extends Error {
  constructor(
    readonly reason: 'too_large' | 'too_complex' | 'parse_failed' | 'parse_timeout' | 'no_sender',
    message: string,
  ) {
    super(message);
  }
}

export interface DeliveryReport {
  action: string | null;
  status: string | null;
  recipient: string | null;
  diagnostic: string | null;
  /** The Message-ID of the mail that bounced, from the returned headers. */
  originalMessageId: string | null;
}

export interface ParsedEmail {
  rfcMessageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: EmailAddress | null;
  replyTo: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string;
  date: Date | null;
  text: string;
  html: string | null;
  attachments: {
    filename: string;
    contentType: string;
    content: Buffer;
    contentId: string | null;
    inline: boolean;
  }[];
  /** Mails attached to this one (message/rfc822), read for the agent; not for reports. */
  forwarded: ForwardedMessage[];
  /** Raw header values by lower-cased name (first occurrence). */
  headers: Map<string, string>;
  delivery: DeliveryReport | null;
  /**
   * Text that still looks undecoded (ISO-2022-JP escapes, =?…?= words) or lost characters in
   * decoding (U+FFFD: bytes invalid in the declared charset) after parsing.
   */
  decodeUncertain: boolean;
}

/** Checks the structure before parsing: size, multipart containers and parts. */
export function checkMailLimits(raw: Buffer, limits = mailLimits): void {
  if (raw.length > limits.maxParseBytes) {
    throw new MailRejected(
      'too_large',
      `The mail is ${raw.length} bytes; Kefu parses mail up to ${limits.maxParseBytes} bytes`,
    );
  }
  const text = raw.toString('latin1');
  const multiparts = countMatches(text, /boundary\s*=/gi, limits.maxMultiparts + 1);
  if (multiparts > limits.maxMultiparts) {
    throw new MailRejected(
      'too_complex',
      `The mail nests more than ${limits.maxMultiparts} multipart containers`,
    );
  }
  const parts = countMatches(text, /^content-type\s*:/gim, limits.maxParts + 1);
  if (parts > limits.maxParts) {
    throw new MailRejected('too_complex', `The mail has more than ${limits.maxParts} MIME parts`);
  }
}

function countMatches(text: string, pattern: RegExp, stopAt: number): number {
  let count = 0;
  while (pattern.exec(text) && count < stopAt) count += 1;
  pattern.lastIndex = 0;
  return count;
}

const stripAngles = (id: string) => id.trim().replace(/^<|>$/g, '').trim();

function idList(value: string | string[] | undefined): string[] {
  const all = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) =>
    v.split(/[\s,]+/),
  );
  return [...new Set(all.map(stripAngles).filter((v) => v.length > 0 && v.length <= 900))].slice(
    0,
    100,
  );
}

function addresses(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  const out: EmailAddress[] = [];
  const visit = (entries: { address?: string; name: string; group?: unknown[] }[]) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group as typeof entries);
      else if (entry.address && isPlainAddress(entry.address))
        out.push({ address: entry.address.toLowerCase(), name: entry.name?.slice(0, 200) || null });
    }
  };
  for (const object of objects) visit(object.value);
  return out.slice(0, 100);
}

/** One local part and one domain, nothing quoted or routed: the only form Kefu writes back to. */
export function isPlainAddress(address: string): boolean {
  return (
    address.length <= 254 && /^[^\s@"(),:;<>[\\\]]+@[a-z0-9.-]+\.[a-z0-9-]{2,}$/i.test(address)
  );
}

function headerMap(parsed: ParsedMail): Map<string, string> {
  const map = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (map.has(key)) continue;
    const colon = line.indexOf(':');
    map.set(
      key,
      line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
  }
  return map;
}

function deliveryReport(parsed: ParsedMail, headers: Map<string, string>): DeliveryReport | null {
  const type = headers.get('content-type') ?? '';
  if (!/multipart\/report/i.test(type) || !/delivery-status/i.test(type)) return null;
  const status = parsed.attachments.find((a) =>
    /message\/(global-)?delivery-status/i.test(a.contentType),
  );
  const fields = status ? status.content.toString('utf8') : '';
  const field = (name: string) =>
    new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(fields)?.[1]?.trim() ?? null;
  const original = parsed.attachments.find((a) =>
    /message\/(rfc822|global)|text\/rfc822-headers|message\/rfc822-headers/i.test(a.contentType),
  );
  const originalHead = original ? original.content.subarray(0, 64 * 1024).toString('utf8') : '';
  const messageId = /^message-id:\s*<([^>\s]+)>/im.exec(originalHead)?.[1] ?? null;
  return {
    action: field('Action'),
    status: field('Status'),
    recipient: field('Final-Recipient')?.replace(/^rfc822;\s*/i, '') ?? null,
    diagnostic: field('Diagnostic-Code')?.slice(0, 500) ?? null,
    originalMessageId: messageId,
  };
}

/** UTF-7 (RFC 2152): `+` base64 of UTF-16BE `-`; `+-` is a plus sign. */
function decodeUtf7(text: string): string {
  return text.replace(/\+([A-Za-z0-9+/]*)-?/g, (match, b64: string) => {
    if (b64 === '') return match === '+-' ? '+' : match;
    const bytes = Buffer.from(b64, 'base64');
    return bytes
      .subarray(0, bytes.length - (bytes.length % 2))
      .swap16()
      .toString('utf16le');
  });
}

/**
 * Repairs two things in the top-level header that mailparser decodes wrongly: raw 8-bit bytes
 * inside a Q-encoded word (it reads them as UTF-8 first, so "Fr\xF6sche" in iso-8859-1 became
 * "Frï¿½sche"), and encoded words in UTF-7, which it refuses (they become UTF-8 words here).
 */
function repairEncodedWords(raw: Buffer): Buffer {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  if (end === -1) return raw;
  const header = head.slice(0, end);
  const fixed = header.replace(
    /=\?([^?\s]+)\?([qb])\?([^?]*)\?=/gi,
    (word, charset: string, encoding: string, text: string) => {
      const q = encoding.toLowerCase() === 'q';
      if (/^utf-?7$/i.test(charset)) {
        const bytes = q
          ? text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
          : Buffer.from(text, 'base64').toString('latin1');
        return `=?utf-8?B?${Buffer.from(decodeUtf7(bytes)).toString('base64')}?=`;
      }
      if (!q || !/[\x80-\xff]/.test(text)) return word;
      const hex = (c: string) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
      return `=?${charset}?Q?${text.replace(/[\x80-\xff]/g, hex)}?=`;
    },
  );
  return fixed === header ? raw : Buffer.concat([Buffer.from(fixed, 'latin1'), raw.subarray(end)]);
}

/** True when every charset the mail declares is UTF-7 (or ASCII): its text is decoded here. */
function onlyUtf7(raw: Buffer): boolean {
  const declared = raw
    .subarray(0, Math.min(raw.length, 1024 * 1024))
    .toString('latin1')
    .match(/charset\s*=\s*"?[\w-]+/gi);
  const names = new Set(
    (declared ?? []).map((d) => d.replace(/^charset\s*=\s*"?/i, '').toLowerCase()),
  );
  names.delete('us-ascii');
  return names.size > 0 && [...names].every((n) => /^utf-?7$/.test(n));
}

/** Parses a raw mail within the limits; throws MailRejected for what it will not parse. */
export async function parseEmail(original: Buffer, limits = mailLimits): Promise<ParsedEmail> {
  checkMailLimits(original, limits);
  const raw = repairEncodedWords(original);
  let timer: NodeJS.Timeout | undefined;
  let parsed: ParsedMail;
  try {
    parsed = await Promise.race([
      simpleParser(raw, {
        skipTextToHtml: true,
        skipImageLinks: true,
        keepDeliveryStatus: true,
        maxHtmlLengthToParse: 2_000_000,
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new MailRejected('parse_timeout', 'Parsing took too long')),
          limits.timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    if (error instanceof MailRejected) throw error;
    throw new MailRejected('parse_failed', error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
  const headers = headerMap(parsed);
  // mailparser leaves UTF-7 bodies undecoded (a way to smuggle markup past filters); Kefu's
  // text is shown as text, so a mail written only in UTF-7 gets its text decoded here.
  const text = onlyUtf7(raw) ? decodeUtf7(parsed.text ?? '') : (parsed.text ?? '');
  const subject = (parsed.subject ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
  const delivery = deliveryReport(parsed, headers);
  const expanded = await expandAttachments(
    parsed.attachments
      .filter((a) => !/delivery-status/i.test(a.contentType))
      .slice(0, 100)
      .map((a) => ({
        filename: a.filename ?? (a.contentType.startsWith('message/') ? 'message.eml' : 'file'),
        contentType: a.contentType || 'application/octet-stream',
        content: a.content,
        contentId: a.cid ?? (a.contentId ? stripAngles(a.contentId) : null),
        inline: a.related === true || a.contentDisposition === 'inline',
      })),
    // A report's attached mail is the one that bounced: Kefu's own, not something to show.
    { readForwarded: !delivery, maxFiles: 100 },
  );
  return {
    rfcMessageId: parsed.messageId ? stripAngles(parsed.messageId) || null : null,
    inReplyTo: idList(parsed.inReplyTo)[0] ?? null,
    references: idList(parsed.references),
    from: addresses(parsed.from)[0] ?? null,
    replyTo: addresses(parsed.replyTo)[0] ?? null,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject,
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    text,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: expanded.attachments,
    forwarded: expanded.forwarded,
    headers,
    delivery,
    // eslint-disable-next-line no-control-regex -- an ESC left in text means an undecoded charset
    decodeUncertain: /\u001b\$[B@]|=\?[\w-]+\?[bq]\?|\uFFFD/i.test(
      `${subject}\n${text.slice(0, 10_000)}`,
    ),
  };
}
