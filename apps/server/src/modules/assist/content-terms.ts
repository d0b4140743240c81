import { analyzeText } from '@kefu/text';

/** English function words: sharing only these says nothing about what was asked. */
const functionWords = new Set(
  (
    'a an the and or but if then so of to in on at by for with from about as into over ' +
    'i me my mine we us our you your yours he him his she her it its they them their ' +
    'is am are was were be been being do does did done have has had can could will would ' +
    'shall should may might must not no yes hi hello hey dear thanks thank please ok okay ' +
    'what when where which who whom why how this that these those there here s t ' +
    "just also still very too any some all get got i'm it's don't can't"
  ).split(' '),
);
/** Chinese pairs that greet or frame a request ("你好，可以帮我…") rather than say what it is about. */
const chineseFramePairs = new Set(
  '你好 您好 请问 谢谢 可以 帮我 我把 请帮 我想 想要 需要 一下 什么 怎么 如何 我的 我们 你们 这个 那个 是否 能否'.split(
    ' ',
  ),
);
const chineseFrame = new RegExp([...chineseFramePairs].join('|'), 'g');
const functionStems = new Set([...functionWords].map((word) => analyzeText(word).terms[0] ?? word));

/**
 * The text without English function words and Chinese request framing, as a search query: in
 * a small knowledge base "how do I" is rare enough to outweigh the one word that matters
 * ("How do I reset my password?" would answer "How do I get a refund?").
 *
 * @example searchableQuestion('Hi! How do I get a refund?') // 'refund?'
 */
export function searchableQuestion(text: string): string {
  return text
    .replace(/[A-Za-z][A-Za-z']*/g, (word) => (functionWords.has(word.toLowerCase()) ? ' ' : word))
    .replace(chineseFrame, ' ')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/^[\s\p{P}]+|\s+$/gu, '');
}

/**
 * The terms of a text that carry meaning: English stems that are not function words, and
 * Chinese (Japanese, Korean) two-character pairs other than request framing; single CJK
 * characters match far too much.
 *
 * @example contentTerms('Where is my refund?') // Set { 'refund' }
 */
export function contentTerms(text: string): Set<string> {
  const { terms } = analyzeText(text);
  return new Set(
    terms.filter((term) =>
      /^[a-z0-9]/.test(term)
        ? !functionStems.has(term) && term.length > 1
        : term.length > 1 && !chineseFramePairs.has(term),
    ),
  );
}

/** Whether two texts share a term that carries meaning. */
export function sharesContent(question: Set<string>, text: string): boolean {
  for (const term of contentTerms(text)) if (question.has(term)) return true;
  return false;
}

/** Keeps the hits scoring at least `share` of the best one: weak tails are noise to an agent. */
export function nearTheBest<T extends { score: number }>(hits: T[], share = 0.3): T[] {
  const best = hits[0]?.score ?? 0;
  return hits.filter((hit) => hit.score >= best * share);
}
