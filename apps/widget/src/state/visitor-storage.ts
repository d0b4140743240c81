/**
 * Where the frame keeps the visitor token: localStorage of Kefu's origin (the iframe), one entry
 * per widget key. Browsers that partition or block third-party storage simply start a new
 * anonymous visitor, so every access is guarded.
 */
export interface StoredVisitor {
  token: string;
  /** The token belongs to a customer a signed identity token vouched for. */
  identified: boolean;
}

export interface VisitorStorage {
  read(): StoredVisitor | null;
  write(visitor: StoredVisitor): void;
  clear(): void;
}

export function localVisitorStorage(widgetKey: string, storage?: Storage): VisitorStorage {
  const name = `kefu.visitor.${widgetKey}`;
  const store = () => storage ?? window.localStorage;
  return {
    read() {
      try {
        const parsed = JSON.parse(store().getItem(name) ?? 'null') as Partial<StoredVisitor> | null;
        if (typeof parsed?.token !== 'string') return null;
        return { token: parsed.token, identified: parsed.identified === true };
      } catch {
        return null;
      }
    },
    write(visitor) {
      try {
        store().setItem(name, JSON.stringify(visitor));
      } catch {
        // Storage unavailable: the session lasts as long as the page.
      }
    },
    clear() {
      try {
        store().removeItem(name);
      } catch {
        // Nothing stored, nothing to clear.
      }
    },
  };
}
