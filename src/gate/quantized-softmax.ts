import type { Features } from "./features.ts";
import { type SoftmaxRegression, softmaxInPlace } from "./softmax-regression.ts";

/**
 * A trained {@link SoftmaxRegression} with its weights rounded to one byte each, on a scale per
 * class. Judging a question reads one table row per feature, at random: with four-byte weights
 * a row spans three cache lines and the 10 MB table misses the cache on nearly every row, which
 * was most of the gate's time; one-byte rows fit one line and the table a quarter of the memory.
 * The rounding moves each probability by far less than the thresholds' steps (see the test).
 */
export class QuantizedSoftmax {
  constructor(
    readonly classes: number,
    /** `rows × classes` weights, row-major; a weight is `weights[i] × scales[class]`. */
    readonly weights: Int8Array,
    readonly scales: Float32Array,
    readonly bias: Float32Array,
  ) {
    if (weights.length % classes !== 0 || scales.length !== classes || bias.length !== classes)
      throw new Error(`weights, scales and biases do not match ${classes} classes`);
  }

  static from(model: SoftmaxRegression): QuantizedSoftmax {
    const { classes, rows, weights } = model;
    const scales = new Float32Array(classes);
    for (let i = 0; i < rows * classes; i++) {
      const c = i % classes;
      scales[c] = Math.max(scales[c] as number, Math.abs(weights[i] as number));
    }
    for (let c = 0; c < classes; c++) scales[c] = ((scales[c] as number) || 1) / 127;
    const quantized = new Int8Array(rows * classes);
    for (let i = 0; i < rows * classes; i++)
      quantized[i] = Math.round((weights[i] as number) / (scales[i % classes] as number));
    const bias = weights.slice(rows * classes);
    return new QuantizedSoftmax(classes, quantized, scales, bias);
  }

  /** The probability of each class for `features`, written into `out` (length `classes`). */
  probabilitiesInto(features: Features, out: Float64Array): Float64Array {
    const { classes, weights: w } = this;
    out.fill(0);
    const { rows, values } = features;
    for (let k = 0; k < rows.length; k++) {
      const base = (rows[k] as number) * classes;
      const value = values[k] as number;
      for (let c = 0; c < classes; c++)
        out[c] = (out[c] as number) + value * (w[base + c] as number);
    }
    for (let c = 0; c < classes; c++)
      out[c] = (out[c] as number) * (this.scales[c] as number) + (this.bias[c] as number);
    return softmaxInPlace(out, classes);
  }
}
