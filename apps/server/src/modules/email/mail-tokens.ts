import { createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/secrets.ts';

/**
 * Signed tokens Kefu writes into its outgoing mail, so a reply finds its conversation even when
 * its headers were lost, and so a mail claiming to be an agent's can be checked. Each channel
 * signs with its own secret; a token from another workspace never verifies here.
 */
const sign = (secret: string, text: string, length = 16) =>
  createHmac('sha256', secret)
    .update(text)
    .digest('base64url')
    .replace(/[-_]/g, 'x')
    .slice(0, length)
    .toLowerCase();

/** `<kefu-{messageId}-{sig}@{domain}>` without the angle brackets. */
export function outgoingMessageId(secret: string, messageId: string, domain: string): string {
  return `kefu-${messageId}-${sign(secret, `mid:${messageId}`)}@${domain}`;
}

/** The Kefu message a Message-ID names, when it is one of ours with a valid signature. */
export function verifyMessageId(secret: string, rfcId: string): string | null {
  const match = /^kefu-([0-9a-f-]{36})-([a-z0-9]{16})@/i.exec(rfcId);
  if (!match) return null;
  return safeEqual(match[2]!.toLowerCase(), sign(secret, `mid:${match[1]!.toLowerCase()}`))
    ? match[1]!.toLowerCase()
    : null;
}

/** The reply address of a conversation: `support+c{number}-{sig}@example.com`. */
export function conversationReplyAddress(
  secret: string,
  channelAddress: string,
  conversation: { id: string; number: number },
): string {
  const [local, domain] = splitAddress(channelAddress);
  return `${local}+c${conversation.number}-${sign(secret, `c:${conversation.id}`, 10)}@${domain}`;
}

/**
 * The address an agent answers to by mail: signed for this conversation AND this agent's
 * address, so it proves the mail came through a message Kefu sent to that agent.
 */
export function agentReplyAddress(
  secret: string,
  channelAddress: string,
  conversation: { id: string; number: number },
  agentAddress: string,
): string {
  const [local, domain] = splitAddress(channelAddress);
  const sig = sign(secret, `a:${conversation.id}:${agentAddress.toLowerCase()}`, 12);
  return `${local}+a${conversation.number}-${sig}@${domain}`;
}

/** The tag of a plus address (`support+c12-xyz@…` → { kind: 'c', number: 12, sig }). */
export function replyTag(address: string): { kind: 'c' | 'a'; number: number; sig: string } | null {
  const match = /^[^+@]+\+([ca])(\d{1,9})-([a-z0-9]{10,12})@/i.exec(address);
  if (!match) return null;
  return { kind: match[1] as 'c' | 'a', number: Number(match[2]), sig: match[3]!.toLowerCase() };
}

export function verifyReplyTag(
  secret: string,
  tag: { kind: 'c' | 'a'; sig: string },
  conversationId: string,
  senderAddress: string,
): boolean {
  const expected =
    tag.kind === 'c'
      ? sign(secret, `c:${conversationId}`, 10)
      : sign(secret, `a:${conversationId}:${senderAddress.toLowerCase()}`, 12);
  return safeEqual(tag.sig, expected);
}

/** `support+anything@example.com` → `support@example.com` (the channel's own address). */
export function withoutTag(address: string): string {
  const [local, domain] = splitAddress(address);
  return `${local.split('+')[0]}@${domain}`.toLowerCase();
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at), address.slice(at + 1)];
}

/** `[#123]` in a subject: the conversation number, meaningful only inside one workspace. */
export function subjectNumber(subject: string): number | null {
  const match = /\[#(\d{1,9})\]/.exec(subject);
  return match ? Number(match[1]) : null;
}

export const withSubjectNumber = (subject: string, number: number) =>
  subjectNumber(subject) === number ? subject : `${subject} [#${number}]`.trim();
