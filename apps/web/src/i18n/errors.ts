import { ApiError } from '../lib/api.ts';
import type { MessageKey, Vars } from './translate.ts';

type T = (key: MessageKey, vars?: Vars) => string;

/**
 * A message a person understands for any failure: translated for the common codes, otherwise
 * the server's own message (which names the field at fault).
 */
const translated: Partial<Record<ApiError['code'], MessageKey>> = {
  network: 'error.network',
  invalid_credentials: 'error.invalid_credentials',
  rate_limited: 'error.rate_limited',
  forbidden: 'error.forbidden',
  internal: 'error.generic',
};

export function errorMessage(error: unknown, t: T): string {
  if (!(error instanceof ApiError)) return t('error.generic');
  if (error.code === 'conflict') return t('error.conflict', { message: error.message });
  const key = translated[error.code];
  if (key) return t(key);
  return error.message || t('error.generic');
}
