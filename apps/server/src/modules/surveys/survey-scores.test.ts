import { describe, expect, it } from 'vitest';
import { conditionHolds } from '../automations/conditions.ts';
import {
  cesSummary,
  csatPercent,
  isLowRating,
  npsScore,
  ratingOf,
  scoreRange,
} from './survey-scores.ts';

describe('survey score mapping (metrics.md §4)', () => {
  it('maps CSAT scores to good and bad per scale', () => {
    expect([1, 2].map((s) => ratingOf('csat', 2, s))).toEqual(['bad', 'good']);
    expect([1, 2, 3].map((s) => ratingOf('csat', 3, s))).toEqual(['bad', 'bad', 'good']);
    expect([1, 2, 3, 4, 5].map((s) => ratingOf('csat', 5, s))).toEqual([
      'bad',
      'bad',
      'bad',
      'good',
      'good',
    ]);
  });

  it('maps NPS 0–6 to detractors, 7–8 to passives and 9–10 to promoters', () => {
    const ratings = Array.from({ length: 11 }, (_, s) => ratingOf('nps', 11, s));
    expect(ratings.filter((r) => r === 'detractor')).toHaveLength(7);
    expect(ratings.slice(7, 9)).toEqual(['passive', 'passive']);
    expect(ratings.slice(9)).toEqual(['promoter', 'promoter']);
  });

  it('maps CES 1–3 to disagree, 4 to neutral and 5–7 to agree', () => {
    expect([1, 3, 4, 5, 7].map((s) => ratingOf('ces', 7, s))).toEqual([
      'disagree',
      'disagree',
      'neutral',
      'agree',
      'agree',
    ]);
  });

  it('accepts the range of each kind and calls the low end low', () => {
    expect(scoreRange('csat', 3)).toEqual({ min: 1, max: 3 });
    expect(scoreRange('nps', 11)).toEqual({ min: 0, max: 10 });
    expect(scoreRange('ces', 7)).toEqual({ min: 1, max: 7 });
    expect(['bad', 'detractor', 'disagree'].every((r) => isLowRating(r as 'bad'))).toBe(true);
    expect(['good', 'passive', 'neutral', 'agree'].some((r) => isLowRating(r as 'bad'))).toBe(
      false,
    );
  });
});

describe('survey formulas', () => {
  it('CSAT counts only rated conversations: unrated ones are not in the denominator', () => {
    // Ten solved conversations: three good, one bad, six never rated (no response at all).
    const rated = ['good', 'good', 'bad', 'good'] as const;
    expect(csatPercent(rated)).toBe(75);
    expect(csatPercent([])).toBeNull();
    // Ratings of other kinds never count as CSAT.
    expect(csatPercent([...rated, 'promoter', 'detractor'])).toBe(75);
  });

  it('NPS keeps passives in the denominator', () => {
    // 5 promoters, 3 passives, 2 detractors → 50% − 20% = 30.
    expect(npsScore([10, 9, 9, 10, 9, 7, 8, 7, 3, 6])).toBe(30);
    // Without the passives it would be 5/7 − 2/7 ≈ 42.9: passives matter.
    expect(npsScore([10, 9, 9, 10, 9, 3, 6])).toBe(42.9);
    expect(npsScore([0, 6])).toBe(-100);
    expect(npsScore([])).toBeNull();
  });

  it('CES is reported as the mean and as the share who agree (5–7)', () => {
    expect(cesSummary([7, 6, 5, 4, 1])).toEqual({ mean: 4.6, agreePercent: 60 });
    expect(cesSummary([2, 3])).toEqual({ mean: 2.5, agreePercent: 0 });
    expect(cesSummary([])).toEqual({ mean: null, agreePercent: null });
  });
});

describe('the survey.rating trigger condition', () => {
  const context = (survey: { kind: string; score: number; rating: string } | null) => ({
    status: 'solved',
    priority: 'normal',
    channel: 'email',
    assigneeId: null,
    teamId: null,
    tags: [],
    customFields: {},
    customer: { tier: 'standard', name: null, emails: [] },
    message: null,
    survey,
    now: new Date('2026-12-01T09:00:00Z'),
    timezone: 'UTC',
  });

  it('matches a low rating of any kind, a named bucket, and never without a rating', () => {
    const low = { field: 'survey.rating', op: 'is', value: 'low' } as const;
    expect(conditionHolds(low, context({ kind: 'csat', score: 2, rating: 'bad' }))).toBe(true);
    expect(conditionHolds(low, context({ kind: 'nps', score: 6, rating: 'detractor' }))).toBe(true);
    expect(conditionHolds(low, context({ kind: 'ces', score: 3, rating: 'disagree' }))).toBe(true);
    expect(conditionHolds(low, context({ kind: 'nps', score: 7, rating: 'passive' }))).toBe(false);
    expect(conditionHolds(low, context(null))).toBe(false);
    const notPromoter = { field: 'survey.rating', op: 'is_not', value: 'promoter' } as const;
    expect(conditionHolds(notPromoter, context({ kind: 'nps', score: 8, rating: 'passive' }))).toBe(
      true,
    );
    expect(
      conditionHolds(notPromoter, context({ kind: 'nps', score: 9, rating: 'promoter' })),
    ).toBe(false);
  });
});
