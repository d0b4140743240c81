/** Where a `/shortcut` is being typed in the composer, if anywhere. Pure, for tests. */
export interface SlashQuery {
  /** Index of the `/`. */
  start: number;
  /** What follows the `/` up to the caret. */
  query: string;
}

/**
 * Finds a `/` command being typed just before the caret: at the start of the text or after
 * whitespace, followed by no spaces (so URLs and dates like 1/2 do not open the popup).
 */
export function slashQueryAt(text: string, caret: number): SlashQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/u.exec(before);
  if (!match) return null;
  const start = before.length - match[2]!.length - 1;
  return { start, query: match[2]! };
}

/** Replaces the `/query` typed at `slash` with `insert`; returns the text and the new caret. */
export function insertAt(text: string, slash: SlashQuery, insert: string) {
  const end = slash.start + 1 + slash.query.length;
  const next = text.slice(0, slash.start) + insert + text.slice(end);
  return { text: next, caret: slash.start + insert.length };
}
