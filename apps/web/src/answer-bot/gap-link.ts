/** A group of questions the bot could not answer, as the knowledge-gaps API gives it. */
export interface KnowledgeGapGroup {
  question: string;
  count: number;
  examples: string[];
  locale: string | null;
  lastAskedAt: string;
}

/**
 * The article editor for a new article prefilled from a gap: the group's representative
 * question as the title, its questions as example questions, in its language.
 *
 * @example writeArticleLink({ question: 'gift wrap?', examples: [], locale: 'en', … })
 *   // '/app/knowledge/articles/new?title=gift+wrap%3F&question=gift+wrap%3F&locale=en'
 */
export function writeArticleLink(gap: Omit<KnowledgeGapGroup, 'count' | 'lastAskedAt'>): string {
  const questions = [...new Set([gap.question, ...gap.examples])];
  const query = new URLSearchParams([
    ['title', gap.question],
    ...questions.map((question) => ['question', question]),
    ...(gap.locale ? [['locale', gap.locale]] : []),
  ]);
  return `/app/knowledge/articles/new?${query.toString()}`;
}

/** The range of the last `days` days up to a minute from now, for the API's from and to. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  return {
    from: new Date(now.getTime() - days * 86_400_000).toISOString(),
    to: new Date(now.getTime() + 60_000).toISOString(),
  };
}
