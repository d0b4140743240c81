// Loads the evaluation sets from ../shared/data (read in place, never copied into the repo).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RetrievalDocument } from '@kefu/text';

export const dataDir =
  process.env.KEFU_DATA_DIR ?? path.resolve(import.meta.dirname, '../../../shared/data');

/** A query with the article that answers it, or `null` when no article should answer. */
export interface LabelledQuery {
  text: string;
  expected: string | null;
}

export interface EvalSet {
  articles: RetrievalDocument[];
  queries: LabelledQuery[];
}

interface CovidRow {
  query_type: 'faq' | 'user_query';
  question: string;
  answer: string;
}

/** The follow-up prompts ("[[Would you like to know …?]]") are chat buttons, not answer text. */
function cleanCovidAnswer(answer: string): string {
  return answer
    .replace(/\[\[[^\]]*\]\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * COVID-FAQ: each distinct answer is an article (its FAQ questions as title and example
 * questions), each user query is labelled with the article of its answer.
 */
export function loadCovidFaq(): EvalSet {
  const rows = JSON.parse(
    readFileSync(path.join(dataDir, 'en-faq-covidfaq/query_answer_pairs.json'), 'utf8'),
  ) as CovidRow[];
  const byAnswer = new Map<string, RetrievalDocument>();
  for (const row of rows.filter((r) => r.query_type === 'faq')) {
    const existing = byAnswer.get(row.answer);
    if (existing) existing.questions.push(row.question.trim());
    else
      byAnswer.set(row.answer, {
        id: `covid-${byAnswer.size + 1}`,
        language: 'en',
        title: row.question.trim(),
        body: cleanCovidAnswer(row.answer),
        questions: [row.question.trim()],
      });
  }
  const queries = rows
    .filter((r) => r.query_type === 'user_query')
    .map((r) => ({ text: r.question, expected: byAnswer.get(r.answer)?.id ?? null }));
  return { articles: [...byAnswer.values()], queries };
}

type ClincSplit = Array<[string, string]>;
interface ClincFile {
  train: ClincSplit;
  val: ClincSplit;
  test: ClincSplit;
  oos_val: ClincSplit;
  oos_test: ClincSplit;
}

/** CLINC150 (data_full.json): each intent an article with its training queries as questions. */
export function loadClinc(): {
  articles: RetrievalDocument[];
  validation: LabelledQuery[];
  test: LabelledQuery[];
} {
  const data = JSON.parse(
    readFileSync(path.join(dataDir, 'clinc150/data_full.json'), 'utf8'),
  ) as ClincFile;
  const questions = new Map<string, string[]>();
  for (const [text, intent] of data.train) {
    const list = questions.get(intent) ?? [];
    list.push(text);
    questions.set(intent, list);
  }
  const articles = [...questions.entries()].map(([intent, list]) => ({
    id: intent,
    language: 'en',
    title: intent.replace(/_/g, ' '),
    body: '',
    questions: list,
  }));
  const label = (split: ClincSplit): LabelledQuery[] =>
    split.map(([text, intent]) => ({ text, expected: intent === 'oos' ? null : intent }));
  return {
    articles,
    validation: [...label(data.val), ...label(data.oos_val)],
    test: [...label(data.test), ...label(data.oos_test)],
  };
}

/**
 * SMP2017-ECDT task 1 (Chinese): each intent but `chat` an article with its training queries as
 * questions; the develop split is the test, its small-talk (`chat`) queries should be declined.
 */
export function loadSmp2017(): {
  articles: RetrievalDocument[];
  train: LabelledQuery[];
  test: LabelledQuery[];
} {
  const read = (file: string): Array<[string, string]> =>
    readFileSync(path.join(dataDir, 'zh-intent-smp2017-ecdt', file), 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => line.includes('\t'))
      .map((line) => {
        const [label, ...text] = line.split('\t');
        return [label!.trim(), text.join(' ').trim()];
      });
  const train = read('train.tsv');
  const questions = new Map<string, string[]>();
  for (const [label, text] of train) {
    if (label === 'chat') continue;
    questions.set(label, [...(questions.get(label) ?? []), text]);
  }
  const articles = [...questions.entries()].map(([label, list]) => ({
    id: label,
    language: 'zh-CN',
    title: '',
    body: '',
    questions: list,
  }));
  const label = (rows: Array<[string, string]>): LabelledQuery[] =>
    rows.map(([intent, text]) => ({ text, expected: intent === 'chat' ? null : intent }));
  return { articles, train: label(train), test: label(read('develop.tsv')) };
}
