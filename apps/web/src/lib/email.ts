/**
 * Small pure helpers for the email channel: addresses as people read and type them, and a
 * reply's delivery state as realtime events move it on.
 */
import type { DeliveryStatus, EmailAddress, Message } from './types.ts';

/** `Name <address>`, or the bare address when the mail gave no name. */
export function formatAddress(address: EmailAddress): string {
  const name = address.name?.trim();
  return name && name !== address.address ? `${name} <${address.address}>` : address.address;
}

export function formatAddresses(addresses: readonly EmailAddress[]): string {
  return addresses.map(formatAddress).join(', ');
}

// Deliberately simple: one @, no spaces or angle brackets, a dot in the domain. The server
// checks properly; this only catches typing mistakes before sending.
const addressPattern = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;".]+$/;

export interface ParsedAddresses {
  /** The valid addresses as typed, each once (compared case-insensitively). */
  addresses: string[];
  /** What could not be read as an address, as typed. */
  invalid: string[];
}

/**
 * Reads what an agent typed into a To or Cc field: addresses separated by commas, semicolons
 * or whitespace, each optionally as `Name <address>`.
 */
export function parseAddressList(text: string): ParsedAddresses {
  const addresses: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  // Split on separators outside angle brackets and quotes, so `"Li, Wei" <li@x.cn>` stays whole.
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const char of text) {
    if (char === '"' && !angled) quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    if (!quoted && !angled && (char === ',' || char === ';' || char === '\n')) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const bracket = /<([^<>]*)>\s*$/.exec(part);
    const candidates = bracket ? [bracket[1]!.trim()] : part.split(/\s+/);
    for (const candidate of candidates) {
      if (!addressPattern.test(candidate)) {
        invalid.push(bracket ? part : candidate);
        continue;
      }
      const key = candidate.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      addresses.push(candidate);
    }
  }
  return { addresses, invalid };
}

/** A delivery state as a `message.delivery` event carries it. */
export interface Delivery {
  status: DeliveryStatus;
  error: string | null;
  /** When the event happened: the time a `sent` mail went out. */
  at: string;
}

/**
 * The message with a newer delivery state applied. Messages without an email part, and
 * messages already in that state, come back unchanged (the same object).
 */
export function applyDelivery(message: Message, delivery: Delivery): Message {
  const email = message.email;
  if (!email) return message;
  const sentAt = delivery.status === 'sent' ? (email.sentAt ?? delivery.at) : email.sentAt;
  if (
    email.deliveryStatus === delivery.status &&
    email.deliveryError === delivery.error &&
    email.sentAt === sentAt
  )
    return message;
  return {
    ...message,
    email: { ...email, deliveryStatus: delivery.status, deliveryError: delivery.error, sentAt },
  };
}

/** The reason codes the server gives for mail it quarantined, held or ignored. */
export const inboundReasons = [
  'parse_failed',
  'too_complex',
  'too_large',
  'parse_timeout',
  'no_sender',
  'sender_flood',
  'own_address',
  'own_message',
  'bounce_unmatched',
] as const;
export type InboundReason = (typeof inboundReasons)[number];

/** A known reason code, or null for one this version does not know (shown as the code). */
export function knownReason(code: string | null): InboundReason | null {
  return (inboundReasons as readonly string[]).includes(code ?? '')
    ? (code as InboundReason)
    : null;
}
