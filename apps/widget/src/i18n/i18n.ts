import type { WidgetLocale } from '../shared/locale.ts';
import { en, type Dictionary, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey };

const dictionaries: Record<WidgetLocale, Dictionary> = { en, 'zh-CN': zhCN };

/** Translates one key, filling `{placeholders}` from `values` (values are plain text). */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/**
 * Returns the translate function for a locale.
 *
 * @example translatorFor('en')('reply.minutes', { minutes: 5 }) // 'Usually replies in about 5 minutes'
 */
export function translatorFor(locale: WidgetLocale): Translate {
  const dictionary = dictionaries[locale];
  return (key, values) => {
    const template = dictionary[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

/** The expected-reply sentence for a number of minutes (null: the workspace did not say). */
export function replyTimeText(t: Translate, minutes: number | null): string | null {
  if (minutes === null || !Number.isFinite(minutes) || minutes <= 0) return null;
  if (minutes <= 3) return t('reply.fewMinutes');
  if (minutes < 90) return t('reply.minutes', { minutes: Math.round(minutes) });
  return t('reply.hours', { hours: Math.round(minutes / 60) });
}

/** A file size in the visitor's words. */
export function fileSizeText(t: Translate, bytes: number): string {
  if (bytes < 1024) return t('size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('size.kb', { n: Math.round(bytes / 1024) });
  return t('size.mb', { n: (bytes / (1024 * 1024)).toFixed(1) });
}
