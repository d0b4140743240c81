import { api } from './api.ts';
import type { Locale } from './types.ts';

const localeKey = 'kefu.locale';

/** What the user's preferences endpoint answers (see Preferences in @kefu/contracts). */
export interface Preferences {
  locale: Locale;
  /** null: use the workspace's time zone. */
  timezone: string | null;
}

export function storedLocale(): string | null {
  try {
    return window.localStorage.getItem(localeKey);
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale) {
  try {
    window.localStorage.setItem(localeKey, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export const loadPreferences = () => api.get<Preferences>('/me/preferences');

/** Remembers the language for this user on the server (and locally, for the login page). */
export async function saveLocale(locale: Locale, signedIn: boolean): Promise<void> {
  storeLocale(locale);
  if (signedIn) await api.patch<Preferences>('/me/preferences', { locale });
}
