import { normalize } from "./normalize.ts";
import { MAX_ROUTED_CHARS } from "./tokenize.ts";

/**
 * The normalized words of a message, cut to {@link MAX_ROUTED_CHARS}: its beginning and its end,
 * since people often tell a story first and ask the question last. The cut is made after
 * normalizing, because NFKC can make text many times longer (one "㌖" becomes six letters,
 * one "ﷺ" eighteen); the same cut before it bounds the normalizer's own work.
 */
export function wordsOf(text: string): string[] {
  return headAndTail(normalize(headAndTail(text, MAX_ROUTED_CHARS)), MAX_ROUTED_CHARS)
    .split(" ")
    .filter(Boolean);
}

function headAndTail(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 1) / 2);
  return `${text.slice(0, half)} ${text.slice(-half)}`;
}
