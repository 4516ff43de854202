import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { IDLE_MS, RateLimiter } from "../../src/engine/rate-limiter.ts";

describe("RateLimiter", () => {
  it("forgets a person 30 minutes after their last message, as SECURITY.md promises", () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 2, 30);
    limiter.take("alice");
    limiter.take("bob");
    clock.advance(IDLE_MS - 1000);
    limiter.take("bob");
    expect(limiter.tracked).toBe(2);
    clock.advance(2000);
    limiter.take("carol");
    // Alice has been idle for over 30 minutes; Bob wrote 2 seconds ago.
    expect(limiter.tracked).toBe(2);
    clock.advance(IDLE_MS + 1);
    limiter.take("dave");
    expect(limiter.tracked).toBe(1);
  });

  it("when it tracks too many people, forgets the longest idle, never a flooder who is still sending", () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 2, 1, 100);
    for (let i = 0; i < 3; i++) limiter.take("flooder");
    expect(limiter.take("flooder").allowed).toBe(false);
    for (let i = 0; i < 500; i++) {
      clock.advance(10);
      limiter.take(`newcomer-${i}`);
      if (i % 50 === 0) expect(limiter.take("flooder").allowed).toBe(false);
    }
    expect(limiter.tracked).toBeLessThanOrEqual(100);
    expect(limiter.take("flooder").allowed).toBe(false);
  });

  it("lets a person through again once their bucket refills", () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 1, 60);
    expect(limiter.take("alice")).toEqual({ allowed: true, notify: false });
    expect(limiter.take("alice")).toEqual({ allowed: false, notify: true });
    expect(limiter.take("alice")).toEqual({ allowed: false, notify: false });
    clock.advance(1000);
    expect(limiter.take("alice").allowed).toBe(true);
  });
});
