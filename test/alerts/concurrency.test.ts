import { describe, expect, it } from "vitest";
import {
  ASSUMED_ROUND_TRIP_MS,
  concurrencyFor,
  MAX_IN_FLIGHT,
  SendConcurrency,
} from "../../src/alerts/concurrency.ts";

describe("how many alert sends are in flight", () => {
  it("enough to keep the pace at the round trip, with headroom (Little's law)", () => {
    // 60/s at 100 ms needs 6 in flight; six alone reached 55.7/s once recording was added.
    expect(concurrencyFor(60, 100)).toBe(9);
    expect(concurrencyFor(25, 100)).toBe(4);
    expect(concurrencyFor(25, 300)).toBe(12);
  });

  it("one at a time when the platform answers at once", () => {
    expect(concurrencyFor(25, 0)).toBe(1);
    expect(concurrencyFor(25, 2)).toBe(1);
  });

  it("never more than a second's worth of sends at the pace, nor more than the cap", () => {
    expect(concurrencyFor(5, 2_000)).toBe(5);
    expect(concurrencyFor(0.5, 2_000)).toBe(1);
    expect(concurrencyFor(500, 1_000)).toBe(MAX_IN_FLIGHT);
  });

  it("starts from the assumed round trip, then follows the measured one", () => {
    const sizing = new SendConcurrency(60);
    expect(sizing.roundTripMs).toBe(ASSUMED_ROUND_TRIP_MS);
    expect(sizing.limit).toBe(concurrencyFor(60, ASSUMED_ROUND_TRIP_MS));
    for (let i = 0; i < 50; i++) sizing.observe(300);
    expect(sizing.roundTripMs).toBeCloseTo(300, 0);
    expect(sizing.limit).toBe(27);
    for (let i = 0; i < 50; i++) sizing.observe(5);
    expect(sizing.limit).toBe(1);
  });

  it("moves a fifth of the way toward each new round trip, so one slow answer does not decide alone", () => {
    const sizing = new SendConcurrency(60);
    for (let i = 0; i < 20; i++) sizing.observe(100);
    sizing.observe(400);
    expect(sizing.roundTripMs).toBeCloseTo(160, 6);
    expect(sizing.limit).toBe(concurrencyFor(60, 160));
  });

  it("ignores a measurement that is not a duration", () => {
    const sizing = new SendConcurrency(60);
    sizing.observe(Number.NaN);
    sizing.observe(-5);
    expect(sizing.roundTripMs).toBe(ASSUMED_ROUND_TRIP_MS);
  });
});
