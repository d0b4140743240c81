// Fits the confidence weights of packages/text/src/retrieval/confidence.ts: class-balanced
// logistic regression, on CLINC150's validation split only, of "the top article is the right
// one" on coverage, lead (coverage × margin) and, with the question classifier, its probability.
// Two fits: BM25 alone (knowledge bases too large for the classifier) and BM25 + classifier.
// Run: node --import tsx bench/eval-bot/fit-confidence.ts
import { RetrievalIndex } from '@kefu/text';
import { loadClinc } from './datasets.ts';

const clinc = loadClinc();

function fit(classifierWeight: number, withProbability: boolean): number[] {
  const index = new RetrievalIndex({ classifierWeight });
  for (const article of clinc.articles) index.add(article);
  const rows = clinc.validation.map((query) => {
    const [top] = index.search(query.text, { language: 'en', limit: 2 });
    const s = top?.signals ?? { coverage: 0, margin: 0 };
    const x = [1, s.coverage, s.coverage * s.margin];
    if (withProbability) x.push(s.probability ?? 0);
    return { x, y: top && top.id === query.expected ? 1 : 0 };
  });
  const size = rows[0]!.x.length;
  const positives = rows.filter((r) => r.y === 1).length;
  const classWeight = [
    rows.length / (2 * (rows.length - positives)),
    rows.length / (2 * positives),
  ];
  let w = new Array<number>(size).fill(0);
  for (let step = 0; step < 20_000; step++) {
    const gradient = new Array<number>(size).fill(0);
    for (const r of rows) {
      const p = 1 / (1 + Math.exp(-r.x.reduce((sum, v, i) => sum + v * w[i]!, 0)));
      for (let i = 0; i < size; i++) gradient[i]! += classWeight[r.y]! * (p - r.y) * r.x[i]!;
    }
    w = w.map((v, i) => v - (8 * gradient[i]!) / rows.length);
  }
  return w;
}

const names = ['intercept', 'coverage', 'lead', 'probability'];
const show = (w: number[]): string => w.map((v, i) => `${names[i]} ${v.toFixed(2)}`).join(' ');
process.stdout.write(`BM25 alone:        ${show(fit(0, false))}\n`);
process.stdout.write(`BM25 + classifier: ${show(fit(1, true))}\n`);
