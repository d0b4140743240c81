/**
 * Typo tolerance for English query words: a deletion index over the indexed words (each word
 * and every form of it with one character removed), so a query word finds the known words
 * within two edits by looking up its own one-deletion forms (SymSpell's idea), then checking
 * the true distance.
 */
export class TypoIndex {
  private readonly counts = new Map<string, number>();
  private readonly byDeletion = new Map<string, Set<string>>();

  /** Counts one more occurrence of a word (lower-case, unstemmed). */
  addWord(word: string): void {
    const count = this.counts.get(word) ?? 0;
    this.counts.set(word, count + 1);
    if (count > 0 || !isCorrectable(word)) return;
    for (const key of deletionKeys(word)) {
      let words = this.byDeletion.get(key);
      if (!words) this.byDeletion.set(key, (words = new Set()));
      words.add(word);
    }
  }

  /** Counts one occurrence less; the word leaves the index with its last occurrence. */
  removeWord(word: string): void {
    const count = this.counts.get(word);
    if (count === undefined) return;
    if (count > 1) {
      this.counts.set(word, count - 1);
      return;
    }
    this.counts.delete(word);
    if (!isCorrectable(word)) return;
    for (const key of deletionKeys(word)) {
      const words = this.byDeletion.get(key);
      words?.delete(word);
      if (words?.size === 0) this.byDeletion.delete(key);
    }
  }

  has(word: string): boolean {
    return this.counts.has(word);
  }

  /**
   * The known word closest to an unknown one: one edit for words of 4–7 letters, two from 8
   * letters on; ties go to the more frequent word. Undefined when nothing is close enough.
   *
   * @example index.correct('refnud') // 'refund' when 'refund' was indexed
   */
  correct(word: string): { word: string; distance: number } | undefined {
    if (!isCorrectable(word)) return undefined;
    const maxDistance = word.length >= 8 ? 2 : 1;
    let best: { word: string; distance: number; count: number } | undefined;
    const seen = new Set<string>();
    for (const key of deletionKeys(word)) {
      for (const candidate of this.byDeletion.get(key) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        const distance = editDistance(word, candidate, maxDistance);
        if (distance > maxDistance) continue;
        const count = this.counts.get(candidate) ?? 0;
        if (!best || distance < best.distance || (distance === best.distance && count > best.count))
          best = { word: candidate, distance, count };
      }
    }
    return best && { word: best.word, distance: best.distance };
  }
}

/** Short words and words with digits are left alone: "ups" is not a typo of "up". */
function isCorrectable(word: string): boolean {
  return word.length >= 4 && word.length <= 30 && /^\p{L}+$/u.test(word);
}

/** The word itself and every string made by deleting one of its characters. */
function deletionKeys(word: string): Set<string> {
  const keys = new Set([word]);
  for (let i = 0; i < word.length; i++) keys.add(word.slice(0, i) + word.slice(i + 1));
  return keys;
}

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of two
 * adjacent characters), stopping early once it must exceed `limit`.
 *
 * @example editDistance('recieve', 'receive', 2) // 1
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, previous2[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}
