// Compares forms of the confidence model (docs/QUALITY.md, "Confidence"): each is fitted on
// CLINC150's validation split, its threshold set to decline 60% of the out-of-scope validation
// queries, and shown on validation and test. The form used is chosen by validation only; test is
// printed to show how little 100 out-of-scope validation queries say about 1,000 test ones.
// Run: node --import tsx bench/eval-bot/compare-confidence.ts
import { RetrievalIndex } from '@kefu/text';
import { loadClinc } from './datasets.ts';
const clinc = loadClinc();
const index = new RetrievalIndex();
for (const a of clinc.articles) index.add(a);
const rows = (qs: typeof clinc.validation) =>
  qs.map((q) => {
    const hits = index.search(q.text, { language: 'en', limit: 2 });
    const s = hits[0]?.signals ?? { coverage: 0, margin: 0, probability: 0 };
    const p2 = hits[1]?.signals.probability ?? 0;
    return {
      s: { c: s.coverage, m: s.margin, p: s.probability ?? 0, pm: (s.probability ?? 0) - p2 },
      right: hits[0]?.id === q.expected,
      oos: q.expected === null,
    };
  });
const val = rows(clinc.validation),
  test = rows(clinc.test);
type R = (typeof val)[number];
const sets: Record<string, (r: R['s']) => number[]> = {
  cur: (s) => [1, s.c, s.c * s.m, s.p],
  cmp: (s) => [1, s.c, s.m, s.p],
  cp: (s) => [1, s.c, s.p],
  cpm: (s) => [1, s.c, s.c * s.m, s.p, s.pm],
  pOnly: (s) => [1, s.p],
  cpLead: (s) => [1, s.c, s.c * s.m, s.p, s.c * s.p],
};
function fit(rs: R[], f: (s: R['s']) => number[], balanced: boolean) {
  const X = rs.map((r) => ({ x: f(r.s), y: r.right ? 1 : 0 }));
  const n = X[0]!.x.length;
  const pos = X.filter((r) => r.y).length;
  const cw = balanced ? [X.length / (2 * (X.length - pos)), X.length / (2 * pos)] : [1, 1];
  let w = new Array(n).fill(0);
  for (let step = 0; step < 5000; step++) {
    const g = new Array(n).fill(0);
    for (const r of X) {
      const p = 1 / (1 + Math.exp(-r.x.reduce((a, v, i) => a + v * w[i], 0)));
      for (let i = 0; i < n; i++) g[i] += cw[r.y]! * (p - r.y) * r.x[i]!;
    }
    w = w.map((v, i) => v - (8 * g[i]) / X.length);
  }
  return (s: R['s']) => 1 / (1 + Math.exp(-f(s).reduce((a, v, i) => a + v * w[i], 0)));
}
function outcome(rs: R[], conf: (s: R['s']) => number, t: number) {
  let ins = 0,
    ok = 0,
    oos = 0,
    dec = 0;
  for (const r of rs) {
    const a = conf(r.s) >= t;
    if (r.oos) {
      oos++;
      if (!a) dec++;
    } else {
      ins++;
      if (a && r.right) ok++;
    }
  }
  return { acc: ok / ins, dec: dec / oos };
}
for (const [name, f] of Object.entries(sets))
  for (const bal of [true, false]) {
    const conf = fit(val, f, bal);
    let t = 0;
    for (let i = 0; i <= 1000; i++) {
      t = i / 1000;
      if (outcome(val, conf, t).dec >= 0.6) break;
    }
    const v = outcome(val, conf, t),
      te = outcome(test, conf, t);
    console.log(
      name,
      bal ? 'bal' : 'unb',
      't',
      t,
      'val acc',
      (v.acc * 100).toFixed(1),
      'dec',
      (v.dec * 100).toFixed(1),
      '| test acc',
      (te.acc * 100).toFixed(1),
      'dec',
      (te.dec * 100).toFixed(1),
    );
  }
