/** A piece of message text: plain text, or a link the visitor may open. */
export type TextSegment =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Only http(s) URLs become links; `javascript:`, `data:` and the like stay plain text. A URL
// ends at whitespace, quotes, angle brackets and CJK or full-width punctuation (，。）), which
// Chinese text puts right after a link without a space.
const urlPattern = /\bhttps?:\/\/[^\s<>"'`\u3000-\u303f\uff00-\uffef]+/gi;
// Punctuation that usually ends a sentence rather than a URL.
const trailing = /[.,;:!?)\]}'"。，；：！？）》」]+$/u;

/**
 * Splits message text into text and link segments, so the UI can render links as <a> and
 * everything else as text nodes. Never produces HTML.
 *
 * @example splitLinks('see https://example.com.') // text 'see ', link 'https://example.com', text '.'
 */
export function splitLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    const start = match.index;
    const raw = match[0].replace(trailing, '');
    const href = safeHttpUrl(raw);
    if (!href) continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** The URL if it parses as http or https (absolute, or relative to `base`), else null. */
export function safeHttpUrl(value: string, base?: string): string | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
