import { FEATURE_BITS, type Features } from "./features.ts";

/** One training question: its features, its class, and how much it counts. */
export interface LabelledFeatures {
  features: Features;
  label: number;
  weight: number;
}

export interface TrainingOptions {
  epochs: number;
  /** Adagrad's base step. */
  learningRate: number;
  /** L2 penalty on the weights a question touches (lazy: untouched rows are not decayed). */
  l2: number;
  /** Seeds the shuffle: the same data and seed give the same weights, bit for bit. */
  seed: number;
}

/**
 * Gradients smaller than this are skipped: after the first epoch most classes are near zero for
 * most questions, so this is most of the training time saved, for a change in the weights the
 * calibration does not see.
 */
const SKIP = 1e-3;

export const DEFAULT_TRAINING: TrainingOptions = {
  epochs: 6,
  learningRate: 0.4,
  l2: 1e-6,
  seed: 20261207,
};

/**
 * Multinomial logistic regression over hashed features: one weight per (table row, class),
 * stored row-major so a feature's weights for every class are adjacent. Trained with Adagrad,
 * which gives rare features (a word one topic uses) larger steps than common ones, the usual
 * choice for sparse text.
 */
export class SoftmaxRegression {
  readonly rows = 1 << FEATURE_BITS;

  constructor(
    readonly classes: number,
    /** `rows × classes` weights, then `classes` biases. */
    readonly weights: Float32Array = new Float32Array(((1 << FEATURE_BITS) + 1) * classes),
  ) {
    if (weights.length !== (this.rows + 1) * classes)
      throw new Error(`expected ${(this.rows + 1) * classes} weights, got ${weights.length}`);
  }

  static train(
    data: readonly LabelledFeatures[],
    classes: number,
    options: TrainingOptions = DEFAULT_TRAINING,
  ): SoftmaxRegression {
    const model = new SoftmaxRegression(classes);
    const w = model.weights;
    const squares = new Float32Array(w.length);
    const bias = model.rows * classes;
    const probabilities = new Float64Array(classes);
    const order = Array.from(data.keys());
    const random = mulberry32(options.seed);
    const { learningRate: rate, l2 } = options;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffle(order, random);
      for (const i of order) {
        const example = data[i];
        if (!example) continue;
        const { rows, values } = example.features;
        model.probabilitiesInto(example.features, probabilities);
        for (let c = 0; c < classes; c++) {
          const g = ((probabilities[c] as number) - (c === example.label ? 1 : 0)) * example.weight;
          if (g > -SKIP && g < SKIP) continue;
          for (let k = 0; k < rows.length; k++) {
            const at = (rows[k] as number) * classes + c;
            const grad = g * (values[k] as number) + l2 * (w[at] as number);
            squares[at] = (squares[at] as number) + grad * grad;
            w[at] = (w[at] as number) - (rate * grad) / Math.sqrt((squares[at] as number) + 1e-8);
          }
          const at = bias + c;
          squares[at] = (squares[at] as number) + g * g;
          w[at] = (w[at] as number) - (rate * g) / Math.sqrt((squares[at] as number) + 1e-8);
        }
      }
    }
    return model;
  }

  /** The probability of each class for `features`, written into `out` (length `classes`). */
  probabilitiesInto(features: Features, out: Float64Array): Float64Array {
    const { classes, weights: w } = this;
    const bias = this.rows * classes;
    for (let c = 0; c < classes; c++) out[c] = w[bias + c] as number;
    const { rows, values } = features;
    for (let k = 0; k < rows.length; k++) {
      const base = (rows[k] as number) * classes;
      const value = values[k] ?? 0;
      for (let c = 0; c < classes; c++)
        out[c] = (out[c] as number) + value * (w[base + c] as number);
    }
    return softmaxInPlace(out, classes);
  }
}

/** Turns the first `classes` scores in `out` into probabilities (shifted by the largest, so exp never overflows). */
export function softmaxInPlace(out: Float64Array, classes: number): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, out[c] as number);
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    out[c] = Math.exp((out[c] as number) - max);
    sum += out[c] as number;
  }
  for (let c = 0; c < classes; c++) out[c] = (out[c] as number) / sum;
  return out;
}

/** A small, well-known seeded generator: deterministic training needs nothing stronger. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = swap;
  }
}
