import { analyzeText, stem } from './analyze.ts';
import { confidenceOf, type ConfidenceSignals } from './confidence.ts';
import { shortenPassage, splitPassages } from './passages.ts';
import { TypoIndex } from './typos.ts';

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
}

type FieldName = 'title' | 'question' | 'questions' | 'passage';
const fields: FieldName[] = ['title', 'question', 'questions', 'passage'];

export const defaultTuning: RetrievalTuning = {
  k1: 1.2,
  b: { title: 0.5, question: 0.5, questions: 0.3, passage: 0.75 },
  weight: { title: 1, question: 1, questions: 0.5, passage: 0.6 },
  typoWeight: [0.8, 0.6],
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
  private unitField: FieldName[] = [];
  private unitLength: number[] = [];
  private unitPassage: number[] = [];
  private scratchScore = new Float64Array(0);
  private scratchMask = new Int32Array(0);
  private readonly postings = new Map<string, number[]>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly fieldLength = { title: 0, question: 0, questions: 0, passage: 0 };
  private readonly fieldUnits = { title: 0, question: 0, questions: 0, passage: 0 };
  private readonly typos = new TypoIndex();
  private deadUnits = 0;
  private liveUnits = 0;

  constructor(tuning: Partial<RetrievalTuning> = {}) {
    this.tuning = { ...defaultTuning, ...tuning };
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
      const field = this.unitField[unit]!;
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
    const touched = this.scoreUnits(terms);
    const language = opts.language === undefined ? undefined : primaryLanguage(opts.language);
    const perDocument = this.bestUnitsPerDocument(touched, language);
    const ranked = [...perDocument.entries()].sort((a, b) => b[1].score - a[1].score);
    const limit = Math.max(1, Math.min(opts.limit ?? 5, 100));
    const maskWeight = (mask: number): number =>
      terms.reduce((sum, t) => (mask & t.bit ? sum + t.weight * t.idf : sum), 0);
    return ranked.slice(0, limit).map(([slot, hit], rank) => {
      const other = rank === 0 ? (ranked[1]?.[1].score ?? 0) : ranked[0]![1].score;
      const signals: ConfidenceSignals = {
        coverage: maskWeight(hit.mask) / totalWeight,
        unitCoverage: maskWeight(hit.bestUnitMask) / totalWeight,
        margin: Math.max(0, (hit.score - other) / hit.score),
      };
      const stored = this.slots[slot]!;
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
    const { terms, words } = analyzeText(text);
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
    this.unitField.push(field);
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
    const { terms, words } = analyzeText(query, 2000);
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

  /** Adds up each unit's BM25 score in the scratch arrays; returns the units touched. */
  private scoreUnits(terms: QueryTerm[]): number[] {
    const { k1, b } = this.tuning;
    if (this.scratchScore.length < this.unitDoc.length) {
      this.scratchScore = new Float64Array(this.unitDoc.length * 2);
      this.scratchMask = new Int32Array(this.unitDoc.length * 2);
    }
    const score = this.scratchScore;
    const masks = this.scratchMask;
    const touched: number[] = [];
    const averageLength = Object.fromEntries(
      fields.map((f) => [f, this.fieldLength[f] / Math.max(1, this.fieldUnits[f])]),
    ) as Record<FieldName, number>;
    for (const term of terms) {
      const list = this.postings.get(term.term);
      if (!list) continue;
      const termWeight = term.weight * term.idf;
      for (let i = 0; i < list.length; i += 2) {
        const unit = list[i]!;
        if (this.unitDoc[unit]! < 0) continue;
        const tf = list[i + 1]!;
        const field = this.unitField[unit]!;
        const norm =
          1 - b[field] + (b[field] * this.unitLength[unit]!) / (averageLength[field] || 1);
        const value = (termWeight * tf * (k1 + 1)) / (tf + k1 * norm);
        if (masks[unit] === 0) touched.push(unit);
        score[unit] = score[unit]! + value;
        masks[unit] = masks[unit]! | term.bit;
      }
    }
    return touched;
  }

  /** Each article's best unit per field, from the scratch arrays (which it clears). */
  private bestUnitsPerDocument(
    touched: number[],
    language: string | undefined,
  ): Map<number, DocumentHit> {
    const { weight } = this.tuning;
    const hits = new Map<number, DocumentHit>();
    for (const unit of touched) {
      const raw = this.scratchScore[unit]!;
      const mask = this.scratchMask[unit]!;
      this.scratchScore[unit] = 0;
      this.scratchMask[unit] = 0;
      const slot = this.unitDoc[unit]!;
      if (language !== undefined && this.slots[slot]!.language !== language) continue;
      let hit = hits.get(slot);
      if (!hit) {
        hit = {
          score: 0,
          mask: 0,
          bestUnitMask: 0,
          bestUnitScore: 0,
          passage: -1,
          passageScore: 0,
        };
        hit.fieldBest = { title: 0, question: 0, questions: 0, passage: 0 };
        hits.set(slot, hit);
      }
      const field = this.unitField[unit]!;
      hit.mask |= mask;
      if (raw > hit.fieldBest![field]) hit.fieldBest![field] = raw;
      if (field !== 'questions' && raw > hit.bestUnitScore) {
        hit.bestUnitScore = raw;
        hit.bestUnitMask = mask;
      }
      if (field === 'passage' && raw > hit.passageScore) {
        hit.passageScore = raw;
        hit.passage = this.unitPassage[unit]!;
      }
    }
    for (const hit of hits.values()) {
      hit.score = fields.reduce((sum, f) => sum + weight[f] * hit.fieldBest![f], 0);
      delete hit.fieldBest;
    }
    return hits;
  }
}

interface DocumentHit {
  score: number;
  mask: number;
  bestUnitMask: number;
  bestUnitScore: number;
  passage: number;
  passageScore: number;
  fieldBest?: Record<FieldName, number>;
}

function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? '';
}
