/** An optional whole number from a text input: '' → null, otherwise the integer typed. */
export function optionalInt(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isInteger(value) ? value : Number.NaN;
}

/** The text an input shows for an optional number. */
export const intText = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);
