/**
 * The widget's iframe app, served as /widget/frame.html?workspace=…&locale=…&origin=…
 * It talks to the loader on the embedding page only through postMessage, to and from the page
 * origin it was given (cross-checked with the browser's ancestor origin where available).
 * Opened directly (not in a frame), it works as a full-page chat.
 */
import { render } from 'preact';
import './styles.css';
import { createWidgetApi, createWidgetCaller } from './api/client.ts';
import { createBotApi } from './api/bot-client.ts';
import { VisitorSocket } from './api/visitor-socket.ts';
import { App } from './components/App.tsx';
import {
  EMBED_TAG,
  isEmbedMessage,
  type FrameToHost,
  type HostToFrame,
} from './shared/embed-protocol.ts';
import { brandColors } from './lib/colors.ts';
import { pickLocale } from './shared/locale.ts';
import { WidgetController } from './state/widget-controller.ts';
import { localVisitorStorage } from './state/visitor-storage.ts';

const params = new URLSearchParams(location.search);
const widgetKey = params.get('workspace') ?? params.get('key') ?? '';
const isEmbedded = window.parent !== window;

/** The embedding page's origin, or null when it cannot be trusted for messaging. */
function hostOrigin(): string | null {
  const claimed = params.get('origin');
  if (!claimed || !isEmbedded) return null;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return null;
  }
  if (origin !== claimed || !/^https?:/.test(origin)) return null;
  const actual = location.ancestorOrigins?.[0];
  return actual && actual !== origin ? null : origin;
}

const host = hostOrigin();
const languages = () => [...(navigator.languages ?? []), navigator.language];
let localeHint = params.get('locale') ?? '';

const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/widget/realtime`;

const controller = new WidgetController({
  widgetKey,
  createApi: (token) => createWidgetApi('', token),
  storage: localVisitorStorage(widgetKey),
  createSocket: (handlers) => {
    const socket = new VisitorSocket({ url: socketUrl, ...handlers });
    window.addEventListener('online', () => socket.retryNow());
    return socket;
  },
});
controller.setLocale(pickLocale([localeHint, ...languages()]));

function postToHost(message: FrameToHost) {
  if (host) window.parent.postMessage(message, host);
}

function focusPanel() {
  requestAnimationFrame(() => {
    const target =
      document.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ??
      document.querySelector<HTMLElement>('.header__close');
    target?.focus();
  });
}

function requestClose() {
  if (!isEmbedded) return;
  controller.setOpen(false);
  postToHost({ tag: EMBED_TAG, type: 'close' });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!host || event.origin !== host || event.source !== window.parent) return;
  if (!isEmbedMessage(event.data)) return;
  const message = event.data as HostToFrame;
  switch (message.type) {
    case 'init':
      if (message.locale) localeHint = message.locale;
      controller.setLocale(pickLocale([localeHint, ...languages()]));
      controller.init({ identityToken: message.identityToken, pageUrl: message.pageUrl });
      if (message.open) {
        controller.setOpen(true);
        focusPanel();
      }
      return;
    case 'open':
      controller.setOpen(true);
      focusPanel();
      return;
    case 'closed':
      controller.setOpen(false);
      return;
    case 'identify':
      void controller.identify(message.identityToken);
      return;
    case 'logout':
      controller.logout();
      return;
    case 'locale':
      controller.setLocale(pickLocale([message.locale, ...languages()]));
      return;
  }
});

document.addEventListener('keydown', (event) => {
  // Escape closes the panel, but not while an input method is composing (it cancels that).
  if (event.key === 'Escape' && !event.isComposing) requestClose();
});

let lastUnread = -1;
let lastConfig: unknown = null;
let announcedUnavailable = false;
controller.subscribe(() => {
  const { config, phase } = controller.state;
  if (phase === 'unavailable' && !announcedUnavailable) {
    announcedUnavailable = true;
    postToHost({ tag: EMBED_TAG, type: 'unavailable' });
  }
  if (config && config !== lastConfig) {
    lastConfig = config;
    postToHost({ tag: EMBED_TAG, type: 'theme', ...brandColors(config.color) });
  }
  const unread = controller.state.chat.unread;
  if (unread === lastUnread) return;
  lastUnread = unread;
  postToHost({ tag: EMBED_TAG, type: 'unread', count: unread });
});

void controller.loadConfig();
if (isEmbedded) {
  postToHost({ tag: EMBED_TAG, type: 'ready' });
} else {
  // Standalone page: no loader to tell us who the visitor is; show the chat right away.
  controller.init({ identityToken: null });
  controller.setOpen(true);
}

const root =
  document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
const bot = {
  api: createBotApi(createWidgetCaller('', () => controller.visitorToken)),
  widgetKey,
  withSession: <T,>(call: () => Promise<T>) => controller.withSession(call),
  hold: (conversationId: string) => controller.holdForBot(conversationId),
  showConversation: () => controller.showConversation(),
};
render(<App controller={controller} onClose={requestClose} bot={bot} />, root);
if (!isEmbedded) focusPanel();
