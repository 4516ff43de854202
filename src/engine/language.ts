import type { UserKey } from "../core/messages.ts";
import type { Store } from "../store/store.ts";
import { type Language, languageFromTag } from "../text/language.ts";

/** What may say which language to answer in, strongest first (see {@link replyLanguage}). */
export interface LanguageClues {
  /** What the person chose with /lang: nothing overrides it. */
  chosen?: Language;
  /**
   * The language their words are in: the script, or the index the router matched (Finglish is
   * Latin-script Persian). Absent for a command, a button or a number, which have no language.
   */
  written?: Language;
  /** The language of the last reply in this chat, while it is recent. */
  conversation?: Language;
  /** The platform's idea of the person's language (Telegram `language_code`). */
  hint?: string;
}

/**
 * The one rule for the reply language: the person's choice, else the language they wrote in,
 * else the language the conversation was just in, else the platform's hint, else English.
 */
export function replyLanguage(clues: LanguageClues): Language {
  return cluedLanguage(clues) ?? "en";
}

/** {@link replyLanguage} without its last resort: undefined when no clue says anything. */
export function cluedLanguage(clues: LanguageClues): Language | undefined {
  return clues.chosen ?? clues.written ?? clues.conversation ?? languageFromTag(clues.hint);
}

/**
 * The person's chosen language, or undefined when they chose none or the store cannot say:
 * a store outage must not keep Panah from answering (in the language the other clues give).
 */
export async function chosenLanguage(
  store: Pick<Store, "getLanguage">,
  user: UserKey,
): Promise<Language | undefined> {
  try {
    return await store.getLanguage(user);
  } catch {
    return undefined;
  }
}
