// Retrieval latency: p95 of RetrievalIndex.search over 10,000 help-center articles
// (`npm run bench:retrieval`). Articles are generated: English and Chinese, each with a title,
// five example questions and four body paragraphs drawn from a Zipf-distributed vocabulary, so
// common words have long postings as in real text. Queries are example questions with a word
// dropped, a typo or extra words, half English and half Chinese, and a few unrelated ones.
//
// Options: --articles [10000] --queries [2000]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { RetrievalIndex, type RetrievalDocument } from '@kefu/text';
import { machineInfo, positiveInt, resultsDir, writeJson } from './shared.ts';

const { values: flags } = parseArgs({
  options: { articles: { type: 'string' }, queries: { type: 'string' } },
});
const articleCount = positiveInt(flags.articles, 10_000, '--articles');
const queryCount = positiveInt(flags.queries, 2_000, '--queries');

/** Deterministic pseudo-random numbers (mulberry32), so every run indexes the same articles. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(42);
const letters = 'abcdefghijklmnopqrstuvwxyz';
const hanzi =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

function zipfPicker(size: number, make: (i: number) => string): () => string {
  const words = Array.from({ length: size }, (_, i) => make(i));
  return () => words[Math.floor(size * rand() ** 3)]!;
}
const englishWord = zipfPicker(20_000, (i) => {
  let w = '';
  let n = i + 7 * 26 * 26;
  while (n > 0) {
    w += letters[n % 26];
    n = Math.floor(n / 26);
  }
  return w;
});
const chineseChar = zipfPicker(hanzi.length, (i) => hanzi[i]!);

function englishText(words: number): string {
  return Array.from({ length: words }, englishWord).join(' ');
}
function chineseText(chars: number): string {
  return Array.from({ length: chars }, chineseChar).join('');
}

function makeArticle(i: number): RetrievalDocument {
  const chinese = i % 2 === 1;
  const text = chinese ? chineseText : englishText;
  const size = chinese ? 2 : 1;
  return {
    id: `article-${i}`,
    language: chinese ? 'zh-CN' : 'en',
    title: text(4 * size),
    questions: Array.from({ length: 5 }, () => text(7 * size)),
    body: Array.from({ length: 4 }, () => text(60 * size)).join('\n\n'),
  };
}

function makeQuery(articles: RetrievalDocument[], n: number): { text: string; language: string } {
  const article = articles[Math.floor(rand() * articles.length)]!;
  const question = article.questions[n % 5]!;
  if (article.language !== 'en')
    return { text: question.slice(1) + chineseText(3), language: 'zh-CN' };
  const words = question.split(' ');
  if (n % 10 === 0) return { text: englishText(6), language: 'en' };
  words.splice(Math.floor(rand() * words.length), 1);
  const typo = Math.floor(rand() * words.length);
  words[typo] = words[typo]!.slice(1);
  return { text: [...words, englishWord()].join(' '), language: 'en' };
}

async function main(): Promise<void> {
  const articles = Array.from({ length: articleCount }, (_, i) => makeArticle(i));
  const index = new RetrievalIndex();
  const indexStarted = performance.now();
  for (const article of articles) index.add(article);
  const indexMs = performance.now() - indexStarted;
  const queries = Array.from({ length: queryCount }, (_, n) => makeQuery(articles, n));
  for (const q of queries.slice(0, 200)) index.search(q.text, { language: q.language });
  const times: Record<string, number[]> = { all: [], en: [], 'zh-CN': [] };
  for (const q of queries) {
    const started = performance.now();
    index.search(q.text, { language: q.language, limit: 5 });
    const ms = performance.now() - started;
    times.all!.push(ms);
    times[q.language]!.push(ms);
  }
  const percentiles = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (p: number): number =>
      sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
  };
  const result = {
    articles: articleCount,
    queries: queryCount,
    indexSeconds: indexMs / 1000,
    heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    searchMs: percentiles(times.all!),
    englishMs: percentiles(times.en!),
    chineseMs: percentiles(times['zh-CN']!),
    machine: machineInfo(),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await writeJson(`${resultsDir}/retrieval.json`, result);
}

await main();
