/** A cell that starts like a formula (=, +, -, @, tab, carriage return). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV cell: formula-like text is neutralised with a leading single quote (so a spreadsheet
 * shows `=HYPERLINK(…)` as text instead of running it), then the cell is quoted when it holds a
 * comma, quote or line break. Numbers are written as they are (a negative number stays a number).
 *
 * @example csvCell('=1+1') // "'=1+1"
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * A CSV document: a byte-order mark first (so Excel reads UTF-8 and shows Chinese correctly),
 * rows joined with CRLF.
 *
 * @example toCsv([['渠道', '数量'], ['chat', 3]]) // '\uFEFF渠道,数量\r\nchat,3\r\n'
 */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Saves a CSV document as a download in the browser. */
export function downloadCsv(filename: string, rows: (string | number | null | undefined)[][]) {
  const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
