import { type ReactNode, createContext, useContext, useEffect, useMemo } from 'react';
import { type Formatter, createFormatter } from '../lib/format.ts';
import type { Locale } from '../lib/types.ts';
import { type MessageKey, type Vars, translate } from './translate.ts';

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, vars?: Vars) => string;
  format: Formatter;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

interface Props {
  locale: Locale;
  timeZone: string;
  setLocale: (locale: Locale) => void;
  children: ReactNode;
}

/** Provides `t`, the formatter and the locale switch; keeps `<html lang>` in step. */
export function I18nProvider({ locale, timeZone, setLocale, children }: Props) {
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      t: (key, vars) => translate(locale, key, vars),
      format: createFormatter(locale, timeZone),
      setLocale,
    }),
    [locale, timeZone, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current locale's `t`, formatter and switch. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
