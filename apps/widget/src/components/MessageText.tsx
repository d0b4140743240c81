import { splitLinks } from '../lib/links.ts';

/**
 * Message text as text nodes, with http(s) URLs as links that open in a new tab. Untrusted by
 * design: nothing here is ever parsed as HTML.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
