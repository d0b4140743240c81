import { createHmac, timingSafeEqual } from 'node:crypto';

/** Links are valid for 6 to 12 hours; rounding keeps a message's URL stable (cacheable) meanwhile. */
const periodSeconds = 6 * 60 * 60;

const mac = (secret: string, attachmentId: string, expires: number) =>
  createHmac('sha256', secret).update(`${attachmentId}.${expires}`).digest('base64url');

/**
 * A link to an attachment that a visitor can open without a token (in `<img src>` or a
 * download link): the id and an expiry, signed with the workspace's link secret.
 */
export function signedAttachmentUrl(secret: string, attachmentId: string, now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000);
  const expires = (Math.floor(seconds / periodSeconds) + 2) * periodSeconds;
  return `/api/v1/widget/attachments/${attachmentId}?expires=${expires}&signature=${mac(secret, attachmentId, expires)}`;
}

/** Whether a signed link is genuine and not yet expired. */
export function verifyAttachmentLink(
  secret: string,
  attachmentId: string,
  expires: number,
  signature: string,
  now: Date,
): boolean {
  if (expires * 1000 <= now.getTime()) return false;
  const expected = Buffer.from(mac(secret, attachmentId, expires));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
