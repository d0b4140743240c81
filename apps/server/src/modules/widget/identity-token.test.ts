import { describe, expect, it } from 'vitest';
import { signIdentityToken, verifyIdentityToken } from './identity-token.ts';

const secret = 'whs_test-secret';
const now = new Date('2026-01-01T00:00:00Z');
const seconds = now.getTime() / 1000;
const reasonOf = (token: string) => {
  try {
    verifyIdentityToken(token, secret, now);
    return 'accepted';
  } catch (error) {
    return (error as { options: { details: { reason: string } } }).options.details.reason;
  }
};

describe('verifyIdentityToken', () => {
  it('accepts a valid HS256 token and reads its claims', () => {
    const token = signIdentityToken(
      { sub: 42, email: ' a@example.com ', name: 'Ada', exp: seconds + 60 },
      secret,
    );
    expect(verifyIdentityToken(token, secret, now)).toEqual({
      externalId: '42',
      email: 'a@example.com',
      name: 'Ada',
      expiresAt: new Date((seconds + 60) * 1000),
    });
  });

  it('refuses every way a token can be wrong, with a stable reason', () => {
    const good = { sub: 'u1', exp: seconds + 60 };
    const [header, payload] = signIdentityToken(good, secret).split('.');
    expect(reasonOf(`${header}.${payload}.`)).toBe('bad_signature');
    expect(reasonOf(signIdentityToken(good, 'other'))).toBe('bad_signature');
    expect(reasonOf(signIdentityToken(good, secret, { alg: 'none' }))).toBe('unsupported_alg');
    expect(reasonOf(signIdentityToken(good, secret, { alg: 'RS256' }))).toBe('unsupported_alg');
    expect(reasonOf(signIdentityToken({ sub: 'u1' }, secret))).toBe('missing_exp');
    expect(reasonOf(signIdentityToken({ sub: 'u1', exp: '2030' }, secret))).toBe('missing_exp');
    expect(reasonOf(signIdentityToken({ sub: 'u1', exp: seconds - 120 }, secret))).toBe('expired');
    expect(reasonOf(signIdentityToken({ sub: 'u1', exp: seconds + 2 * 86400 }, secret))).toBe(
      'lifetime_too_long',
    );
    expect(
      reasonOf(signIdentityToken({ sub: 'u1', iat: seconds - 86400, exp: seconds + 3600 }, secret)),
    ).toBe('lifetime_too_long');
    expect(reasonOf(signIdentityToken({ exp: seconds + 60 }, secret))).toBe('missing_sub');
    expect(reasonOf('x.y.z')).toBe('malformed');
    expect(reasonOf(`${header}.${payload}`)).toBe('malformed');
  });
});
