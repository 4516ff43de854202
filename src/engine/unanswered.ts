import type { Clock } from "../clock.ts";
import type { Store } from "../store/store.ts";
import type { Language } from "../text/language.ts";
import { normalize } from "../text/normalize.ts";

/** The longest question kept: enough to recognise it, too little to hold a life story. */
const MAX_KEPT_CHARS = 160;

/**
 * What is kept of a question that fell back: its normalized form, with links, e-mail
 * addresses, @handles and long numbers (phone numbers, ids) removed first, so the log
 * says what people ask about, not who they are.
 */
export function scrubQuestion(text: string): string {
  const scrubbed = text
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, " ")
    .replace(/\S+@\S+\.\S+/g, " ")
    .replace(/@\w+/g, " ")
    .replace(/[+\d۰-۹٠-٩][\d۰-۹٠-٩\s()-]{3,}[\d۰-۹٠-٩]/g, " # ");
  return normalize(scrubbed).slice(0, MAX_KEPT_CHARS).trim();
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
