/** What the confidence is computed from; each in 0..1. */
export interface ConfidenceSignals {
  /** Share of the query's weight (IDF) found anywhere in the article. */
  coverage: number;
  /** How far the article is ahead of the best other article: (score − other) / score. */
  margin: number;
}

/**
 * Weights of the logistic model, fitted once by class-balanced logistic regression on
 * CLINC150's validation split (was the top article the right one; docs/QUALITY.md).
 */
export const confidenceWeights = { intercept: -1.95, coverage: 0.49, lead: 9.8 };

/**
 * The chance that the article answers the query, as a logistic function of two signals a person
 * can read off a result: how much of the query the article covers, and its lead, the margin
 * over the runner-up times that coverage (a clear lead on a small part of the query is no
 * answer: "is the museum open" against an article that only says "open Settings").
 *
 * @example confidenceOf({ coverage: 1, margin: 0.3 }) // ≈ 0.80
 */
export function confidenceOf(signals: ConfidenceSignals, weights = confidenceWeights): number {
  const z =
    weights.intercept +
    weights.coverage * signals.coverage +
    weights.lead * signals.coverage * signals.margin;
  return 1 / (1 + Math.exp(-z));
}
