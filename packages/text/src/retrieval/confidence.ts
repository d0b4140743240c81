/** What the confidence is computed from; each in 0..1. */
export interface ConfidenceSignals {
  /** Share of the query's weight (IDF) found anywhere in the article. */
  coverage: number;
  /** How far the article is ahead of the best other article: (score − other) / score. */
  margin: number;
  /** The question classifier's probability for the article (absent without a classifier). */
  probability?: number;
}

/**
 * Weights of the logistic model, fitted once by class-balanced logistic regression on
 * CLINC150's validation split (was the top article the right one; docs/QUALITY.md).
 */
export const confidenceWeights = { intercept: -1.95, coverage: 0.49, lead: 9.8, probability: 0 };

/** The same fit with the question classifier's probability as a third signal. */
export const classifierConfidenceWeights = {
  intercept: -2.45,
  coverage: -1.68,
  lead: 7.0,
  probability: 3.67,
};

/**
 * The chance that the article answers the query, as a logistic function of two signals a person
 * can read off a result: how much of the query the article covers, and its lead, the margin
 * over the runner-up times that coverage (a clear lead on a small part of the query is no
 * answer: "is the museum open" against an article that only says "open Settings").
 *
 * @example confidenceOf({ coverage: 1, margin: 0.3 }) // ≈ 0.80
 */
export function confidenceOf(
  signals: ConfidenceSignals,
  weights = signals.probability === undefined ? confidenceWeights : classifierConfidenceWeights,
): number {
  const z =
    weights.intercept +
    weights.coverage * signals.coverage +
    weights.lead * signals.coverage * signals.margin +
    weights.probability * (signals.probability ?? 0);
  return 1 / (1 + Math.exp(-z));
}
