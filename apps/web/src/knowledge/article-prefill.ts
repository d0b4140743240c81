import { articleLocales } from './knowledge-view.ts';

/** What a link may put into a new article: title, example questions and language. */
export interface ArticlePrefill {
  title: string;
  questions: string[];
  locale: string | null;
}

/**
 * Reads a new article's prefill from its URL: `title`, `question` (repeatable) or `questions`
 * (one per line), and `locale`; the answer bot's knowledge gaps link here. Other parameters
 * (such as `from`) are left to their readers.
 *
 * @example prefillOf('?title=Gift%20wrap&question=gift%20wrap%3F').questions // ['gift wrap?']
 */
export function prefillOf(search: string): ArticlePrefill {
  const query = new URLSearchParams(search);
  const lines = [
    ...query.getAll('question'),
    ...query.getAll('questions').flatMap((text) => text.split('\n')),
  ]
    .map((line) => line.trim())
    .filter(Boolean);
  const locale = query.get('locale');
  return {
    title: (query.get('title') ?? '').trim(),
    questions: [...new Set(lines)],
    locale: articleLocales.some((known) => known === locale) ? locale : null,
  };
}
