import type { AssistArticle } from '@kefu/contracts';

/**
 * What inserting a suggested article puts into the reply: the passage and a link to the
 * public help center; an internal (or audience-restricted) article has no public page, so
 * only its text goes in and no link the customer could not open.
 *
 * @example articleInsertion({ title: 'Refunds', passage: 'Refunds take 5 days.', url: 'https://x/help/a' })
 * // 'Refunds take 5 days.\n\nRefunds: https://x/help/a'
 */
export function articleInsertion(article: Pick<AssistArticle, 'title' | 'passage' | 'url'>) {
  const passage = article.passage.trim();
  if (!article.url) return passage;
  return passage
    ? `${passage}\n\n${article.title}: ${article.url}`
    : `${article.title}: ${article.url}`;
}

/**
 * Puts `insert` into the composer text at the caret, on its own paragraph when the caret is
 * in the middle of other text; returns the new text and caret.
 *
 * @example insertBlock('Hi,', 3, 'Text') // { text: 'Hi,\n\nText', caret: 9 }
 */
export function insertBlock(text: string, caret: number, insert: string) {
  const before = text.slice(0, caret);
  const after = text.slice(caret);
  const lead =
    before.trim() === ''
      ? ''
      : before.endsWith('\n\n')
        ? ''
        : before.endsWith('\n')
          ? '\n'
          : '\n\n';
  const tail = after.trim() === '' ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const head = before.trim() === '' ? '' : before;
  const next = `${head}${lead}${insert}${tail}${after.trim() === '' ? '' : after}`;
  return { text: next, caret: head.length + lead.length + insert.length };
}
