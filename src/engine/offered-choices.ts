import type { Clock } from "../clock.ts";
import type { Choice } from "./messages.ts";

/**
 * The choices last offered in each chat, so that replying with just a number picks one
 * (how Matrix and terminal users choose, where there are no buttons). Kept in memory for a
 * while, never stored.
 */
export class OfferedChoices {
  private readonly offers = new Map<string, { choices: Choice[]; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 30 * 60_000,
    private readonly maxChats = 50_000,
  ) {}

  remember(chat: string, choices: Choice[]): void {
    this.offers.delete(chat);
    if (choices.length === 0) return;
    if (this.offers.size >= this.maxChats) {
      const oldest = this.offers.keys().next().value;
      if (oldest !== undefined) this.offers.delete(oldest);
    }
    this.offers.set(chat, { choices, at: this.clock.now() });
  }

  /** The choice numbered `n` (from 1) last offered in `chat`, if still fresh. */
  pick(chat: string, n: number): Choice | undefined {
    const offer = this.offers.get(chat);
    if (!offer || this.clock.now() - offer.at > this.ttlMs) return undefined;
    return offer.choices[n - 1];
  }
}
