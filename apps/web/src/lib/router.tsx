import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/** Every workspace URL lives under this prefix; the server answers index.html for all of them. */
export const basePath = '/app';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const snapshot = () => window.location.pathname + window.location.search;

/** Go to an app URL (`/app/...`) without reloading; `replace` keeps history clean. */
export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

/** The current location; re-renders on navigation. */
export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot, () => '/app/');
  const [path = '/', search = ''] = current.split('?');
  return { path, query: new URLSearchParams(search) };
}

/**
 * Matches a path against a pattern with `:name` segments, `:name?` optional segments and a
 * trailing `*` (the rest); returns the decoded parameters or null.
 *
 * @example matchPath('/app/inbox/:view/:id?', '/app/inbox/mine') // { view: 'mine' }
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const parts = pattern.split('/').filter(Boolean);
  const segments = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const segment = segments[index];
    if (part === '*') {
      params['*'] = segments.slice(index).map(decodeURIComponent).join('/');
      return params;
    }
    if (part.startsWith(':')) {
      const optional = part.endsWith('?');
      const name = part.slice(1, optional ? -1 : undefined);
      if (segment === undefined) {
        if (optional) continue;
        return null;
      }
      params[name] = decodeURIComponent(segment);
    } else if (part !== segment) return null;
  }
  return segments.length <= parts.length ? params : null;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An anchor that navigates inside the app; modified clicks still open new tabs. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
