import type { Language } from "./language.ts";
import { normalize } from "./normalize.ts";

/**
 * Curated stop words, in normalized form. Short on purpose (docs/routing.md): generic
 * lists drop words such as how/چطور, not/نه or without/بدون that tell topics apart, so only
 * words that carry no topic meaning are here.
 */
const STOP_WORDS: Record<Language, ReadonlySet<string>> = {
  en: stopWords(
    "a an the and or but if of to in on at by for with from into about as " +
      "is are was were be been being am do does did doing have has had " +
      "i me my mine we us our he him his she her it its they them their " +
      "that these those there then so than too very just also really " +
      "what whats which who whom whose " +
      "can could would should will shall may might must " +
      "im ive id youre " +
      "pls tell know any some",
  ),
  fa: stopWords(
    "و یا از به با در برای که این آن اون این را رو تا هم هر " +
      "است هست هستند بود بودن شد شده شود میشه میشود " +
      "من تو او ما شما آنها اونها ایشان م " +
      "یک یه ی چه چی چیه چیست کدام کدوم " +
      "آیا ایا مگه " +
      "خیلی فقط دیگه دیگر هنوز " +
      "را رو بر پس اگر اگه ولی اما",
  ),
};

function stopWords(list: string): ReadonlySet<string> {
  return new Set(list.split(" ").map(normalize).filter(Boolean));
}

export function isStopWord(language: Language, token: string): boolean {
  return STOP_WORDS[language].has(token);
}

/** A language's stop words, in normalized form (the offline guide's search ships them). */
export function stopWordsOf(language: Language): readonly string[] {
  return [...STOP_WORDS[language]];
}
