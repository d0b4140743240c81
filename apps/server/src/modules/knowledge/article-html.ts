import sanitizeHtml from 'sanitize-html';
import { htmlToText } from '../conversations/message-content.ts';

/** Article images: the workspace's own article files, or any https address. */
const ownFile = /^\/help\/[a-z0-9-]+\/files\/[0-9a-f-]{36}$/;
const isAllowedImage = (src: string) => ownFile.test(src) || /^https:\/\/[^\s]+$/i.test(src);

/**
 * What survives in an article: structure and formatting (headings, paragraphs, lists, quotes,
 * code, tables), links (http, https, mailto and relative) and images. No script, style, event
 * handler, form, frame or `javascript:` URL. `h1` becomes `h2`: the page's title is its `h1`.
 */
const policy: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'blockquote',
    'pre',
    'code',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  // Script and style content is dropped with the tag, never kept as visible text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
  transformTags: {
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    div: 'p',
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }),
    img: (tagName, attribs) => {
      const src = (attribs.src ?? '').trim();
      const rest = { ...attribs };
      delete rest.src;
      return { tagName, attribs: isAllowedImage(src) ? { ...rest, src } : rest };
    },
  },
  // An image whose address was refused is dropped rather than left broken.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/**
 * Article HTML as stored and shown: the editor's output through the allow-list above.
 *
 * @example sanitizeArticleHtml('<p onclick="x()">Hi<script>alert(1)</script></p>') // '<p>Hi</p>'
 */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, policy).trim();
}

/** Plain text of article HTML, for search and snippets. */
export const articleText = (html: string): string => htmlToText(html);
