import { analyzeText, stem } from './analyze.ts';
import { confidenceOf, type ConfidenceSignals } from './confidence.ts';
import { shortenPassage, splitPassages } from './passages.ts';
import { TypoIndex } from './typos.ts';
import {
  type ClassifierExample,
  type ClassifierOptions,
  type QuestionClassifier,
  classifierFor,
  defaultClassifierOptions,
} from './classifier.ts';
import { DocumentScores, type FieldName, fieldIndex, fieldNames } from './document-scores.ts';

/** An article as the index sees it. */
export interface RetrievalDocument {
  id: string;
  /** BCP 47 tag; searches match on the primary language (zh-CN finds zh). */
  language: string;
  title: string;
  body: string;
  /** Example questions customers ask that this article answers. */
  questions: string[];
}

/** One hit: `confidence` (0..1) is what the answer bot compares with its threshold. */
export interface RetrievalResult {
  id: string;
  score: number;
  confidence: number;
  /** The body passage that matched best (else the first), cut to a quotable length. */
  passage: string;
  signals: ConfidenceSignals;
}

export interface SearchOptions {
  language?: string;
  limit?: number;
}

/** Ranking parameters; the defaults were chosen on CLINC150's validation split. */
export interface RetrievalTuning {
  k1: number;
  /** Length normalisation per field. */
  b: Record<FieldName, number>;
  /** Each field's best unit is weighted and the fields are added up. */
  weight: Record<FieldName, number>;
  /** Weight of a query word replaced by a known word one or two edits away. */
  typoWeight: [number, number];
  /** The question field is the best questions' scores times these weights (nearest neighbours). */
  questionTop: number[];
  /** Adjacent English words also count as one term ("credit limit"). */
  wordPairs: boolean;
  /**
   * Weight of the question classifier's probability added to the BM25 score relative to the
   * best article's (score / best score + classifierWeight × probability); 0 turns it off.
   */
  classifierWeight: number;
  /**
   * The classifier is trained only while examples × articles stays within this (its training
   * time grows with both); larger knowledge bases are ranked by BM25 alone.
   */
  classifierBudget: number;
  classifier: ClassifierOptions;
}

export const defaultTuning: RetrievalTuning = {
  k1: 1.2,
  b: { title: 0.5, question: 0.5, questions: 0.3, passage: 0.75 },
  weight: { title: 1, question: 1, questions: 1, passage: 0.6 },
  typoWeight: [0.8, 0.6],
  questionTop: [1, 0.5, 0.25],
  wordPairs: true,
  classifierWeight: 1,
  classifierBudget: 3_000_000,
  classifier: defaultClassifierOptions,
};

interface StoredDocument {
  id: string;
  language: string;
  passages: string[];
  units: number[];
  terms: Set<string>;
  words: string[];
}

/** A query term with its weight and its bit in the coverage masks (first 31 terms). */
interface QueryTerm {
  term: string;
  weight: number;
  idf: number;
  bit: number;
}

const maxQueryTerms = 31;
/** BM25's idf of a term in about 87% of the articles. */
const minIdf = 0.14;

/**
 * An in-memory BM25 index over help-center articles. Each article is several units: its
 * title, each example question, all its questions together, and each body passage; an article
 * scores the sum over fields of its best unit's BM25 score, with term rarity counted per
 * article. Unknown English words are matched to known words one or two edits away.
 *
 * @example
 * const index = new RetrievalIndex();
 * index.add({ id: 'a1', language: 'en', title: 'Refunds', body: 'Refunds take 5 days.', questions: ['Where is my refund?'] });
 * index.search('when do I get my refnud')[0]?.id // 'a1'
 */
export class RetrievalIndex {
  private readonly tuning: RetrievalTuning;
  private readonly documents = new Map<string, number>();
  private readonly slots: Array<StoredDocument | undefined> = [];
  private readonly freeSlots: number[] = [];
  private unitDoc: number[] = [];
  private unitField: number[] = [];
  private unitLength: number[] = [];
  private unitPassage: number[] = [];
  private scratchScore = new Float64Array(0);
  private scratchMask = new Int32Array(0);
  private readonly postings = new Map<string, number[]>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly fieldLength = { title: 0, question: 0, questions: 0, passage: 0 };
  private readonly fieldUnits = { title: 0, question: 0, questions: 0, passage: 0 };
  private readonly typos = new TypoIndex();
  private readonly scores: DocumentScores;
  private deadUnits = 0;
  private liveUnits = 0;
  /** The question classifier and each slot's class in it; `undefined` until trained. */
  private model: { classifier: QuestionClassifier; classOf: Int32Array } | null | undefined;
  private readonly examples = new Map<number, string[]>();
  private readonly languageCount = new Map<string, number>();

  constructor(tuning: Partial<RetrievalTuning> = {}) {
    this.tuning = { ...defaultTuning, ...tuning };
    this.scores = new DocumentScores(this.tuning.questionTop.length);
  }

  get size(): number {
    return this.documents.size;
  }

  /** Adds an article, replacing any earlier version with the same id. */
  add(doc: RetrievalDocument): void {
    this.remove(doc.id);
    const slot = this.freeSlots.pop() ?? this.slots.length;
    const stored: StoredDocument = {
      id: doc.id,
      language: primaryLanguage(doc.language),
      passages: splitPassages(doc.body),
      units: [],
      terms: new Set(),
      words: [],
    };
    this.slots[slot] = stored;
    this.documents.set(doc.id, slot);
    this.languageCount.set(stored.language, (this.languageCount.get(stored.language) ?? 0) + 1);
    this.examples.set(
      slot,
      [doc.title, ...doc.questions].filter((text) => text.trim() !== ''),
    );
    this.model = undefined;
    this.addUnit(slot, 'title', doc.title, -1);
    for (const question of doc.questions) this.addUnit(slot, 'question', question, -1);
    if (doc.questions.length > 0) this.addUnit(slot, 'questions', doc.questions.join('\n'), -1);
    stored.passages.forEach((passage, i) => this.addUnit(slot, 'passage', passage, i));
    for (const term of stored.terms)
      this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
  }

  /** Removes an article; unknown ids are ignored. */
  remove(id: string): void {
    const slot = this.documents.get(id);
    if (slot === undefined) return;
    const stored = this.slots[slot]!;
    for (const unit of stored.units) {
      const field = fieldNames[this.unitField[unit]!]!;
      this.fieldLength[field] -= this.unitLength[unit]!;
      this.fieldUnits[field] -= 1;
      this.unitDoc[unit] = -1;
    }
    this.deadUnits += stored.units.length;
    this.liveUnits -= stored.units.length;
    for (const term of stored.terms) {
      const df = (this.documentFrequency.get(term) ?? 1) - 1;
      if (df > 0) this.documentFrequency.set(term, df);
      else this.documentFrequency.delete(term);
    }
    for (const word of stored.words) this.typos.removeWord(word);
    this.documents.delete(id);
    this.languageCount.set(stored.language, (this.languageCount.get(stored.language) ?? 1) - 1);
    this.examples.delete(slot);
    this.model = undefined;
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
    if (this.deadUnits > 1000 && this.deadUnits > this.liveUnits) this.compactPostings();
  }

  /** The best articles for a query, best first; an empty query finds nothing. */
  search(query: string, opts: SearchOptions = {}): RetrievalResult[] {
    const language = opts.language === undefined ? undefined : primaryLanguage(opts.language);
    const terms = this.queryTerms(query, language);
    if (terms.length === 0) return [];
    const totalWeight = terms.reduce((sum, t) => sum + t.weight * t.idf, 0);
    const ranked = this.rerank(this.rank(terms, language), query);
    const limit = Math.max(1, Math.min(opts.limit ?? 5, 100));
    const maskWeight = (mask: number): number =>
      terms.reduce((sum, t) => (mask & t.bit ? sum + t.weight * t.idf : sum), 0);
    return ranked.slice(0, limit).map((hit, rank) => {
      const other = rank === 0 ? (ranked[1]?.score ?? 0) : ranked[0]!.score;
      const signals: ConfidenceSignals = {
        coverage: maskWeight(hit.mask) / totalWeight,
        margin: Math.max(0, (hit.score - other) / hit.score),
        ...(hit.probability === undefined ? {} : { probability: hit.probability }),
      };
      const stored = this.slots[hit.slot]!;
      const passage = stored.passages[hit.passage >= 0 ? hit.passage : 0] ?? '';
      return {
        id: stored.id,
        score: hit.score,
        confidence: confidenceOf(signals),
        passage: shortenPassage(passage),
        signals,
      };
    });
  }

  /**
   * Adds the question classifier's probability to each article's BM25 score (as a share of the
   * best article's score) and sorts again; unchanged when there is no classifier.
   */
  private rerank(hits: DocumentHit[], query: string): DocumentHit[] {
    const model = this.trainedModel();
    if (!model || hits.length === 0) return hits;
    const probabilities = model.classifier.probabilities(query);
    const best = hits[0]!.score;
    const weight = this.tuning.classifierWeight;
    return hits
      .map((hit) => {
        const probability = probabilities[model.classOf[hit.slot]!] ?? 0;
        return { ...hit, score: hit.score / best + weight * probability, probability };
      })
      .sort((x, y) => y.score - x.score);
  }

  /** Trains the classifier on the articles' titles and example questions after a change. */
  private trainedModel(): { classifier: QuestionClassifier; classOf: Int32Array } | null {
    if (this.model !== undefined) return this.model;
    const classOf = new Int32Array(this.slots.length).fill(-1);
    const examples: ClassifierExample[] = [];
    let classes = 0;
    for (const [slot, texts] of this.examples) {
      classOf[slot] = classes;
      for (const text of texts) examples.push({ text, label: classes });
      classes++;
    }
    const tooBig = examples.length * classes > this.tuning.classifierBudget;
    this.model =
      this.tuning.classifierWeight === 0 || classes < 2 || tooBig
        ? null
        : { classifier: classifierFor(classes, examples, this.tuning.classifier), classOf };
    return this.model;
  }

  private addUnit(slot: number, field: FieldName, text: string, passage: number): void {
    const { terms, words } = analyzeText(text, this.tuning.wordPairs);
    const stored = this.slots[slot]!;
    if (field !== 'questions') {
      for (const word of words) {
        this.typos.addWord(word);
        stored.words.push(word);
      }
    }
    // Unit numbers are never reused: postings of removed units stay until the next compaction.
    const unit = this.unitDoc.length;
    this.unitDoc.push(slot);
    this.unitField.push(fieldIndex[field]);
    this.unitLength.push(terms.length);
    this.unitPassage.push(passage);
    stored.units.push(unit);
    this.fieldLength[field] += terms.length;
    this.fieldUnits[field] += 1;
    this.liveUnits += 1;
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      stored.terms.add(term);
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = []));
      list.push(unit, tf);
    }
  }

  /** Drops postings of removed units once they outnumber the live ones. */
  private compactPostings(): void {
    for (const [term, list] of this.postings) {
      const kept: number[] = [];
      for (let i = 0; i < list.length; i += 2) {
        if (this.unitDoc[list[i]!]! >= 0) kept.push(list[i]!, list[i + 1]!);
      }
      if (kept.length > 0) this.postings.set(term, kept);
      else this.postings.delete(term);
    }
    this.deadUnits = 0;
  }

  /**
   * The query's terms with their idf. Rarity is counted among the articles of the language
   * asked for (a character in nearly every Chinese article is common, however many English
   * articles the workspace also has), so such terms are skipped as in a one-language index.
   */
  private queryTerms(query: string, language: string | undefined): QueryTerm[] {
    const { terms, words } = analyzeText(query, this.tuning.wordPairs, 2000);
    const n =
      language === undefined ? this.documents.size : (this.languageCount.get(language) ?? 0);
    // At least 0: a term can be in more articles than the language has (English words in Chinese).
    const idf = (df: number): number => Math.max(0, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    const weights = new Map<string, number>();
    const add = (term: string, weight: number): void => {
      weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    };
    const wordStems = new Set(words.map(stem));
    for (const term of terms) if (!wordStems.has(term)) add(term, 1);
    for (const word of words) {
      const stemmed = stem(word);
      if (this.documentFrequency.has(stemmed) || this.typos.has(word)) {
        add(stemmed, 1);
        continue;
      }
      const corrected = this.typos.correct(word);
      if (corrected) add(stem(corrected.word), this.tuning.typoWeight[corrected.distance - 1] ?? 0);
      else add(stemmed, 1);
    }
    return [...weights.entries()].slice(0, maxQueryTerms).map(([term, weight], i) => ({
      term,
      weight,
      idf: idf(this.documentFrequency.get(term) ?? 0),
      bit: 1 << i,
    }));
  }

  /**
   * Scores every unit holding a query term (BM25 with per-field length normalisation), keeps
   * each article's best units, and returns the articles in the language asked for, best first.
   */
  private rank(terms: QueryTerm[], language: string | undefined): DocumentHit[] {
    const { k1, b, weight, questionTop } = this.tuning;
    const fixed: number[] = [];
    const perLength: number[] = [];
    for (const field of fieldNames) {
      const average = this.fieldLength[field] / Math.max(1, this.fieldUnits[field]) || 1;
      fixed.push(k1 * (1 - b[field]));
      perLength.push((k1 * b[field]) / average);
    }
    if (this.scratchScore.length < this.unitDoc.length) {
      this.scratchScore = new Float64Array(this.unitDoc.length * 2);
      this.scratchMask = new Int32Array(this.unitDoc.length * 2);
    }
    const score = this.scratchScore;
    const masks = this.scratchMask;
    const touched: number[] = [];
    for (const term of terms) {
      const list = this.postings.get(term.term);
      // Terms in nearly every article (idf < minIdf) change no ranking but cost the most.
      if (!list || term.idf < minIdf) continue;
      const termWeight = term.weight * term.idf * (k1 + 1);
      for (let i = 0; i < list.length; i += 2) {
        const unit = list[i]!;
        if (this.unitDoc[unit]! < 0) continue;
        const tf = list[i + 1]!;
        const field = this.unitField[unit]!;
        const value =
          (termWeight * tf) / (tf + fixed[field]! + perLength[field]! * this.unitLength[unit]!);
        if (masks[unit] === 0) touched.push(unit);
        score[unit] = score[unit]! + value;
        masks[unit] = masks[unit]! | term.bit;
      }
    }
    const documents = this.scores;
    documents.reset(this.slots.length);
    for (const unit of touched) {
      const slot = this.unitDoc[unit]!;
      if (language === undefined || this.slots[slot]!.language === language)
        documents.addUnit(
          slot,
          this.unitField[unit]!,
          score[unit]!,
          masks[unit]!,
          this.unitPassage[unit]!,
        );
      score[unit] = 0;
      masks[unit] = 0;
    }
    const fieldWeights = fieldNames.map((f) => weight[f]);
    return documents.touched
      .map((slot) => ({
        slot,
        score: documents.scoreOf(slot, fieldWeights, questionTop),
        mask: documents.maskOf(slot),
        passage: documents.passageOf(slot),
      }))
      .sort((x, y) => y.score - x.score);
  }
}

interface DocumentHit {
  slot: number;
  score: number;
  mask: number;
  passage: number;
  /** The question classifier's probability for the article, when there is a classifier. */
  probability?: number;
}

function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? '';
}
