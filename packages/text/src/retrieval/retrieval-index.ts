import { analyzeText, stem } from './analyze.ts';
import { confidenceOf, type ConfidenceSignals } from './confidence.ts';
import { shortenPassage, splitPassages } from './passages.ts';
import { TypoIndex } from './typos.ts';
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
}

export const defaultTuning: RetrievalTuning = {
  k1: 1.2,
  b: { title: 0.5, question: 0.5, questions: 0.3, passage: 0.75 },
  weight: { title: 1, question: 1, questions: 1, passage: 0.6 },
  typoWeight: [0.8, 0.6],
  questionTop: [1, 0.5, 0.25],
  wordPairs: true,
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
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
    if (this.deadUnits > 1000 && this.deadUnits > this.liveUnits) this.compactPostings();
  }

  /** The best articles for a query, best first; an empty query finds nothing. */
  search(query: string, opts: SearchOptions = {}): RetrievalResult[] {
    const terms = this.queryTerms(query);
    if (terms.length === 0) return [];
    const totalWeight = terms.reduce((sum, t) => sum + t.weight * t.idf, 0);
    const language = opts.language === undefined ? undefined : primaryLanguage(opts.language);
    const ranked = this.rank(terms, language);
    const limit = Math.max(1, Math.min(opts.limit ?? 5, 100));
    const maskWeight = (mask: number): number =>
      terms.reduce((sum, t) => (mask & t.bit ? sum + t.weight * t.idf : sum), 0);
    return ranked.slice(0, limit).map((hit, rank) => {
      const other = rank === 0 ? (ranked[1]?.score ?? 0) : ranked[0]!.score;
      const signals: ConfidenceSignals = {
        coverage: maskWeight(hit.mask) / totalWeight,
        margin: Math.max(0, (hit.score - other) / hit.score),
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

  private queryTerms(query: string): QueryTerm[] {
    const { terms, words } = analyzeText(query, this.tuning.wordPairs, 2000);
    const n = this.documents.size;
    const idf = (df: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));
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
}

function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? '';
}
