import type { SurveyScores } from '@kefu/contracts';
import type { SurveyRatingCount } from '../../repositories/survey.repository.ts';
import { cesSummary, csatPercent, npsScore } from './survey-scores.ts';

/** Expands counted rows back into one entry per response (the formulas take plain lists). */
const expand = <T>(rows: SurveyRatingCount[], pick: (row: SurveyRatingCount) => T): T[] =>
  rows.flatMap((row) => Array.from({ length: row.count }, () => pick(row)));

/** CSAT %, NPS and CES (mean, % agree, distribution) of a set of counted responses. */
export function scoresOf(rows: SurveyRatingCount[]): SurveyScores {
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  const csat = expand(of('csat'), (r) => r.rating);
  const nps = expand(of('nps'), (r) => r.score);
  const ces = expand(of('ces'), (r) => r.score);
  return {
    csat: {
      good: csat.filter((r) => r === 'good').length,
      bad: csat.filter((r) => r === 'bad').length,
      percent: csatPercent(csat),
    },
    nps: {
      responses: nps.length,
      promoters: nps.filter((s) => s >= 9).length,
      passives: nps.filter((s) => s === 7 || s === 8).length,
      detractors: nps.filter((s) => s <= 6).length,
      score: npsScore(nps),
    },
    ces: {
      responses: ces.length,
      ...cesSummary(ces),
      distribution: Array.from({ length: 7 }, (_, i) => ces.filter((s) => s === i + 1).length),
    },
  };
}

/** The scores per value of `key` (agent or team; null: none), in a stable order. */
export function scoresBy<K extends 'agentId' | 'teamId'>(rows: SurveyRatingCount[], key: K) {
  const groups = new Map<string | null, SurveyRatingCount[]>();
  for (const row of rows) {
    const list = groups.get(row[key]) ?? [];
    list.push(row);
    groups.set(row[key], list);
  }
  return [...groups]
    .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))
    .map(
      ([id, list]) => ({ [key]: id, ...scoresOf(list) }) as SurveyScores & Record<K, string | null>,
    );
}
