import type { SurveyKind, SurveyRating } from '../../db/schema-surveys.ts';

/** The scores a survey of this kind and scale accepts: 1..scale (CSAT), 0–10 (NPS), 1–7 (CES). */
export function scoreRange(kind: SurveyKind, scale: number): { min: number; max: number } {
  if (kind === 'nps') return { min: 0, max: 10 };
  if (kind === 'ces') return { min: 1, max: 7 };
  return { min: 1, max: scale };
}

/** The points on each kind's scale as stored on a request: 2, 3 or 5 (CSAT), 11, 7. */
export const scaleOf = (kind: SurveyKind, csatScale: number) =>
  kind === 'nps' ? 11 : kind === 'ces' ? 7 : csatScale;

/**
 * The bucket a score falls in (metrics.md §4). CSAT: 2-point 1 bad / 2 good, 3-point 1–2 bad /
 * 3 good, 5-point 1–3 bad / 4–5 good. NPS: 9–10 promoter, 7–8 passive, 0–6 detractor. CES:
 * 5–7 agree, 4 neutral, 1–3 disagree.
 *
 * @example ratingOf('csat', 5, 3) // 'bad'
 */
export function ratingOf(kind: SurveyKind, scale: number, score: number): SurveyRating {
  if (kind === 'nps') return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
  if (kind === 'ces') return score >= 5 ? 'agree' : score === 4 ? 'neutral' : 'disagree';
  const goodFrom = scale === 5 ? 4 : scale;
  return score >= goodFrom ? 'good' : 'bad';
}

/** Whether a rating is the low end a follow-up is for: CSAT bad, NPS detractor, CES disagree. */
export const isLowRating = (rating: SurveyRating) =>
  rating === 'bad' || rating === 'detractor' || rating === 'disagree';

/** CSAT % = good / (good + bad); null when nothing was rated (unrated ones never count). */
export function csatPercent(ratings: readonly SurveyRating[]): number | null {
  const good = ratings.filter((r) => r === 'good').length;
  const bad = ratings.filter((r) => r === 'bad').length;
  return good + bad === 0 ? null : round1((100 * good) / (good + bad));
}

/** NPS = % promoters − % detractors over every response (passives stay in the denominator). */
export function npsScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return round1((100 * (promoters - detractors)) / scores.length);
}

/** CES as the mean of the 1–7 scores and as the share who agree (5–7). */
export function cesSummary(scores: readonly number[]): {
  mean: number | null;
  agreePercent: number | null;
} {
  if (scores.length === 0) return { mean: null, agreePercent: null };
  const sum = scores.reduce((a, b) => a + b, 0);
  const agree = scores.filter((s) => s >= 5).length;
  return {
    mean: Math.round((100 * sum) / scores.length) / 100,
    agreePercent: round1((100 * agree) / scores.length),
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;
