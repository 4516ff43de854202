import { wordsOf } from "../text/words.ts";

/**
 * A question as the gate sees it: hashed word 1–2-grams and character 2–5-grams of its
 * normalized words, each feature counted once, the vector scaled to unit length so a long
 * message weighs no more than a short one.
 *
 * Hashing (a fixed table, no vocabulary) keeps the model one flat array whatever the words,
 * so a maintainer's new example never needs a new dimension; collisions cost a little
 * accuracy, which the calibration measures.
 */
export interface Features {
  /** Table rows, each at most once. */
  rows: Int32Array;
  /** The value of each row, in the same order. */
  values: Float32Array;
}

/** log2 of the hashed table's rows: 65,536 rows keep the model near 10 MB with 40 classes. */
export const FEATURE_BITS = 16;
const MASK = (1 << FEATURE_BITS) - 1;
const MIN_GRAM = 2;
const MAX_GRAM = 5;
/**
 * How much whole words count against their letters. A word has one unigram but a dozen
 * character grams; without this the letters would drown out which words were used. Set by
 * hand, not tuned: the thresholds were calibrated with it in place (docs/routing.md).
 */
const WORD_WEIGHT = 3;

// Each kind of feature hashes from its own seed, so the word "vpn" and the gram "vpn" differ.
const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x9e3779b9;
const GRAM_SEED = 0x85ebca6b;

/** The features of `text`, in arrays of its own (training keeps every question's). */
export function featuresOf(text: string): Features {
  const { rows, values } = shared.extract(wordsOf(text));
  return { rows: rows.slice(), values: values.slice() };
}

/**
 * Extracts features into buffers it reuses, so judging a question allocates almost nothing:
 * the result is valid until the next call. Rows already seen in this question are marked with
 * the call's number in a table as large as the feature table, instead of a Map per question.
 */
export class FeatureExtractor {
  private readonly seen = new Uint32Array(1 << FEATURE_BITS);
  private call = 0;
  private rows = new Int32Array(256);
  private values = new Float32Array(256);
  private size = 0;

  extract(words: readonly string[]): Features {
    this.call++;
    if (this.call === 0xffffffff) {
      this.seen.fill(0);
      this.call = 1;
    }
    this.size = 0;
    words.forEach((word, i) => {
      this.add(hash(word, WORD_SEED), WORD_WEIGHT);
      const next = words[i + 1];
      if (next !== undefined) this.add(hash(`${word} ${next}`, BIGRAM_SEED), WORD_WEIGHT);
      const marked = `^${word}$`;
      // FNV-1a extends one character at a time, so each start's 2- to 5-grams share one pass.
      for (let start = 0; start + MIN_GRAM <= marked.length; start++) {
        let h = GRAM_SEED;
        for (let n = 1; n <= MAX_GRAM && start + n <= marked.length; n++) {
          h = Math.imul(h ^ marked.charCodeAt(start + n - 1), FNV_PRIME);
          if (n >= MIN_GRAM) this.add(fold(h), 1);
        }
      }
    });
    let norm = 0;
    for (let i = 0; i < this.size; i++) norm += (this.values[i] as number) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < this.size; i++) this.values[i] = (this.values[i] as number) * scale;
    return { rows: this.rows.subarray(0, this.size), values: this.values.subarray(0, this.size) };
  }

  private add(row: number, weight: number): void {
    if (this.seen[row] === this.call) return;
    this.seen[row] = this.call;
    if (this.size === this.rows.length) {
      const rows = new Int32Array(this.size * 2);
      rows.set(this.rows);
      this.rows = rows;
      const values = new Float32Array(this.size * 2);
      values.set(this.values);
      this.values = values;
    }
    this.rows[this.size] = row;
    this.values[this.size] = weight;
    this.size++;
  }
}

const shared = new FeatureExtractor();

const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, from `seed`, folded into the table. */
function hash(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return fold(h);
}

function fold(h: number): number {
  return (h ^ (h >>> 16)) & MASK;
}
