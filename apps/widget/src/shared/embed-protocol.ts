/**
 * The postMessage protocol between the loader (on the customer's site) and the widget frame
 * (on Kefu's origin). Both sides check `event.origin` and `event.source` before trusting a
 * message; everything else is ignored. The identity token travels here, never in the frame's
 * URL, so it stays out of server logs and referrers.
 */

/** Marks our messages so that other scripts' postMessage traffic is ignored cheaply. */
export const EMBED_TAG = 'kefu-widget';

/** Sent by the page (loader) to the frame. */
export type HostToFrame =
  | {
      tag: typeof EMBED_TAG;
      type: 'init';
      identityToken: string | null;
      open: boolean;
      locale: string;
      /** The embedding page, sent with the session so the server can check allowed origins. */
      pageUrl: string;
    }
  | { tag: typeof EMBED_TAG; type: 'open' }
  | { tag: typeof EMBED_TAG; type: 'closed' }
  | { tag: typeof EMBED_TAG; type: 'identify'; identityToken: string }
  | { tag: typeof EMBED_TAG; type: 'logout' }
  | { tag: typeof EMBED_TAG; type: 'locale'; locale: string };

/** Sent by the frame to the page (loader). */
export type FrameToHost =
  | { tag: typeof EMBED_TAG; type: 'ready' }
  | { tag: typeof EMBED_TAG; type: 'close' }
  | { tag: typeof EMBED_TAG; type: 'unread'; count: number }
  /** The key is unknown or the widget is switched off: remove the launcher. */
  | { tag: typeof EMBED_TAG; type: 'unavailable' }
  /** The workspace's brand colour for the launcher, and the text colour readable on it. */
  | { tag: typeof EMBED_TAG; type: 'theme'; brand: string; onBrand: string };

/** True when `data` looks like one of our messages (shape only; origin is checked by the caller). */
export function isEmbedMessage(data: unknown): data is { tag: string; type: string } {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { tag?: unknown }).tag === EMBED_TAG &&
    typeof (data as { type?: unknown }).type === 'string'
  );
}
