import type { KbCategory } from '@kefu/contracts';

/** Supervisors and above write the knowledge base; agents read it. */
export const canEditKnowledge = (role: string) => role !== 'agent';

/** Languages an editor can add; the help center's own words exist in zh-CN and en. */
export const articleLocales = ['zh-CN', 'en', 'zh-TW', 'ja', 'ko', 'fr', 'de', 'es'] as const;

/** The public help center's home for the UI language (the server picks another if needed). */
export const helpCenterHome = (slug: string, locale: string) =>
  `/help/${encodeURIComponent(slug)}/${locale}/`;

/** A category's name in the UI language, else in any language it has. */
export function categoryName(category: KbCategory, locale: string): string {
  return category.translations[locale]?.name ?? Object.values(category.translations)[0]?.name ?? '';
}

/** An article's title in the UI language, else its first language's. */
export function titleIn(translations: { locale: string; title: string }[], locale: string) {
  return (translations.find((t) => t.locale === locale) ?? translations[0])?.title ?? '';
}

/** Example questions typed one per line, without blanks or repeats. */
export function questionLines(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ];
}
