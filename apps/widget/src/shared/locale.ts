/** The languages the widget speaks. */
export type WidgetLocale = 'zh-CN' | 'en';

/**
 * Picks the widget's language from the first usable hint: an explicit `data-locale`, the page's
 * `<html lang>`, then the browser's languages. Any Chinese variant gets zh-CN (the only Chinese
 * dictionary); anything else that is set but unknown falls through to the next hint.
 *
 * @example pickLocale(['', 'zh-Hans-CN']) // 'zh-CN'
 */
export function pickLocale(hints: ReadonlyArray<string | null | undefined>): WidgetLocale {
  for (const hint of hints) {
    const tag = (hint ?? '').trim().toLowerCase();
    if (!tag) continue;
    if (tag === 'zh' || tag.startsWith('zh-') || tag.startsWith('zh_')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-') || tag.startsWith('en_')) return 'en';
  }
  return 'en';
}
