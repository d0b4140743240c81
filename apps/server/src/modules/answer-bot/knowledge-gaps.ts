import { analyzeText } from '@kefu/text';

export interface UnansweredQuestion {
  question: string;
  locale: string | null;
  createdAt: Date;
}

export interface QuestionGroup {
  /** The group's most representative question: the one asked first among the most similar. */
  question: string;
  locale: string | null;
  count: number;
  examples: string[];
  lastAskedAt: Date;
}

/** Two questions belong together when their shared terms weigh this much of the lighter one. */
const minSimilarity = 0.5;
const maxExamples = 5;

function termsOf(question: string): Set<string> {
  return new Set(analyzeText(question).terms.filter((t) => !t.includes(' ')));
}

/**
 * Term weights from the batch itself (idf over the questions): words most questions use
 * ("how", "do", 我) weigh little, so "how do I pay" and "how do I return" stay apart.
 */
function termWeights(termSets: Array<Set<string>>): Map<string, number> {
  const df = new Map<string, number>();
  for (const terms of termSets) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  const n = termSets.length;
  return new Map([...df].map(([t, count]) => [t, Math.log(1 + n / count)]));
}

function similarity(a: Set<string>, b: Set<string>, weights: Map<string, number>): number {
  const weigh = (terms: Iterable<string>) => {
    let sum = 0;
    for (const t of terms) sum += weights.get(t) ?? 0;
    return sum;
  };
  const lighter = Math.min(weigh(a), weigh(b));
  if (lighter === 0) return 0;
  return weigh([...a].filter((t) => b.has(t))) / lighter;
}

/**
 * Groups questions the bot could not answer by similarity (greedy, newest first: each question
 * joins the first group whose first question shares enough of its weighted retrieval terms, so
 * 怎么退款 and 退款怎么办 meet, else starts a group), biggest groups first.
 *
 * @example groupQuestions([{ question: 'gift wrap?', … }, { question: 'do you gift wrap', … }]) // one group of 2
 */
export function groupQuestions(questions: UnansweredQuestion[]): QuestionGroup[] {
  const groups: Array<QuestionGroup & { terms: Set<string> }> = [];
  const termSets = questions.map((q) => termsOf(q.question));
  const weights = termWeights(termSets);
  questions.forEach((item, i) => {
    const terms = termSets[i]!;
    const group = groups.find(
      (g) => g.locale === item.locale && similarity(g.terms, terms, weights) >= minSimilarity,
    );
    if (!group) {
      groups.push({
        question: item.question,
        locale: item.locale,
        count: 1,
        examples: [item.question],
        lastAskedAt: item.createdAt,
        terms,
      });
      return;
    }
    group.count++;
    if (group.examples.length < maxExamples && !group.examples.includes(item.question))
      group.examples.push(item.question);
    if (item.createdAt > group.lastAskedAt) group.lastAskedAt = item.createdAt;
  });
  return groups
    .sort((a, b) => b.count - a.count || b.lastAskedAt.getTime() - a.lastAskedAt.getTime())
    .map(({ terms: _terms, ...group }) => group);
}
