// Scores the bot's decisions on labelled queries: answer (top article, confidence ≥ threshold)
// or decline.
import type { LabelledQuery } from './datasets.ts';

/** The bot's view of one query: its best article and that article's confidence. */
export interface Prediction {
  query: LabelledQuery;
  top: string | null;
  confidence: number;
}

export interface Outcome {
  threshold: number;
  /** In-scope queries (an article should answer). */
  inScope: number;
  /** Share of in-scope queries answered (with any article). */
  answered: number;
  /** Of the answered in-scope queries, the share answered with the right article. */
  precision: number;
  /** In-scope queries answered with the wrong article, as a share of in-scope queries. */
  wrong: number;
  /** In-scope queries answered with the right article, as a share of in-scope queries. */
  inScopeAccuracy: number;
  /** Out-of-scope queries declined, as a share of out-of-scope queries (NaN when none). */
  outOfScopeDeclined: number;
  outOfScope: number;
}

export function outcomeAt(predictions: Prediction[], threshold: number): Outcome {
  let inScope = 0;
  let answered = 0;
  let right = 0;
  let outOfScope = 0;
  let declinedOut = 0;
  for (const p of predictions) {
    const answers = p.top !== null && p.confidence >= threshold;
    if (p.query.expected === null) {
      outOfScope++;
      if (!answers) declinedOut++;
      continue;
    }
    inScope++;
    if (!answers) continue;
    answered++;
    if (p.top === p.query.expected) right++;
  }
  return {
    threshold,
    inScope,
    answered: answered / inScope,
    precision: answered === 0 ? 1 : right / answered,
    wrong: (answered - right) / inScope,
    inScopeAccuracy: right / inScope,
    outOfScopeDeclined: outOfScope === 0 ? Number.NaN : declinedOut / outOfScope,
    outOfScope,
  };
}

/** Candidate thresholds: 0 to 1 in steps of 0.005. */
export const thresholdGrid = Array.from({ length: 201 }, (_, i) => i / 200);

/** The threshold with the best score on these predictions (ties: the lower threshold). */
export function bestThreshold(predictions: Prediction[], score: (o: Outcome) => number): number {
  let best = { threshold: 0, score: -Infinity };
  for (const threshold of thresholdGrid) {
    const value = score(outcomeAt(predictions, threshold));
    if (value > best.score) best = { threshold, score: value };
  }
  return best.threshold;
}
