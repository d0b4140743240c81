import { ApiError } from '../lib/api.ts';
import type { MessageKey, Vars } from './translate.ts';

type T = (key: MessageKey, vars?: Vars) => string;

/**
 * A message a person understands for any failure: translated for the common codes; for the
 * others a translated lead-in followed by the server's own message, which names the field at
 * fault (the server writes its messages in English).
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
  if (!error.message) return t('error.generic');
  if (error.code === 'validation_failed') return t('error.validation', { message: error.message });
  if (error.code === 'already_exists') return t('error.already_exists', { message: error.message });
  if (error.code === 'not_found') return t('error.not_found_detail', { message: error.message });
  return error.message;
}
