import { describe, expect, it } from "vitest";
import { FEATURE_BITS, featuresOf } from "../../src/gate/features.ts";

const asMap = (text: string) => {
  const { rows, values } = featuresOf(text);
  return new Map([...rows].map((row, i) => [row, values[i]]));
};

describe("featuresOf", () => {
  it("gives the same features to the same question however it is spelled (Arabic yeh, case, punctuation)", () => {
    expect(asMap("يک سوال؟")).toEqual(asMap("یک سوال"));
    expect(asMap("Is BALE safe?!")).toEqual(asMap("is bale safe"));
  });

  it("scales every question to unit length, so a long message weighs no more than a short one", () => {
    for (const text of ["hi", "is bale safe", "word ".repeat(500)]) {
      const { values } = featuresOf(text);
      const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
      expect(norm).toBeCloseTo(1, 5);
    }
  });

  it("lists each row once, inside the table, and nothing for an empty message", () => {
    const { rows } = featuresOf("vpn vpn vpn filtershekan فیلترشکن");
    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].every((row) => row >= 0 && row < 1 << FEATURE_BITS)).toBe(true);
    expect(featuresOf("  ?! ").rows.length).toBe(0);
  });

  it("bounds the work on a huge message (it reads the head and tail, as the router does)", () => {
    expect(featuresOf("x".repeat(1_000_000)).rows.length).toBeLessThan(2_000);
  });
});
