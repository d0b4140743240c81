import sanitizeHtml from 'sanitize-html';
import { sanitizeMessageHtml } from '../conversations/message-content.ts';

/**
 * Mail HTML made safe to show: inline images (cid:) point at Kefu's copy of the part, remote
 * images lose their address (tracking pixels stay silent until someone chooses to load them),
 * and the result goes through the same allowlist sanitizer as every message.
 */
export function emailHtml(
  html: string,
  inlineAttachments: Map<string, string>,
): { html: string; remoteImagesBlocked: boolean } {
  let remoteImagesBlocked = false;
  const rewritten = sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    // Scripts and styles go here already so their text never turns into visible content.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
    exclusiveFilter: (frame) => ['script', 'style', 'head', 'title'].includes(frame.tag),
    transformTags: {
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        const rest = { ...attribs };
        delete rest.src;
        if (/^cid:/i.test(src)) {
          const id = inlineAttachments.get(src.slice(4).replace(/^<|>$/g, ''));
          return { tagName, attribs: id ? { ...rest, src: `/api/v1/attachments/${id}` } : rest };
        }
        if (/^(https?:)?\/\//i.test(src)) remoteImagesBlocked = true;
        return { tagName, attribs: rest };
      },
    },
  });
  return { html: sanitizeMessageHtml(rewritten), remoteImagesBlocked };
}
