/** What the confidence is computed from; each in 0..1. */
export interface ConfidenceSignals {
  /** Share of the query's weight (IDF) found anywhere in the article. */
  coverage: number;
  /** Share of the query's weight found in the article's single best unit (title, question or passage). */
  unitCoverage: number;
  /** How far the article is ahead of the best other article: (score − other) / score. */
  margin: number;
}

/** Weights of the logistic model; fitted once on CLINC150's validation split (docs/QUALITY.md). */
export const confidenceWeights = {
  intercept: -6,
  coverage: 3,
  unitCoverage: 3,
  margin: 4,
};

/**
 * The chance that the article answers the query, as a logistic function of three signals that a
 * person can read off a result: how much of the query the article covers, how much one of its
 * questions or passages covers on its own, and how clearly it beats the runner-up.
 *
 * @example confidenceOf({ coverage: 1, unitCoverage: 1, margin: 0.5 }) // ≈ 0.98
 */
export function confidenceOf(signals: ConfidenceSignals, weights = confidenceWeights): number {
  const z =
    weights.intercept +
    weights.coverage * signals.coverage +
    weights.unitCoverage * signals.unitCoverage +
    weights.margin * signals.margin;
  return 1 / (1 + Math.exp(-z));
}
