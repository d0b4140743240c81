import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, refusedAddressReason, resolveWebhookTarget } from './webhook-target.ts';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

describe('webhook targets (catalogue G1)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusedAddressReason(address)).toBe(range);
  });

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])(
    'accepts the public address %s',
    (address) => {
      expect(refusedAddressReason(address)).toBeNull();
    },
  );

  it.each([
    'http://127.0.0.1:5432/',
    'http://169.254.169.254/latest/meta-data',
    'http://[::ffff:10.0.0.1]/',
    'http://[::1]/hook',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://017700000001/',
    'http://localhost:8080/',
    'http://api.localhost/',
    'file:///etc/passwd',
    'gopher://example.com/',
    'https://user:pass@example.com/',
  ])('refuses %s when saved', (url) => {
    expect(() => checkWebhookUrl(url, 'url')).toThrow();
  });

  it('accepts a public https URL, and loopback only with the test-only option', () => {
    expect(checkWebhookUrl('https://hooks.example.com/kefu', 'url').hostname).toBe(
      'hooks.example.com',
    );
    expect(() =>
      checkWebhookUrl('http://127.0.0.1:9/x', 'url', { allowLoopback: true }),
    ).not.toThrow();
    expect(() => checkWebhookUrl('http://10.0.0.1/x', 'url', { allowLoopback: true })).toThrow();
  });

  it('checks again after resolving a name (a name for this machine is refused)', async () => {
    await expect(resolveWebhookTarget(new URL('http://localhost/'))).rejects.toThrow(/loopback/);
    await expect(resolveWebhookTarget(new URL('http://[::ffff:7f00:1]/'))).rejects.toThrow(
      /loopback/,
    );
  });
});

describe('webhook signatures (catalogue G5)', () => {
  it('signs id.timestamp.body with HMAC-SHA256 and verifies a list of signatures', () => {
    const signature = signWebhook('whsec_test', 'msg_1', 1_700_000_000, '{"a":1}');
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(
      verifyWebhook('whsec_test', 'msg_1', 1_700_000_000, '{"a":1}', `v1,old ${signature}`),
    ).toBe(true);
    expect(verifyWebhook('whsec_test', 'msg_1', 1_700_000_000, '{"a":2}', signature)).toBe(false);
    expect(verifyWebhook('whsec_other', 'msg_1', 1_700_000_000, '{"a":1}', signature)).toBe(false);
  });
});
