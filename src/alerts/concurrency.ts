/** What the sizing assumes before the first send has been measured: a Bot API far away. */
export const ASSUMED_ROUND_TRIP_MS = 100;
/** In flight beyond what the measured round trip needs, for its jitter and the database's share. */
export const HEADROOM = 1.5;
/**
 * Sends in flight at most, whatever the round trip: only those can arrive twice after a crash,
 * and a slow platform is not helped by more waiting connections.
 */
export const MAX_IN_FLIGHT = 32;
/** How much each new measurement moves the estimate (an exponential moving average). */
const WEIGHT = 0.2;

/**
 * How many sends must be in flight to keep `perSecond` when each takes `roundTripMs` (Little's
 * law: in flight = rate × time each spends in flight), with {@link HEADROOM}, at least one, at
 * most {@link MAX_IN_FLIGHT} and never more than one second's worth of sends at the pace.
 *
 * @example
 * concurrencyFor(60, 100); // → 9: 6 keep 60/s at 100 ms, and a 7th send's delay would cost the pace
 */
export function concurrencyFor(perSecond: number, roundTripMs: number): number {
  const needed = Math.ceil(((perSecond * Math.max(0, roundTripMs)) / 1000) * HEADROOM);
  return Math.max(1, Math.min(needed, MAX_IN_FLIGHT, Math.floor(perSecond)));
}

/**
 * The delivery worker's concurrency, sized from the round trips it measures: each finished send
 * (the platform's answer and recording it) moves a moving estimate of the time a send holds its
 * slot, and the limit follows it, so the pace holds on a slow link and a fast one keeps only as
 * few sends in flight (and so at risk of a duplicate after a crash) as it needs. The pace
 * itself stays the token bucket's: more sends in flight never send faster than `perSecond`.
 */
export class SendConcurrency {
  private estimateMs = ASSUMED_ROUND_TRIP_MS;

  constructor(private readonly perSecond: number) {}

  /** Records how long one send held its slot. */
  observe(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.estimateMs += WEIGHT * (ms - this.estimateMs);
  }

  /** The recent round trip, as estimated. */
  get roundTripMs(): number {
    return this.estimateMs;
  }

  /** How many sends may be in flight now. */
  get limit(): number {
    return concurrencyFor(this.perSecond, this.estimateMs);
  }
}
