/**
 * The editor's HTML allow-list on the client. The server sanitizes every save; this copy keeps
 * what is loaded into (and pasted into) the editor to the same small set, so no stored or
 * pasted markup can carry an event handler or a `javascript:` link into the page.
 */
const allowedTags = new Set([
  'H2',
  'H3',
  'H4',
  'P',
  'BR',
  'HR',
  'STRONG',
  'B',
  'EM',
  'I',
  'U',
  'S',
  'SUB',
  'SUP',
  'UL',
  'OL',
  'LI',
  'A',
  'IMG',
  'BLOCKQUOTE',
  'PRE',
  'CODE',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TH',
  'TD',
]);
const allowedAttributes: Record<string, string[]> = {
  A: ['href', 'title'],
  IMG: ['src', 'alt', 'title', 'width', 'height'],
  TD: ['colspan', 'rowspan'],
  TH: ['colspan', 'rowspan', 'scope'],
};
const droppedWithContent = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'OBJECT', 'NOSCRIPT']);

const safeUrl = (value: string, image: boolean) => {
  const url = value.trim();
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  return image ? /^https:\/\//i.test(url) : /^(https?:|mailto:)/i.test(url);
};

function clean(node: Node, doc: Document): Node[] {
  if (node.nodeType === Node.TEXT_NODE) return [doc.createTextNode(node.textContent ?? '')];
  if (!(node instanceof Element) || droppedWithContent.has(node.tagName)) return [];
  const children = [...node.childNodes].flatMap((child) => clean(child, doc));
  const tag = node.tagName === 'H1' ? 'H2' : node.tagName === 'DIV' ? 'P' : node.tagName;
  if (!allowedTags.has(tag)) return children;
  const out = doc.createElement(tag);
  for (const name of allowedAttributes[tag] ?? []) {
    const value = node.getAttribute(name);
    if (value === null) continue;
    if ((name === 'href' || name === 'src') && !safeUrl(value, tag === 'IMG')) continue;
    out.setAttribute(name, value);
  }
  if (tag === 'IMG' && !out.getAttribute('src')) return [];
  out.append(...children);
  return [out];
}

/** Parses HTML without running it and returns the allowed nodes, ready for the editor. */
export function editorNodes(html: string): Node[] {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  return [...parsed.body.childNodes].flatMap((node) => clean(node, document));
}
