/** The survey API's shapes, from @kefu/contracts as types only (zod never reaches the bundle). */
import type { z } from 'zod';
import type {
  SurveyReport as ReportSchema,
  SurveyRequest as RequestSchema,
  SurveyResponseItem as ResponseItemSchema,
  SurveySettings as SettingsSchema,
} from '@kefu/contracts';

export type SurveySettings = z.infer<typeof SettingsSchema>;
export type SurveyRequest = z.infer<typeof RequestSchema>;
export type SurveyResponseItem = z.infer<typeof ResponseItemSchema>;
export type SurveyReport = z.infer<typeof ReportSchema>;

/** The highest score of a request's scale (CSAT 2/3/5, NPS 10, CES 7). */
export const maxScore = (kind: string, scale: number) =>
  kind === 'nps' ? 10 : kind === 'ces' ? 7 : scale;

/** Reasons as the admin edits them: one per line, `English | 中文`. */
export function reasonsToText(reasons: SurveySettings['csatReasons']): string {
  return reasons.map((r) => `${r.en} | ${r.zh}`).join('\n');
}

/** The lines back as reasons; ids are kept for unchanged English text, else made from it. */
export function reasonsFromText(
  text: string,
  previous: SurveySettings['csatReasons'],
): SurveySettings['csatReasons'] {
  const used = new Set<string>();
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const [en = '', zh = ''] = line.split('|').map((part) => part.trim());
      const known = previous.find((r) => r.en === en);
      let id =
        known?.id ??
        (en
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 32) ||
          `reason-${index + 1}`);
      while (used.has(id)) id = `${id}-${index + 1}`;
      used.add(id);
      return { id, en: en || zh, zh: zh || en };
    });
}
