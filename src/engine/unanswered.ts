import type { Clock } from "../core/clock.ts";
import type { Store } from "../store/store.ts";
import type { Language } from "../text/language.ts";
import { normalize } from "../text/normalize.ts";

/** The longest question kept: enough to recognise it, too little to hold a life story. */
const MAX_KEPT_CHARS = 160;

/**
 * The most of a message the scrubber reads. Cut before scanning, so that its work is linear
 * and small whatever arrives (a megabyte line, `a@a@a@…`); the kept part is shorter still.
 */
const MAX_SCANNED_CHARS = 4 * MAX_KEPT_CHARS;

/**
 * What is kept of a question that fell back: its normalized form, with links, e-mail
 * addresses, @handles and long numbers (phone numbers, ids) removed first, so the log
 * says what people ask about, not who they are.
 *
 * The message is cut at a word boundary first (a cut word could be the half of a phone number
 * the number rule no longer sees), then read word by word: a word holding "@" (an address,
 * a handle) or a link is dropped whole, with no pattern that can backtrack.
 */
export function scrubQuestion(text: string): string {
  const head = text.length > MAX_SCANNED_CHARS ? cutAtSpace(text, MAX_SCANNED_CHARS) : text;
  const words = head
    .split(/\s+/)
    .filter((word) => word !== "" && !word.includes("@") && !/https?:\/\/|www\./i.test(word));
  const scrubbed = words.join(" ").replace(LONG_NUMBER, " # ");
  return normalize(scrubbed).slice(0, MAX_KEPT_CHARS).trim();
}

/** Phone numbers and ids: five or more digits, with spaces, dashes or brackets between. */
const LONG_NUMBER = /[+\d۰-۹٠-٩](?:[\s()-]{0,2}[\d۰-۹٠-٩]){4,}/g;

function cutAtSpace(text: string, max: number): string {
  const head = text.slice(0, max);
  const space = head.search(/\s\S*$/);
  return space > 0 ? head.slice(0, space) : "";
}

/**
 * Keeps questions that got the fallback, when the operator switched it on, so maintainers
 * can turn them into examples (`panah unanswered`). Nothing ties a row to a person: no id,
 * no platform, no time finer than a day; rows older than `keepDays` are deleted.
 */
export class UnansweredRecorder {
  private prunedOn = "";

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly keepDays: number,
  ) {}

  async record(text: string, language: Language): Promise<void> {
    const question = scrubQuestion(text);
    if (question === "") return;
    const day = dayOf(this.clock.now());
    await this.store.recordUnanswered({ day, language, question });
    if (this.prunedOn !== day) {
      this.prunedOn = day;
      await this.store.pruneUnanswered(dayOf(this.clock.now() - this.keepDays * 86_400_000));
    }
  }
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
