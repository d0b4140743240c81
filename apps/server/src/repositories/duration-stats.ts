/**
 * Count, mean, median and p90 of durations that a report statement sends packed
 * (`unpackDurations`): PostgreSQL gathers and sends the values, Node selects the percentiles.
 * Sorting every duration of a 90-day range in PostgreSQL was most of a report's time at a
 * million conversations (docs/PERFORMANCE.md, analytics); a selection here is linear. The
 * results equal PostgreSQL's `round(avg(x))` and
 * `percentile_cont(array[0.5, 0.9]) within group (order by x)` exactly.
 */

/**
 * The values of packed durations, one text per key: each value as 4 bytes (`int4send`) when it
 * is below 2^31 - 1, else the marker -1 and 8 bytes (`int8send`), concatenated and sent as
 * base64 text (`encode(string_agg(…), 'base64')`; null or empty when none). That is a fifth of
 * the size of a bigint[]'s text, or of its `array_send` bytes in hex, which Node decodes about
 * four times slower than base64. Every key's values land in one array (`all`, for a total) and
 * each key's `parts` entry is a view of its own stretch of it.
 */
export function unpackDurations(texts: readonly (string | null | undefined)[]): {
  parts: Float64Array[];
  all: Float64Array;
} {
  // Base64 holds at most 3 bytes per 4 characters (PostgreSQL's line breaks make it fewer),
  // and a value takes at least 4 bytes.
  const bound = texts.reduce((n, text) => n + (text ? Math.ceil((text.length * 3) / 16) : 0), 0);
  const all = new Float64Array(bound);
  let count = 0;
  const parts = texts.map((text) => {
    const start = count;
    if (text) {
      const bytes = scratchOf(Math.ceil((text.length * 3) / 4));
      // Node's base64 decoder skips the line breaks.
      const length = bytes.write(text, 'base64');
      const view = new DataView(bytes.buffer, bytes.byteOffset, length);
      for (let offset = 0; offset + 4 <= length;) {
        const short = view.getInt32(offset);
        if (short !== -1) {
          all[count++] = short;
          offset += 4;
        } else {
          // Two halves instead of a BigInt: exact below 2^53 ms (285,000 years).
          all[count++] = view.getInt32(offset + 4) * 4_294_967_296 + view.getUint32(offset + 8);
          offset += 12;
        }
      }
    }
    return all.subarray(start, count);
  });
  return { parts, all: all.subarray(0, count) };
}

/** Decoding space reused across reports (up to 16 MB kept), so a report allocates no more. */
let scratch = Buffer.alloc(0);
function scratchOf(size: number): Buffer {
  if (size <= scratch.length) return scratch;
  const fresh = Buffer.allocUnsafe(size);
  if (size <= 16 * 1024 * 1024) scratch = fresh;
  return fresh;
}

export interface DurationAggregate {
  count: number;
  mean: number | null;
  /** [median, p90], as percentile_cont interpolates them; null without values. */
  pct: [number, number] | null;
}

/** The statistics of `values`, which it reorders in place. */
export function durationAggregate(values: Float64Array): DurationAggregate {
  const n = values.length;
  if (n === 0) return { count: 0, mean: null, pct: null };
  return {
    count: n,
    mean: roundedMean(values),
    pct: [percentile(values, 0.5), percentile(values, 0.9)],
  };
}

/** round(avg(x)) of integers: the exact mean, halves rounded away from zero. */
function roundedMean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  if (!Number.isSafeInteger(sum)) {
    let exact = 0n;
    for (const value of values) exact += BigInt(value);
    return halfAwayFromZero(exact, BigInt(values.length));
  }
  return halfAwayFromZero(BigInt(sum), BigInt(values.length));
}

function halfAwayFromZero(sum: bigint, n: bigint): number {
  const magnitude = (2n * (sum < 0n ? -sum : sum) + n) / (2n * n);
  return Number(sum < 0n ? -magnitude : magnitude);
}

/** percentile_cont(p): the value at p·(n − 1) between the two nearest, as PostgreSQL lerps. */
function percentile(values: Float64Array, p: number): number {
  const position = p * (values.length - 1);
  const lower = Math.floor(position);
  const low = select(values, lower);
  if (position === lower) return low;
  // After selecting `lower`, everything above it is at or after it: the next value is their min.
  let high = Infinity;
  for (let i = lower + 1; i < values.length; i += 1) if (values[i]! < high) high = values[i]!;
  return low + (position - lower) * (high - low);
}

/** The k-th smallest value (0-based), partitioning `values` in place around it (Hoare). */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}
