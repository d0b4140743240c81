/** Field numbers of an article's units. */
export const fieldIndex = { title: 0, question: 1, questions: 2, passage: 3 } as const;
export type FieldName = keyof typeof fieldIndex;
export const fieldNames: FieldName[] = ['title', 'question', 'questions', 'passage'];
const fieldCount = fieldNames.length;
const questionField = fieldIndex.question;
const passageField = fieldIndex.passage;

/**
 * Per-article accumulators for one search, in typed arrays reused between searches (a search
 * over 10,000 articles touches tens of thousands of units; objects per hit made the garbage
 * collector the biggest cost). An epoch number marks which slots the current search touched.
 */
export class DocumentScores {
  private epoch = 0;
  private seen = new Int32Array(0);
  private fieldBest = new Float64Array(0);
  private questionTop = new Float64Array(0);
  private mask = new Int32Array(0);
  private passage = new Int32Array(0);
  private passageScore = new Float64Array(0);
  readonly touched: number[] = [];

  constructor(private readonly topQuestions: number) {}

  /** Starts a search over `slots` article slots. */
  reset(slots: number): void {
    if (this.seen.length < slots) {
      const size = Math.max(slots, this.seen.length * 2, 64);
      this.seen = new Int32Array(size);
      this.fieldBest = new Float64Array(size * fieldCount);
      this.questionTop = new Float64Array(size * this.topQuestions);
      this.mask = new Int32Array(size);
      this.passage = new Int32Array(size);
      this.passageScore = new Float64Array(size);
      this.epoch = 0;
    }
    this.epoch++;
    this.touched.length = 0;
  }

  /** Records one unit's score for its article. */
  addUnit(slot: number, field: number, score: number, mask: number, passage: number): void {
    if (this.seen[slot] !== this.epoch) {
      this.seen[slot] = this.epoch;
      this.fieldBest.fill(0, slot * fieldCount, slot * fieldCount + fieldCount);
      this.questionTop.fill(0, slot * this.topQuestions, (slot + 1) * this.topQuestions);
      this.mask[slot] = 0;
      this.passage[slot] = -1;
      this.passageScore[slot] = 0;
      this.touched.push(slot);
    }
    this.mask[slot] = this.mask[slot]! | mask;
    const at = slot * fieldCount + field;
    if (score > this.fieldBest[at]!) this.fieldBest[at] = score;
    if (field === questionField) this.keepTopQuestion(slot, score);
    if (field === passageField && score > this.passageScore[slot]!) {
      this.passageScore[slot] = score;
      this.passage[slot] = passage;
    }
  }

  /** The article's score: each field's best unit (questions: the best few) times its weight. */
  scoreOf(slot: number, weights: number[], questionWeights: number[]): number {
    let score = 0;
    for (let f = 0; f < fieldCount; f++) {
      if (f === questionField) {
        for (let i = 0; i < this.topQuestions; i++)
          score +=
            weights[f]! * questionWeights[i]! * this.questionTop[slot * this.topQuestions + i]!;
      } else score += weights[f]! * this.fieldBest[slot * fieldCount + f]!;
    }
    return score;
  }

  maskOf(slot: number): number {
    return this.mask[slot]!;
  }

  /** The best-matching passage's number, or -1 when no passage matched. */
  passageOf(slot: number): number {
    return this.passage[slot]!;
  }

  private keepTopQuestion(slot: number, score: number): void {
    const base = slot * this.topQuestions;
    const last = base + this.topQuestions - 1;
    if (score <= this.questionTop[last]!) return;
    let i = last;
    while (i > base && this.questionTop[i - 1]! < score) {
      this.questionTop[i] = this.questionTop[i - 1]!;
      i--;
    }
    this.questionTop[i] = score;
  }
}
