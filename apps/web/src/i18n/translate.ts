import { type MessageKey, en } from './en.ts';
import type { Locale } from '../lib/types.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey } from './en.ts';
export type Vars = Record<string, string | number>;

/** Every dictionary, each with all keys of `en`. */
export const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/**
 * Looks a key up in a locale and fills `{name}` placeholders. Values are inserted as plain
 * text; React escapes them when rendered.
 *
 * @example translate('zh-CN', 'views.count', { count: 3 }) // '3 个会话'
 */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = dictionaries[locale][key] ?? en[key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** The locale to start with before the user's preference is known. */
export function guessLocale(stored: string | null, browserLanguages: readonly string[]): Locale {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  for (const language of browserLanguages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}
