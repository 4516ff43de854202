import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// `npm run bench` prints a table and writes bench/results.json; the committed file is what runs
// are compared against, so it must hold every figure the table shows, with the machine and date.
const results = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "..", "bench", "results.json"), "utf8"),
);

describe("bench/results.json", () => {
  it("says when and on what machine the figures were measured", () => {
    expect(results.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(results.machine).toMatchObject({
      cpu: expect.any(String),
      cores: expect.any(Number),
      node: expect.stringMatching(/^v\d+/),
    });
  });

  it("holds every figure the bench prints: routing, the gate, adversarial, /healthz, growth, start-up, Telegram, broadcasts (with a 100 ms round trip too)", () => {
    expect(results.routing.panah).toMatchObject({
      medianUs: expect.any(Number),
      top1: expect.any(Number),
    });
    expect(results.routing.baseline).toMatchObject({ medianUs: expect.any(Number) });
    expect(results.gate).toMatchObject({
      trainingMs: expect.any(Number),
      modelMb: expect.any(Number),
      judge: { medianUs: expect.any(Number), p99Us: expect.any(Number) },
      lexical: { medianUs: expect.any(Number), p99Us: expect.any(Number) },
    });
    expect(results.adversarial).toMatchObject({
      medianMs: expect.any(Number),
      worstMs: expect.any(Number),
    });
    expect(results.healthz.quiet).toMatchObject({
      medianMs: expect.any(Number),
      p99Ms: expect.any(Number),
    });
    expect(results.healthz.flood).toMatchObject({
      medianMs: expect.any(Number),
      p99Ms: expect.any(Number),
    });
    expect(results.growth.length).toBeGreaterThan(1);
    expect(results.startup).toMatchObject({
      readyMs: expect.any(Number),
      firstAnswerMs: expect.any(Number),
    });
    expect(results.telegram).toMatchObject({
      perSecond: expect.any(Number),
      messages: expect.any(Number),
    });
    expect(results.broadcasts.length).toBeGreaterThan(0);
    for (const broadcast of results.broadcasts)
      expect(broadcast).toMatchObject({
        perSecond: expect.any(Number),
        roundTripMs: expect.any(Number),
        achieved: expect.any(Number),
      });
    // The pace under a real Bot API's latency, not only against an emulator that answers at once.
    for (const perSecond of [25, 60])
      expect(results.broadcasts).toContainEqual(
        expect.objectContaining({ perSecond, roundTripMs: 100, fraction: expect.any(Number) }),
      );
  });
});
