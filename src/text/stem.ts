import { stemmer } from "stemmer";
import type { Language } from "./language.ts";

const PERSIAN = /[\u0600-\u06FF]/;

/**
 * The match form of a word, applied alike to knowledge and questions: English words are
 * reduced to their Porter stem ("blocked" and "blocking" meet "block"). Persian words are
 * kept whole here: stripping Persian endings blindly turns «پیام» into «پیا»; the router
 * tries `persianEndingsOff` instead, and only keeps a form its index knows.
 */
export function stem(token: string, language: Language): string {
  if (language === "fa" && PERSIAN.test(token)) return token;
  if (/\d/.test(token)) return token;
  return stemmer(token);
}

/**
 * Forms of a Persian word with its inflection taken off, longest ending first: plural
 * (ها، های), comparative (تر، ترین), possessive and object clitics, formal and colloquial
 * (ـم، ـت، ـش، ـمون، ـشون، ـامون، ـاتون، ـاشون، ـو، ـرو), and the ـی of «ایرانی» or «گوشی».
 */
export function persianEndingsOff(token: string): string[] {
  const forms: string[] = [];
  for (const ending of PERSIAN_ENDINGS)
    if (token.endsWith(ending) && token.length - ending.length >= MIN_PERSIAN_STEM)
      forms.push(token.slice(0, -ending.length));
  return forms;
}

/** The shortest Persian word left once an ending is off. */
export const MIN_PERSIAN_STEM = 2;
/** The endings {@link persianEndingsOff} tries, longest first (the offline guide's search ships them). */
export const PERSIAN_ENDINGS: readonly string[] = [
  "هایشان",
  "هایتان",
  "هایمان",
  "هاشون",
  "هاتون",
  "هامون",
  "هامو",
  "هاشو",
  "هاتو",
  "هایش",
  "هایت",
  "هایم",
  "هایی",
  "های",
  "ترین",
  "ها",
  "تر",
  "شان",
  "تان",
  "مان",
  "شون",
  "تون",
  "مون",
  // Colloquial "our/your/their" after a word ending in a consonant: «فیلترشکنامون».
  "امون",
  "اتون",
  "اشون",
  "امو",
  "اشو",
  "اتو",
  "ام",
  "ات",
  "اش",
  "مو",
  "تو",
  "شو",
  "یم",
  "یت",
  "یش",
  "م",
  "ت",
  "ش",
  "و",
  "ی",
  "ا",
].sort((a, b) => b.length - a.length);
