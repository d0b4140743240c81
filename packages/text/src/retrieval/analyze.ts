import { stemmer } from 'stemmer';
import { bigrams, textRuns } from '../search-tokens.ts';

/** A text's ranking terms: CJK characters and adjacent pairs, English stems; `words` unstemmed. */
export interface AnalyzedText {
  terms: string[];
  words: string[];
}

const stems = new Map<string, string>();

/** Porter stem of a lower-case word, memoised (the same words come back all the time). */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = stemmer(word);
    if (stems.size < 200_000) stems.set(word, stemmed);
  }
  return stemmed;
}

/**
 * Turns text into the terms the retrieval index ranks with, the same way search tokens are
 * made: a CJK run gives every character and every adjacent pair (so 退款 and 款退 share the
 * characters but not the pair, and word order within a sentence does not matter), other words
 * are lower-cased and Porter-stemmed.
 *
 * @example analyzeText('退款 Refunds').terms // ['退', '款', '退款', 'refund']
 */
export function analyzeText(text: string, wordPairs = false, maxChars = 50_000): AnalyzedText {
  const { cjk, words } = textRuns(text.slice(0, maxChars));
  const terms: string[] = [];
  for (const run of cjk) {
    terms.push(...Array.from(run));
    terms.push(...bigrams(run));
  }
  const stemmed = words.map(stem);
  terms.push(...stemmed);
  if (wordPairs)
    for (let i = 1; i < stemmed.length; i++) terms.push(`${stemmed[i - 1]} ${stemmed[i]}`);
  return { terms, words };
}
