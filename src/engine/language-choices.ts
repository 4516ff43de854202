import { encodeAction } from "../core/actions.ts";
import type { Choice } from "../core/messages.ts";
import { LANGUAGES, type Language } from "../text/language.ts";

/** Each language's name in itself: a person who reads only that one must find it. */
const OWN_NAMES: Record<Language, string> = { en: "English", fa: "فارسی" };

/** Language switch buttons, labelled in their own language: the other one, or `both`. */
export function languageChoices(current: Language, both = false): Choice[] {
  return LANGUAGES.filter((language) => both || language !== current).map((language) => ({
    label: OWN_NAMES[language],
    action: encodeAction({ kind: "language", language }),
  }));
}
