import type { Translate } from '../i18n/i18n.ts';
import { fileSizeText } from '../i18n/i18n.ts';
import { safeHttpUrl } from '../lib/links.ts';
import type { ChatAttachment } from '../state/chat-state.ts';

// Raster images only: SVG can carry script and is never shown inline.
const previewable = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** One attachment: an image preview or a download link, its file name always as text. */
export function AttachmentView({ attachment, t }: { attachment: ChatAttachment; t: Translate }) {
  const href = safeHttpUrl(attachment.url, location.href);
  const label = t('message.attachment', {
    name: attachment.filename,
    size: fileSizeText(t, attachment.size),
  });
  if (!href) return <span class="attachment">{attachment.filename}</span>;
  if (previewable.has(attachment.contentType)) {
    return (
      <a class="attachment attachment--image" href={href} target="_blank" rel="noopener noreferrer">
        <img src={href} alt={label} loading="lazy" />
      </a>
    );
  }
  return (
    <a class="attachment" href={href} download={attachment.filename} rel="noopener noreferrer">
      <svg class="attachment__icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path
          fill="currentColor"
          d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5zM8 13v1.5h8V13zm0 3.5V18h5v-1.5z"
        />
      </svg>
      <span class="attachment__name">{attachment.filename}</span>
      <span class="attachment__size">{fileSizeText(t, attachment.size)}</span>
    </a>
  );
}
