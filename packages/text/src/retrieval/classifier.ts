import { analyzeText } from './analyze.ts';

/** One training example: an article's example question (or title) and the article's class. */
export interface ClassifierExample {
  text: string;
  label: number;
}

export interface ClassifierOptions {
  /** Passes over the examples (stochastic gradient descent)… */
  epochs: number;
  /** …but at least this many example steps, so a small knowledge base is trained enough. */
  minSteps: number;
  /** Learning rate of the first pass; each later pass uses `decay` times the previous rate. */
  rate: number;
  decay: number;
  /** Hashed feature buckets at most; fewer when there are many classes (`maxWeights`). */
  buckets: number;
  /** Weight matrix size (buckets × classes) at most: 5,000,000 float32 weights are 20 MB. */
  maxWeights: number;
  /** Character n-gram lengths of words, from and to. */
  charGrams: [number, number];
}

export const defaultClassifierOptions: ClassifierOptions = {
  epochs: 3,
  minSteps: 3000,
  rate: 0.5,
  decay: 0.7,
  buckets: 1 << 15,
  maxWeights: 5_000_000,
  charGrams: [3, 3],
};

/**
 * The features of a text: the retrieval terms (stems, adjacent stem pairs, CJK characters and
 * pairs) and the character n-grams (3-grams by default) of each word with its boundaries
 * (`^refund$` gives `^re`, `ref`, …), which carry misspellings and word forms the stemmer misses.
 *
 * @example classifierFeatures('Refunds').includes('#^ref') // true
 */
export function classifierFeatures(text: string, charGrams: [number, number] = [3, 3]): string[] {
  const { terms, words } = analyzeText(text, true, 2000);
  const features = new Set(terms);
  for (const word of words) {
    const padded = `^${word}$`;
    for (let n = charGrams[0]; n <= charGrams[1]; n++)
      for (let i = 0; i + n <= padded.length; i++) features.add(`#${padded.slice(i, i + n)}`);
  }
  return [...features];
}

/** Classifiers trained lately, by their training data: a rebuilt index reuses its model. */
const trained = new Map<string, QuestionClassifier>();
const maxTrained = 8;

/**
 * A classifier for these examples, reused when the same examples (in the same order, with the
 * same options) were trained lately: the server rebuilds a workspace's index every minute, and
 * retraining an unchanged knowledge base would be wasted work.
 */
export function classifierFor(
  classes: number,
  examples: ClassifierExample[],
  options: ClassifierOptions = defaultClassifierOptions,
): QuestionClassifier {
  const key = trainingKey(classes, examples, options);
  const cached = trained.get(key);
  if (cached) {
    trained.delete(key);
    trained.set(key, cached);
    return cached;
  }
  const classifier = new QuestionClassifier(classes, examples, options);
  trained.set(key, classifier);
  if (trained.size > maxTrained) trained.delete(trained.keys().next().value!);
  return classifier;
}

/** Two independent 32-bit FNV-1a hashes of everything training depends on, and its size. */
function trainingKey(
  classes: number,
  examples: ClassifierExample[],
  options: ClassifierOptions,
): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01234567;
  let length = 0;
  const feed = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
    }
    length += text.length + 1;
  };
  feed(JSON.stringify(options));
  for (const example of examples) feed(`${example.label}\u0000${example.text}\u0001`);
  return `${classes}:${examples.length}:${length}:${h1 >>> 0}:${h2 >>> 0}`;
}

/** FNV-1a hash of a feature into one of `buckets` buckets. */
function bucketOf(feature: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}

/** Deterministic pseudo-random numbers (mulberry32): the same articles train the same model. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A multinomial logistic regression (softmax) over hashed word and character n-gram features,
 * trained on one knowledge base's example questions: each article is a class. It learns which
 * words tell the articles apart (a word in many questions of one article and none of the others
 * gets a large weight), which BM25's per-term rarity cannot. Trained in memory from the
 * workspace's own articles; nothing is downloaded.
 *
 * @example
 * const model = new QuestionClassifier(2, [{ text: 'where is my refund', label: 0 }, { text: 'reset password', label: 1 }]);
 * model.probabilities('refund please')[0] // > 0.5
 */
export class QuestionClassifier {
  readonly classes: number;
  private readonly buckets: number;
  private readonly weights: Float32Array;
  private readonly bias: Float64Array;
  private readonly charGrams: [number, number];

  constructor(
    classes: number,
    examples: ClassifierExample[],
    options: ClassifierOptions = defaultClassifierOptions,
  ) {
    this.classes = classes;
    this.charGrams = options.charGrams;
    this.buckets = Math.max(1, Math.min(options.buckets, Math.floor(options.maxWeights / classes)));
    this.weights = new Float32Array(this.buckets * classes);
    this.bias = new Float64Array(classes);
    const encoded = examples.map((e) => ({ label: e.label, features: this.encode(e.text) }));
    const next = random(7);
    const logits = new Float64Array(classes);
    const active = new Int32Array(classes);
    const change = new Float64Array(classes);
    let rate = options.rate;
    const epochs = Math.max(
      options.epochs,
      Math.min(100, Math.ceil(options.minSteps / Math.max(1, encoded.length))),
    );
    // A knowledge base too small for `epochs` passes decays its rate over the passes it needs.
    const decay = options.decay ** (options.epochs / epochs);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = encoded.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [encoded[i], encoded[j]] = [encoded[j]!, encoded[i]!];
      }
      for (const example of encoded) {
        if (example.features.length === 0) continue;
        this.softmax(example.features, logits);
        logits[example.label] = logits[example.label]! - 1;
        const step = rate / Math.sqrt(example.features.length);
        // Classes the example gives almost no probability to barely move: skipping them is
        // most of the training time saved, at no measurable loss.
        let count = 0;
        for (let c = 0; c < classes; c++) {
          const gradient = logits[c]!;
          if (gradient > -1e-4 && gradient < 1e-4) continue;
          active[count] = c;
          change[count++] = step * gradient;
          this.bias[c] = this.bias[c]! - 0.1 * rate * gradient;
        }
        for (const bucket of example.features) {
          const base = bucket * classes;
          for (let k = 0; k < count; k++)
            this.weights[base + active[k]!] = this.weights[base + active[k]!]! - change[k]!;
        }
      }
      rate *= decay;
    }
  }

  /** Each class's probability for the text (all equal when no feature is known). */
  probabilities(text: string): Float64Array {
    const out = new Float64Array(this.classes);
    this.softmax(this.encode(text), out);
    return out;
  }

  private encode(text: string): number[] {
    return [
      ...new Set(classifierFeatures(text, this.charGrams).map((f) => bucketOf(f, this.buckets))),
    ];
  }

  /** Writes the class probabilities of the encoded features into `out`. */
  private softmax(features: number[], out: Float64Array): void {
    const classes = this.classes;
    out.set(this.bias);
    const scale = 1 / Math.sqrt(Math.max(1, features.length));
    for (const bucket of features) {
      const base = bucket * classes;
      for (let c = 0; c < classes; c++) out[c] = out[c]! + this.weights[base + c]! * scale;
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (out[c]! > max) max = out[c]!;
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      out[c] = Math.exp(out[c]! - max);
      sum += out[c]!;
    }
    for (let c = 0; c < classes; c++) out[c] = out[c]! / sum;
  }
}
