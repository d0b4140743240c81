import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { AppError } from '../../lib/errors.ts';

/**
 * Where webhooks may go. Only public unicast addresses: private, loopback, link-local,
 * multicast, unspecified, carrier-grade NAT, reserved and the like are refused, for IPv4, IPv6
 * and IPv4-mapped IPv6 alike (catalogue G1). `allowLoopback` exists for tests that run a
 * receiver on 127.0.0.1; nothing in production sets it.
 */
export interface WebhookTargetPolicy {
  allowLoopback?: boolean;
}

/** Why an address is refused, or null when it is a public unicast address. */
export function refusedAddressReason(address: string, policy: WebhookTargetPolicy = {}) {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && policy.allowLoopback) return null;
  return range;
}

/**
 * Checks a webhook URL when it is saved: http or https, no credentials, and a host that is not
 * a refused address or a name for this machine. Names are resolved again when sending.
 */
export function checkWebhookUrl(raw: string, field: string, policy: WebhookTargetPolicy = {}) {
  const refuse = (why: string) => {
    throw new AppError('validation_failed', `${field}: ${why}`, { field });
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return refuse('webhooks go to http or https URLs only');
  if (url.username || url.password) return refuse('put no user name or password in the URL');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const lowered = host.toLowerCase();
  if (lowered === 'localhost' || lowered.endsWith('.localhost')) {
    if (!policy.allowLoopback) refuse('webhooks may not go to this machine');
    return url;
  }
  if (ipaddr.isValid(host)) {
    const reason = refusedAddressReason(host, policy);
    if (reason) refuse(`webhooks may not go to a ${reason} address`);
  }
  return url;
}

/**
 * Resolves the URL's host and returns the one address to connect to (pinned for the connection,
 * so a second lookup cannot swap in an internal address: DNS rebinding). Throws when any
 * address the name resolves to is refused.
 */
export async function resolveWebhookTarget(
  url: URL,
  policy: WebhookTargetPolicy = {},
): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
    : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  for (const { address } of addresses) {
    const reason = refusedAddressReason(address, policy);
    if (reason) throw new RefusedTargetError(`${host} resolves to a ${reason} address`);
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A target that must never be contacted: the delivery fails for good, without retries. */
export class RefusedTargetError extends Error {}
