/** The languages Panah answers in. */
export type Language = "en" | "fa";

export const LANGUAGES: readonly Language[] = ["en", "fa"];

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "fa";
}

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/g;
const LATIN = /[A-Za-z\u00C0-\u024F]/g;

/**
 * The language a message is written in, by script: Persian when Arabic-script letters are
 * at least as many as Latin ones, English when Latin letters dominate, and `undefined` when
 * there are no letters at all (emoji, digits, an empty message).
 */
export function detectScriptLanguage(text: string): Language | undefined {
  const persian = text.match(ARABIC_SCRIPT)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (persian === 0 && latin === 0) return undefined;
  return persian >= latin ? "fa" : "en";
}

/** Maps a platform language tag ("fa", "fa-IR", "en-GB") to a language Panah speaks. */
export function languageFromTag(tag: string | undefined): Language | undefined {
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : undefined;
}
