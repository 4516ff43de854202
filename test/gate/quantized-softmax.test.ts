import { describe, expect, it } from "vitest";
import { featuresOf } from "../../src/gate/features.ts";
import { QuantizedSoftmax } from "../../src/gate/quantized-softmax.ts";
import { SoftmaxRegression } from "../../src/gate/softmax-regression.ts";

const texts = [
  ["is bale safe", "bale privacy", "who reads bale messages", "بله امنه؟"],
  ["does signal work in iran", "signal proxy", "سیگنال کار میکنه؟"],
  ["weather tomorrow", "will it rain", "هوا فردا چطوره", "set a timer"],
];
const data = texts.flatMap((group, label) =>
  group.map((text) => ({ features: featuresOf(text), label, weight: 1 })),
);

describe("QuantizedSoftmax", () => {
  it("gives nearly the probabilities of the float model it was rounded from, in a quarter of the memory", () => {
    const model = SoftmaxRegression.train(data, 3);
    const quantized = QuantizedSoftmax.from(model);
    expect(quantized.weights.byteLength).toBeLessThan(model.weights.byteLength / 3.9);
    for (const text of ["is bale private", "signal in tehran", "rain tomorrow?", "سلام"]) {
      const exact = model.probabilitiesInto(featuresOf(text), new Float64Array(3));
      const rounded = quantized.probabilitiesInto(featuresOf(text), new Float64Array(3));
      for (let c = 0; c < 3; c++)
        expect(Math.abs((exact[c] ?? 0) - (rounded[c] ?? 0))).toBeLessThan(0.01);
    }
  });
});
