/**
 * The widget loader, served as /widget.js and embedded on customers' sites with one tag:
 *   <script src="https://HOST/widget.js" data-kefu-workspace="wk_..." async></script>
 * It adds a launcher button and a hidden iframe with the chat app, and talks to the frame only
 * through postMessage with the origin checked both ways. Plain DOM, no framework: it must stay
 * tiny (budget 10 KB gzip, checked by bundle-size.test.ts).
 */
import { EMBED_TAG, isEmbedMessage, type HostToFrame } from './shared/embed-protocol.ts';
import { pickLocale, type WidgetLocale } from './shared/locale.ts';
import { launcherIcon, styleFrame, styleLauncher, styleBadge } from './loader-view.ts';

interface KefuSettings {
  workspace?: string;
  identityToken?: string;
  locale?: string;
}

type KefuCommand = 'identify' | 'logout' | 'open' | 'close' | 'toggle' | 'locale';
interface KefuApi {
  (command: KefuCommand, argument?: string): void;
  /** Commands queued by a stub before the loader ran. */
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
}

declare global {
  interface Window {
    KefuSettings?: KefuSettings;
    Kefu?: KefuApi;
  }
}

const labels: Record<WidgetLocale, { open: string; close: string; title: string; unread: string }> =
  {
    en: {
      open: 'Open chat',
      close: 'Close chat',
      title: 'Chat with us',
      unread: 'unread messages',
    },
    'zh-CN': {
      open: '打开在线客服',
      close: '关闭在线客服',
      title: '在线客服',
      unread: '条未读消息',
    },
  };

const isHexColor = (value: unknown): value is string =>
  typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value);

function findOwnScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>(
    'script[data-kefu-key], script[data-kefu-workspace], script[src$="/widget.js"]',
  );
}

// document.currentScript is only set while the script first runs, so read it now.
const ownScript = findOwnScript();

function start() {
  const existing = window.Kefu;
  if (existing?.loaded) return;
  const script = ownScript;
  const settings = window.KefuSettings ?? {};
  const data = script?.dataset ?? {};
  // `data-kefu-key` is what the admin screen's snippet uses; `data-kefu-workspace` is an alias.
  const workspace = data.kefuKey ?? data.kefuWorkspace ?? settings.workspace;
  if (!script?.src || !workspace) return;
  const kefuOrigin = new URL(script.src, location.href).origin;
  const pageOrigin = location.origin;
  // A page without an http(s) origin (file://) cannot receive targeted postMessages.
  if (!/^https?:/.test(pageOrigin)) return;

  let localeHint =
    data.kefuLocale || data.locale || settings.locale || document.documentElement.lang || '';
  let text = labels[pickLocale([localeHint, navigator.language])];
  let identityToken: string | null = data.kefuIdentityToken || settings.identityToken || null;
  let isOpen = false;
  let frameReady = false;
  let unread = 0;

  const root = document.createElement('div');
  root.id = 'kefu-widget-root';
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.id = 'kefu-launcher';
  launcher.setAttribute('aria-haspopup', 'dialog');
  launcher.setAttribute('aria-controls', 'kefu-frame');
  styleLauncher(launcher);
  launcher.append(launcherIcon());
  const badge = document.createElement('span');
  badge.setAttribute('aria-hidden', 'true');
  styleBadge(badge);
  launcher.append(badge);

  const frame = document.createElement('iframe');
  frame.id = 'kefu-frame';
  const params = new URLSearchParams({ workspace, locale: localeHint, origin: pageOrigin });
  frame.src = `${kefuOrigin}/widget/frame.html?${params.toString()}`;
  styleFrame(frame, false);

  const post = (message: HostToFrame) => {
    if (frameReady) frame.contentWindow?.postMessage(message, kefuOrigin);
  };

  const render = () => {
    launcher.setAttribute('aria-expanded', String(isOpen));
    frame.title = text.title;
    const base = isOpen ? text.close : text.open;
    launcher.setAttribute('aria-label', unread > 0 ? `${base} (${unread} ${text.unread})` : base);
    badge.textContent = unread > 9 ? '9+' : String(unread);
    badge.style.display = unread > 0 && !isOpen ? 'flex' : 'none';
    styleFrame(frame, isOpen);
    launcher.style.display = isOpen && matchMedia('(max-width: 480px)').matches ? 'none' : 'flex';
  };

  const open = () => {
    if (isOpen) return;
    isOpen = true;
    render();
    frame.focus();
    post({ tag: EMBED_TAG, type: 'open' });
  };
  const close = () => {
    if (!isOpen) return;
    isOpen = false;
    render();
    post({ tag: EMBED_TAG, type: 'closed' });
    launcher.focus();
  };

  launcher.addEventListener('click', () => (isOpen ? close() : open()));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && isOpen && document.activeElement === launcher) close();
  });
  matchMedia('(max-width: 480px)').addEventListener('change', render);

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    // Only the frame we created, on Kefu's origin, may talk to the loader.
    if (event.origin !== kefuOrigin || event.source !== frame.contentWindow) return;
    if (!isEmbedMessage(event.data)) return;
    const data = event.data as {
      type: string;
      count?: unknown;
      brand?: unknown;
      onBrand?: unknown;
    };
    if (data.type === 'ready') {
      frameReady = true;
      post({
        tag: EMBED_TAG,
        type: 'init',
        identityToken,
        open: isOpen,
        locale: localeHint,
        pageUrl: location.href,
      });
    } else if (data.type === 'close') {
      close();
    } else if (data.type === 'unavailable') {
      root.remove();
    } else if (data.type === 'theme' && isHexColor(data.brand) && isHexColor(data.onBrand)) {
      launcher.style.background = data.brand;
      launcher.style.color = data.onBrand;
    } else if (data.type === 'unread' && typeof data.count === 'number') {
      unread = Math.max(0, Math.floor(data.count));
      render();
    }
  });

  const api: KefuApi = (command, argument) => {
    if (command === 'open') open();
    else if (command === 'close') close();
    else if (command === 'toggle') (isOpen ? close : open)();
    else if (command === 'identify' && typeof argument === 'string') {
      identityToken = argument;
      post({ tag: EMBED_TAG, type: 'identify', identityToken: argument });
    } else if (command === 'logout') {
      identityToken = null;
      post({ tag: EMBED_TAG, type: 'logout' });
    } else if (command === 'locale' && typeof argument === 'string') {
      localeHint = argument;
      text = labels[pickLocale([argument])];
      render();
      post({ tag: EMBED_TAG, type: 'locale', locale: argument });
    }
  };
  api.loaded = true;
  const queued = existing?.q ?? [];
  window.Kefu = api;

  render();
  root.append(frame, launcher);
  document.body.append(root);
  for (const args of queued) api(args[0] as KefuCommand, args[1] as string | undefined);
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start);
