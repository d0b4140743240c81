import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IdentityTokenFailure } from '@kefu/contracts';
import { AppError } from '../../lib/errors.ts';

/** The claims Kefu reads from a site's identity token. */
export interface VisitorIdentity {
  /** The site's own user id: the customer's `external` identity. */
  externalId: string;
  email: string | null;
  name: string | null;
  expiresAt: Date;
}

/** Identity tokens may live at most this long (from `iat`, or from now without one). */
export const maxIdentityLifetimeSeconds = 24 * 60 * 60;
/** Clock drift tolerated between the site's server and Kefu. */
const skewSeconds = 60;

const messages: Record<IdentityTokenFailure, string> = {
  malformed: 'The identity token is not a valid JWT',
  unsupported_alg: 'The identity token must be signed with HS256',
  bad_signature: 'The identity token signature does not match this workspace’s secret',
  missing_exp: 'The identity token needs an exp claim',
  expired: 'The identity token has expired',
  lifetime_too_long: 'The identity token may be valid for at most 24 hours',
  missing_sub: 'The identity token needs a sub claim with the user id',
};

function refuse(reason: IdentityTokenFailure): AppError {
  return new AppError('invalid_identity_token', messages[reason], {
    field: 'identityToken',
    details: { reason },
  });
}

function decodeJson(part: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const optionalText = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;

/**
 * Verifies a compact JWT signed with HS256 and the workspace's identity secret. Only HS256 is
 * accepted (never `none`, never an algorithm named by the token beyond that), the signature is
 * compared in constant time, and `exp` is required and bounded. Throws `invalid_identity_token`
 * with `details.reason`.
 *
 * @example verifyIdentityToken(token, settings.identity_secret, new Date())
 */
export function verifyIdentityToken(token: string, secret: string, now: Date): VisitorIdentity {
  const parts = token.split('.');
  if (parts.length !== 3) throw refuse('malformed');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!header || !claims || !/^[A-Za-z0-9_-]*$/.test(signaturePart)) throw refuse('malformed');
  if (header.alg !== 'HS256') throw refuse('unsupported_alg');
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw refuse('bad_signature');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw refuse('missing_exp');
  if (exp + skewSeconds <= nowSeconds) throw refuse('expired');
  const iat = typeof claims.iat === 'number' && Number.isFinite(claims.iat) ? claims.iat : null;
  const start = iat !== null && iat <= nowSeconds + skewSeconds ? iat : nowSeconds;
  if (exp - start > maxIdentityLifetimeSeconds + skewSeconds) throw refuse('lifetime_too_long');
  const sub = claims.sub;
  const externalId =
    typeof sub === 'string' ? sub.trim() : typeof sub === 'number' ? String(sub) : '';
  if (externalId === '' || externalId.length > 200) throw refuse('missing_sub');
  return {
    externalId,
    email: optionalText(claims.email, 254),
    name: optionalText(claims.name, 200),
    expiresAt: new Date(exp * 1000),
  };
}

/** Signs an identity token as a site's server would (tests and the demo page use it). */
export function signIdentityToken(
  claims: Record<string, unknown>,
  secret: string,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode(header)}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
