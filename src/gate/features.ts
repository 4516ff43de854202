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
 * character grams; without this the letters would drown out which words were used. Chosen on
 * the paraphrase sets, CLINC val and MASSIVE dev (docs/routing.md).
 */
const WORD_WEIGHT = 3;

// Each kind of feature hashes from its own seed, so the word "vpn" and the gram "vpn" differ.
const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x9e3779b9;
const GRAM_SEED = 0x85ebca6b;

export function featuresOf(text: string): Features {
  const weights = new Map<number, number>();
  const add = (row: number, weight: number) => {
    if (!weights.has(row)) weights.set(row, weight);
  };
  const words = wordsOf(text);
  words.forEach((word, i) => {
    add(hash(word, WORD_SEED), WORD_WEIGHT);
    const next = words[i + 1];
    if (next !== undefined) add(hash(`${word} ${next}`, BIGRAM_SEED), WORD_WEIGHT);
    const marked = `^${word}$`;
    // FNV-1a extends one character at a time, so each start's 2- to 5-grams share one pass.
    for (let start = 0; start + MIN_GRAM <= marked.length; start++) {
      let h = GRAM_SEED;
      for (let n = 1; n <= MAX_GRAM && start + n <= marked.length; n++) {
        h = Math.imul(h ^ marked.charCodeAt(start + n - 1), FNV_PRIME);
        if (n >= MIN_GRAM) add(fold(h), 1);
      }
    }
  });
  let norm = 0;
  for (const weight of weights.values()) norm += weight * weight;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const rows = new Int32Array(weights.size);
  const values = new Float32Array(weights.size);
  let i = 0;
  for (const [row, weight] of weights) {
    rows[i] = row;
    values[i] = weight * scale;
    i++;
  }
  return { rows, values };
}

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
