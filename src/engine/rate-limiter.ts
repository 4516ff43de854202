import type { Clock } from "../core/clock.ts";

/**
 * A token bucket per person, in memory only (nothing about who asked what survives a
 * restart). `take` says whether a message may be answered, and whether this is the first
 * refusal since the person was last allowed, so they get one polite notice, not one per
 * message of a flood.
 *
 * Buckets are kept in order of last use. One idle for {@link IDLE_MS} is forgotten (it holds
 * nothing a fresh bucket would not, and SECURITY.md promises 30 minutes); when too many people
 * are tracked, the longest idle is forgotten first, so a flood of new senders never frees the
 * ones flooding right now.
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
    this.expire(now);
    let bucket = this.buckets.get(key);
    if (bucket) this.buckets.delete(key);
    else {
      if (this.buckets.size >= this.maxTracked) this.forgetOldest();
      bucket = { tokens: this.burst, at: now, notified: false };
    }
    this.buckets.set(key, bucket);
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

  /** How many people the limiter remembers now (for tests and metrics; never who). */
  get tracked(): number {
    return this.buckets.size;
  }

  /** Forgets buckets idle for longer than IDLE_MS: the oldest are first in the map. */
  private expire(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at <= IDLE_MS) return;
      this.buckets.delete(key);
    }
  }

  private forgetOldest(): void {
    const oldest = this.buckets.keys().next().value;
    if (oldest !== undefined) this.buckets.delete(oldest);
  }
}

/** How long a person's message count is remembered after their last message. */
export const IDLE_MS = 30 * 60_000;

interface Bucket {
  tokens: number;
  at: number;
  notified: boolean;
}
