import type { Clock } from "../clock.ts";

/**
 * A token bucket per person, in memory only (nothing about who asked what survives a
 * restart). `take` says whether a message may be answered, and whether this is the first
 * refusal since the person was last allowed, so they get one polite notice, not one per
 * message of a flood.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly burst = 8,
    private readonly perMinute = 30,
    private readonly maxTracked = 100_000,
  ) {}

  take(key: string): { allowed: boolean; notify: boolean } {
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxTracked) this.sweep(now);
      bucket = { tokens: this.burst, at: now, notified: false };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute,
    );
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.notified = false;
      return { allowed: true, notify: false };
    }
    const notify = !bucket.notified;
    bucket.notified = true;
    return { allowed: false, notify };
  }

  /** Drops buckets that have refilled: they hold nothing a fresh bucket would not. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets)
      if (bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute >= this.burst)
        this.buckets.delete(key);
    if (this.buckets.size >= this.maxTracked) this.buckets.clear();
  }
}

interface Bucket {
  tokens: number;
  at: number;
  notified: boolean;
}
