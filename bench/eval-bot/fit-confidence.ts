// Fits the confidence weights of packages/text/src/retrieval/confidence.ts: class-balanced
// logistic regression, on CLINC150's validation split only, of "the top article is the right
// one" on coverage and lead (coverage × margin). Run: node --import tsx bench/eval-bot/fit-confidence.ts
import { RetrievalIndex } from '@kefu/text';
import { loadClinc } from './datasets.ts';

const clinc = loadClinc();
const index = new RetrievalIndex();
for (const article of clinc.articles) index.add(article);
const rows = clinc.validation.map((query) => {
  const [top] = index.search(query.text, { language: 'en', limit: 2 });
  const s = top?.signals ?? { coverage: 0, margin: 0 };
  return { x: [1, s.coverage, s.coverage * s.margin], y: top && top.id === query.expected ? 1 : 0 };
});
const positives = rows.filter((r) => r.y === 1).length;
const classWeight = [rows.length / (2 * (rows.length - positives)), rows.length / (2 * positives)];
let w = [0, 0, 0];
for (let step = 0; step < 20_000; step++) {
  const gradient = [0, 0, 0];
  for (const r of rows) {
    const p = 1 / (1 + Math.exp(-r.x.reduce((sum, v, i) => sum + v * w[i]!, 0)));
    for (let i = 0; i < 3; i++) gradient[i]! += classWeight[r.y]! * (p - r.y) * r.x[i]!;
  }
  w = w.map((v, i) => v - (8 * gradient[i]!) / rows.length);
}
process.stdout.write(
  `intercept ${w[0]!.toFixed(2)} coverage ${w[1]!.toFixed(2)} lead ${w[2]!.toFixed(2)}\n`,
);
