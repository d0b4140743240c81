import { AppError } from './errors.ts';

/**
 * Checks that `value` names an IANA time zone the runtime knows and returns its canonical
 * spelling (`asia/shanghai` → `Asia/Shanghai`). UTC offsets such as `+08:00` are refused: a
 * zone name keeps daylight-saving rules that an offset loses.
 *
 * @example canonicalTimeZone('europe/berlin') // 'Europe/Berlin'
 */
export function canonicalTimeZone(value: string, field = 'timezone'): string {
  const invalid = () =>
    new AppError('validation_failed', `${field}: use an IANA time zone such as Asia/Shanghai`, {
      field,
    });
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) throw invalid();
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw invalid();
  }
}
