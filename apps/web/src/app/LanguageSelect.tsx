import { useId } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { type Locale, locales } from '../lib/types.ts';

/** The language switch; each language is named in itself. */
export function LanguageSelect({ compact }: { compact?: boolean }) {
  const { t, locale, setLocale } = useI18n();
  const id = useId();
  return (
    <div className={`language-select ${compact ? 'compact' : ''}`}>
      <label htmlFor={id}>{t('shell.language')}</label>
      <select id={id} value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
        {locales.map((option) => (
          <option key={option} value={option} lang={option}>
            {t(`locale.${option}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
