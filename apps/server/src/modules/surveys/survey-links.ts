import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link signature covers: one score, or `any` (the page's form, which picks its own). */
export type SignedScore = number | 'any';

/**
 * The HMAC-SHA256 (base64url) of `request id . score . expiry` with the workspace's survey
 * secret. A link names only its request; changing the score, the expiry or the id breaks it.
 */
export function surveySignature(
  secret: string,
  requestId: string,
  score: SignedScore,
  expires: number,
): string {
  return createHmac('sha256', secret)
    .update(`survey.${requestId}.${score}.${expires}`)
    .digest('base64url');
}

/** Whether `signature` was made for this request, score and expiry (constant-time compare). */
export function isValidSurveySignature(
  secret: string,
  requestId: string,
  score: SignedScore,
  expires: number,
  signature: string,
): boolean {
  const expected = Buffer.from(surveySignature(secret, requestId, score, expires));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A one-click link: opening it records `score` for the request (or, with `any`, shows the form).
 *
 * @example surveyLink('https://kefu.example', 's3cr3t', id, 4, 1767225600)
 */
export function surveyLink(
  publicUrl: string,
  secret: string,
  requestId: string,
  score: SignedScore,
  expires: number,
): string {
  const query = new URLSearchParams({
    ...(score === 'any' ? {} : { score: String(score) }),
    e: String(expires),
    sig: surveySignature(secret, requestId, score, expires),
  });
  return `${publicUrl.replace(/\/$/, '')}/survey/${requestId}?${query.toString()}`;
}

/** The expiry a link carries: the request's, in whole seconds. */
export const linkExpiry = (expiresAt: Date) => Math.floor(expiresAt.getTime() / 1000);
