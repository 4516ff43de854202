/**
 * Folds a message or a knowledge-base string into its match key. Knowledge and queries go
 * through exactly this function, so the two sides always agree; the original text is what
 * people see, never the key.
 *
 * The rules (docs/routing.md), in order:
 * 1. Unicode NFKC (Arabic presentation forms, full-width Latin), then case-fold.
 * 2. Invisible marks deleted: bidi controls U+200E/F, U+202A–E, U+2066–9, plus U+200B, U+FEFF
 *    and the soft hyphen.
 * 3. Tatweel and Arabic diacritics (harakat, superscript alef, Quranic marks) deleted.
 * 4. Arabic letter forms folded to Persian: ي ى ے → ی, ك → ک, ة ۀ ہ → ه, أ إ آ ٱ → ا, ؤ → و,
 *    ئ → ی; a lone hamza ء is deleted.
 * 5. Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII.
 * 6. Latin diacritics stripped (é → e).
 * 7. Apostrophes inside words are dropped (what's → whats, dad's → dads); other punctuation
 *    and symbols, including ؟ ، ؛ « », become spaces.
 * 8. ZWNJ (and ZWJ) treated like a space, then the detached Persian affixes that people write
 *    with a ZWNJ, a space or nothing (می‌خواهم, می خواهم, میخواهم; کتاب‌ها, کتاب ها) are
 *    rejoined, so all spellings meet.
 * 9. Runs of three or more of one letter squeezed to one (مرسیییی, pleeease), and
 *    whitespace collapsed.
 */
export function normalize(input: string): string {
  let s = input.normalize("NFKC").toLowerCase();
  s = s.replace(INVISIBLE, "");
  s = s.replace(ARABIC_MARKS, "");
  s = s.replace(ARABIC_LETTERS, (ch) => LETTER_FOLDS[ch] ?? ch);
  // U+06F0–9 and U+0660–9: the low four bits of the code point are the digit's value.
  s = s.replace(EASTERN_DIGITS, (ch) => String((ch.codePointAt(0) ?? 0) & 0xf));
  s = stripLatinDiacritics(s);
  s = s.replace(ZERO_WIDTH_JOINERS, " ");
  s = s.replace(APOSTROPHE_IN_WORD, "");
  s = s.replace(NOT_WORD, " ");
  s = rejoinPersianAffixes(s);
  s = s.replace(REPEATED_LETTER, "$1");
  return s.replace(/\s+/g, " ").trim();
}

const INVISIBLE = /[\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD]/g;
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const ZERO_WIDTH_JOINERS = /[\u200C\u200D]/g;
const APOSTROPHE_IN_WORD = /(?<=\p{L})['’ʼ](?=\p{L})/gu;
const EASTERN_DIGITS = /[\u06F0-\u06F9\u0660-\u0669]/g;
// Letters, marks and digits survive; everything else (punctuation of any script, symbols,
// emoji) separates words.
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/gu;
const REPEATED_LETTER = /(\p{L})\1{2,}/gu;

const LETTER_FOLDS: Record<string, string> = {
  "\u064A": "\u06CC", // ي Arabic yeh
  "\u0649": "\u06CC", // ى alef maksura
  "\u06D2": "\u06CC", // ے yeh barree
  "\u0626": "\u06CC", // ئ yeh with hamza
  "\u0643": "\u06A9", // ك Arabic kaf
  "\u0629": "\u0647", // ة teh marbuta
  "\u06C0": "\u0647", // ۀ heh with yeh
  "\u06C1": "\u0647", // ہ heh goal
  "\u0623": "\u0627", // أ
  "\u0625": "\u0627", // إ
  "\u0622": "\u0627", // آ
  "\u0671": "\u0627", // ٱ alef wasla
  "\u0624": "\u0648", // ؤ
  "\u0621": "", // ء lone hamza
};
const ARABIC_LETTERS = new RegExp(`[${Object.keys(LETTER_FOLDS).join("")}]`, "g");

function stripLatinDiacritics(s: string): string {
  // Only Latin letters are decomposed: NFD on Persian text would split letters that NFKC
  // just composed, and the Arabic marks are handled above.
  return s.replace(/[\u00C0-\u024F\u1E00-\u1EFF]/g, (ch) =>
    ch.normalize("NFD").replace(/\p{M}/gu, ""),
  );
}

// Prefixes written detached or with a ZWNJ: می (progressive), نمی (its negation).
const DETACHED_PREFIX = /(^| )(ن?می) (?=[\u0600-\u06FF])/g;
// Suffixes written detached or with a ZWNJ: plurals and comparatives.
const DETACHED_SUFFIX =
  /([\u0600-\u06FF]) (ها|های|هایی|هایم|هایت|هایش|هایمان|هایتان|هایشان|تر|ترین)(?= |$)/g;

function rejoinPersianAffixes(s: string): string {
  return s.replace(DETACHED_PREFIX, "$1$2").replace(DETACHED_SUFFIX, "$1$2");
}
