import { AppError } from '../../lib/errors.ts';
import type { CannedResponseCursor } from '../../repositories/canned-response.repository.ts';

/** Opaque cursor for the next page of canned responses: the last row's rank and shortcut key. */
export function encodeCannedResponseCursor(cursor: CannedResponseCursor): string {
  return Buffer.from(JSON.stringify([cursor.rank, cursor.shortcutKey])).toString('base64url');
}

export function decodeCannedResponseCursor(text: string | undefined): CannedResponseCursor | null {
  if (text === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [rank, shortcutKey] = parsed as unknown[];
      if (
        (rank === 0 || rank === 1) &&
        typeof shortcutKey === 'string' &&
        shortcutKey.length <= 256
      )
        return { rank, shortcutKey };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'The cursor is not one this server issued', {
    field: 'cursor',
  });
}
