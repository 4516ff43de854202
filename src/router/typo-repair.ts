import Fuse from "fuse.js";

/**
 * Repairs a misspelled word by finding the closest word in the index vocabulary with
 * fuse.js, which is what fuse is good at: fuzzy matching of short strings. (Run over whole
 * example sentences it is both the least accurate and the slowest option; see
 * research/routing.md.) Results, including "no repair", are cached.
 */
export class TypoRepair {
  private fuse?: Fuse<string>;
  private readonly cache = new Map<string, string | null>();

  constructor(
    private readonly vocabulary: readonly string[],
    private readonly cacheSize = 20_000,
  ) {}

  /** The vocabulary word `word` was probably meant to be, or `null`. */
  repair(word: string): string | null {
    if (word.length < MIN_REPAIR_LENGTH || /^\d+$/.test(word)) return null;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    // Built on first use: most questions need no repair, and evaluation builds many routers.
    this.fuse ??= new Fuse(
      this.vocabulary.filter((term) => term.length >= MIN_REPAIR_LENGTH - 1),
      { threshold: 0.34, ignoreLocation: true, includeScore: true, isCaseSensitive: true },
    );
    let best: string | null = null;
    for (const hit of this.fuse.search(word, { limit: 5 })) {
      // Fuse also finds the word inside longer terms; a repair changes a word by a letter
      // or two, it does not turn it into another word. People rarely mistype the first
      // letter, and allowing it turns "weather" into "father".
      if (Math.abs(hit.item.length - word.length) <= 2 && hit.item[0] === word[0]) {
        best = hit.item;
        break;
      }
    }
    if (this.cache.size >= this.cacheSize) this.cache.clear();
    this.cache.set(word, best);
    return best;
  }
}

/** Shorter words are too easy to "repair" into a different word. */
export const MIN_REPAIR_LENGTH = 4;
