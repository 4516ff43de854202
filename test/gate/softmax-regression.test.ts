import { describe, expect, it } from "vitest";
import { featuresOf } from "../../src/gate/features.ts";
import { DEFAULT_TRAINING, SoftmaxRegression } from "../../src/gate/softmax-regression.ts";

const data = [
  ...["is bale safe", "bale privacy", "who reads bale messages", "bale encryption"].map((t) => ({
    text: t,
    label: 0,
  })),
  ...["weather tomorrow", "will it rain", "weather in tehran", "is it sunny today"].map((t) => ({
    text: t,
    label: 1,
  })),
].map(({ text, label }) => ({ features: featuresOf(text), label, weight: 1 }));

describe("SoftmaxRegression", () => {
  it("learns which class a question belongs to, with probabilities that add up to one", () => {
    const model = SoftmaxRegression.train(data, 2);
    const p = model.probabilitiesInto(featuresOf("is bale private"), new Float64Array(2));
    expect(p[0]).toBeGreaterThan(0.5);
    expect((p[0] ?? 0) + (p[1] ?? 0)).toBeCloseTo(1, 10);
    const q = model.probabilitiesInto(featuresOf("rain in tehran tomorrow"), new Float64Array(2));
    expect(q[1]).toBeGreaterThan(0.5);
  });

  it("is deterministic: the same data and seed give the same weights, bit for bit", () => {
    const a = SoftmaxRegression.train(data, 2);
    const b = SoftmaxRegression.train(data, 2);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    const c = SoftmaxRegression.train(data, 2, { ...DEFAULT_TRAINING, seed: 1 });
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(c.weights.buffer))).toBe(false);
  });

  it("refuses weights of the wrong size", () => {
    expect(() => new SoftmaxRegression(3, new Float32Array(10))).toThrow(/expected/);
  });
});
