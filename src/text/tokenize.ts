import type { Language } from "./language.ts";
import { normalize } from "./normalize.ts";
import { stem } from "./stem.ts";
import { isStopWord } from "./stopwords.ts";

/** The longest input routed: the first words of a very long message say what it is about. */
export const MAX_ROUTED_CHARS = 1000;

/**
 * The match tokens of a text: normalized, split on spaces, stop words of the language
 * removed. Used identically for knowledge examples and incoming questions.
 */
export function tokenize(text: string, language: Language): string[] {
  const key = normalize(text.slice(0, MAX_ROUTED_CHARS));
  if (key === "") return [];
  return key
    .split(" ")
    .filter((token) => !isStopWord(language, token))
    .map((token) => stem(token, language));
}
