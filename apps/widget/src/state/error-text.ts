import type { MessageKey } from '../i18n/i18n.ts';

/** The sentence to show for an API or socket error code (codes are stable; wording is ours). */
export function errorTextKey(code: string): MessageKey {
  switch (code) {
    case 'rate_limited':
      return 'error.rate_limited';
    case 'payload_too_large':
      return 'error.payload_too_large';
    case 'unsupported_media_type':
      return 'error.unsupported_media_type';
    case 'invalid_identity_token':
      return 'error.identity';
    case 'not_found':
      return 'error.not_found';
    case 'network':
      return 'error.network';
    default:
      return 'error.generic';
  }
}
