import type { Clock } from "../core/clock.ts";
import type { Choice } from "../core/messages.ts";
import type { Language } from "../text/language.ts";

/**
 * The choices last offered in each chat, so that replying with just a number picks one
 * (how Matrix and terminal users choose, where there are no buttons), and the language of that
 * last reply, so that a number, a button or a command carries on in the conversation's language.
 * Kept in memory for a while, never stored.
 */
export class OfferedChoices {
  private readonly offers = new Map<
    string,
    { choices: Choice[]; language?: Language; suggested: boolean; at: number }
  >();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 30 * 60_000,
    private readonly maxChats = 50_000,
  ) {}

  /** The last reply's choices and language; `suggested` when it asked "Did you mean…?". */
  remember(chat: string, choices: Choice[], language?: Language, suggested = false): void {
    this.offers.delete(chat);
    if (choices.length === 0 && !language) return;
    if (this.offers.size >= this.maxChats) {
      const oldest = this.offers.keys().next().value;
      if (oldest !== undefined) this.offers.delete(oldest);
    }
    this.offers.set(chat, {
      choices,
      ...(language ? { language } : {}),
      suggested,
      at: this.clock.now(),
    });
  }

  /** The choice numbered `n` (from 1) last offered in `chat`, if still fresh. */
  pick(chat: string, n: number): Choice | undefined {
    return this.fresh(chat)?.[n - 1];
  }

  /** The action of a still-fresh choice in `chat` that starts with `prefix`, if one was offered. */
  offeredAction(chat: string, prefix: string): string | undefined {
    return this.fresh(chat)?.find((choice) => choice.action.startsWith(prefix))?.action;
  }

  /** The choices of a still-fresh "Did you mean…?" in `chat`, if that was the last reply. */
  suggestion(chat: string): Choice[] | undefined {
    const offer = this.freshOffer(chat);
    return offer?.suggested ? offer.choices : undefined;
  }

  /** The language of the last reply in `chat`, if recent. */
  language(chat: string): Language | undefined {
    return this.freshOffer(chat)?.language;
  }

  private fresh(chat: string): Choice[] | undefined {
    return this.freshOffer(chat)?.choices;
  }

  private freshOffer(chat: string) {
    const offer = this.offers.get(chat);
    if (!offer || this.clock.now() - offer.at > this.ttlMs) return undefined;
    return offer;
  }
}
