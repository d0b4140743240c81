import { stemmer } from 'stemmer';

/** Scripts written without spaces between words: indexed as character unigrams and bigrams. */
const cjkRun = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const wordRun = /[\p{L}\p{N}]+/gu;
/** Enough for any real message; keeps one huge message from bloating the index. */
const maxIndexedChars = 20_000;

/**
 * Splits text into runs of CJK characters and lower-cased other words (not stemmed), the raw
 * material of both the search tokens below and the retrieval index's terms.
 *
 * @example textRuns('我的订单 Refunds') // { cjk: ['我的订单'], words: ['refunds'] }
 */
export function textRuns(text: string): { cjk: string[]; words: string[] } {
  const cjk = text.match(cjkRun) ?? [];
  const words = (text.replace(cjkRun, ' ').match(wordRun) ?? []).map((w) => w.toLowerCase());
  return { cjk, words };
}

function splitRuns(text: string): { cjk: string[]; words: string[] } {
  const { cjk, words } = textRuns(text);
  return { cjk, words: words.map((w) => stemmer(w)) };
}

/** Every pair of adjacent characters of a CJK run. */
export function bigrams(run: string): string[] {
  const chars = Array.from(run);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Turns text into the space-separated tokens Kefu stores with `to_tsvector('simple', …)`.
 * Chinese, Japanese and Korean runs become every character and every pair of adjacent
 * characters, so a two-character word such as 物流 is found wherever it appears, without a
 * dictionary; other words are lower-cased and stemmed (Refunds → refund).
 *
 * @example indexTokens('我的订单物流 Refunds') // '我 的 订 单 物 流 我的 的订 订单 单物 物流 refund'
 */
export function indexTokens(text: string): string {
  const { cjk, words } = splitRuns(text.slice(0, maxIndexedChars));
  const tokens: string[] = [];
  for (const run of cjk) tokens.push(...Array.from(run));
  for (const run of cjk) tokens.push(...bigrams(run));
  tokens.push(...words);
  return tokens.join(' ');
}

/**
 * Turns a search box's text into tokens that must all match (`plainto_tsquery('simple', …)`).
 * A CJK run of two or more characters becomes its bigrams, so 退款 matches only text that has
 * 退款 and never 退货; a single character matches as itself.
 *
 * @example queryTokens('退款 refunds') // '退款 refund'
 */
export function queryTokens(text: string): string {
  const { cjk, words } = splitRuns(text.slice(0, 1000));
  const tokens: string[] = [];
  for (const run of cjk) {
    const pairs = bigrams(run);
    tokens.push(...(pairs.length > 0 ? pairs : [run]));
  }
  tokens.push(...words);
  return Array.from(new Set(tokens)).join(' ');
}
