import { AppError } from '../../lib/errors.ts';

export type IdentityKind = 'email' | 'phone' | 'visitor' | 'external';

/**
 * The key under which an identity is unique in a workspace: emails lower-cased, phone numbers
 * reduced to digits with an optional leading +. Other kinds are compared exactly.
 */
export function identityKey(kind: IdentityKind, value: string, field = 'identity.value'): string {
  const trimmed = value.trim();
  switch (kind) {
    case 'email':
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed))
        throw new AppError('validation_failed', 'Enter a valid email address', { field });
      return trimmed.toLowerCase();
    case 'phone': {
      const digits = trimmed.replace(/[^\d+]/g, '');
      const normal = digits.startsWith('+')
        ? '+' + digits.slice(1).replace(/\+/g, '')
        : digits.replace(/\+/g, '');
      if (normal.replace('+', '').length < 5 || normal.length > 20)
        throw new AppError('validation_failed', 'Enter a valid phone number', { field });
      return normal;
    }
    case 'visitor':
    case 'external':
      return trimmed;
  }
}
