/**
 * Helpers for showing untrusted text. Nothing here builds HTML: callers render the pieces as
 * React text and attributes, which React escapes.
 */

/** A URL that is safe to put in href: http(s) or a same-origin path; otherwise null. */
export function safeHref(url: string): string | null {
  const trimmed = url.trim();
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return trimmed;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export type TextPart =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// A URL runs until whitespace, a quote or bracket, or the first non-ASCII character (so Chinese
// text and punctuation right after a link stay outside it).
const urlPattern = /\bhttps?:\/\/[^\s<>"'`\u0080-\uffff]+/gi;

/** Splits message text into plain runs and http(s) links (trailing punctuation left out). */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    let url = match[0];
    const trailing = /[).,;:!?，。！？）]+$/.exec(url);
    if (trailing) url = url.slice(0, -trailing[0].length);
    const start = match.index;
    const href = safeHref(url);
    if (!href) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
