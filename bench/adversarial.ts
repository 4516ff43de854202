import type { Router } from "../src/router/router.ts";

/**
 * Messages built to make routing slow, as an attacker would send them: characters that NFKC
 * multiplies (one "㌖" becomes six letters), a single huge word, up to 4,096 characters (a
 * Telegram message) of random Latin, Persian and Finglish-like words that no vocabulary holds
 * (each one a typo-repair search), and scrubber bait. Seeded, so every run routes the same text.
 */
export function adversarialMessages(seed = 7): { name: string; text: string }[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const word = (alphabet: string) =>
    Array.from(
      { length: 3 + Math.floor(random() * 9) },
      () => alphabet[Math.floor(random() * alphabet.length)],
    ).join("");
  const words = (alphabet: string, chars: number) => {
    let text = "";
    while (text.length < chars) text += `${word(alphabet)} `;
    return text.slice(0, chars);
  };
  const latin = "abcdefghijklmnopqrstuvwxyz";
  const persian = "ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهی";
  return [
    { name: "㌖ × 1,000 (NFKC ×6)", text: "㌖".repeat(1000) },
    { name: "㌖ × 4,096", text: "㌖".repeat(4096) },
    { name: "ﷺ × 4,096 (NFKC ×18)", text: "ﷺ".repeat(4096) },
    { name: "one 4,096-letter word", text: "x".repeat(4096) },
    { name: "random Latin words, 1 kB", text: words(latin, 1000) },
    { name: "random Latin words, 4 kB", text: words(latin, 4096) },
    { name: "random Persian words, 4 kB", text: words(persian, 4096) },
    { name: "mixed scripts, 4 kB", text: `${words(latin, 2048)} ${words(persian, 2047)}` },
    { name: "a@a@… 4 kB", text: "a@".repeat(2048) },
    { name: "digits and dashes, 4 kB", text: "1-".repeat(2048) },
  ];
}

export interface AdversarialFigures {
  cases: { name: string; chars: number; worstMs: number }[];
  medianMs: number;
  worstMs: number;
}

/**
 * Routes each adversarial message `rounds` times, each time with a fresh variant (so the typo
 * cache cannot help), and reports each case's worst time and the median and worst overall.
 */
export function adversarialFigures(router: Router, rounds = 20): AdversarialFigures {
  const times: number[] = [];
  const worst = new Map<string, { chars: number; worstMs: number }>();
  for (let round = 0; round < rounds; round++)
    for (const { name, text } of adversarialMessages(round + 1)) {
      const started = performance.now();
      router.route(text);
      const ms = performance.now() - started;
      times.push(ms);
      const seen = worst.get(name);
      if (!seen || ms > seen.worstMs) worst.set(name, { chars: text.length, worstMs: ms });
    }
  times.sort((a, b) => a - b);
  return {
    cases: [...worst].map(([name, figures]) => ({ name, ...figures })),
    medianMs: times[Math.floor(times.length / 2)] ?? 0,
    worstMs: times.at(-1) ?? 0,
  };
}
