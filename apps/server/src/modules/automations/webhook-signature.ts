import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signature (catalogue G5): `v1,` + base64 HMAC-SHA256 of
 * `{id}.{timestamp}.{body}` with the workspace's secret. Receivers recompute it and compare.
 *
 * @example signWebhook('whsec_…', 'msg_1', 1733300000, '{"a":1}') // 'v1,K5oZ…'
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string) {
  const digest = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${digest}`;
}

/** Whether any signature in the space-separated header matches (for tests and receivers). */
export function verifyWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
  header: string,
) {
  const expected = Buffer.from(signWebhook(secret, id, timestamp, body));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
