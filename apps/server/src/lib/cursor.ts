import { AppError } from './errors.ts';

/** Keyset position of the last row on a page: its sort timestamp and id (the tie-breaker). */
export interface Cursor {
  value: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string | undefined): Cursor | null {
  if (text === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      parsed.every((v) => typeof v === 'string')
    ) {
      const [value, id] = parsed as [string, string];
      if (/^[0-9a-f-]{36}$/.test(id) && !Number.isNaN(Date.parse(value))) return { value, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'The cursor is not one this server issued', {
    field: 'cursor',
  });
}
