import Fuse from "fuse.js";

/**
 * Repairs a misspelled word by finding the closest word in the index vocabulary with
 * fuse.js, which is what fuse is good at: fuzzy matching of short strings. (Run over whole
 * example sentences it is both the least accurate and the slowest option; see
 * docs/routing.md.) Results, including "no repair", are cached.
 *
 * A fuzzy search costs far more than the rest of routing, so its work is bounded: words longer
 * than {@link MAX_REPAIR_LENGTH} are not repaired (nobody mistypes a 40-letter word; a hostile
 * message is made of such "words"), and a caller may pass a {@link RepairBudget} that caps the
 * searches one message can cause. Cached answers cost nothing and are always given.
 */
export class TypoRepair {
  /** One fuzzy index per first letter, built on first use (a repair keeps the first letter). */
  private readonly byInitial = new Map<string, Fuse<string>>();
  private readonly cache = new Map<string, string | null>();

  constructor(
    private readonly vocabulary: readonly string[],
    private readonly cacheSize = 20_000,
  ) {}

  /** The vocabulary word `word` was probably meant to be, or `null`. */
  repair(word: string, budget?: RepairBudget): string | null {
    if (word.length < MIN_REPAIR_LENGTH || word.length > MAX_REPAIR_LENGTH) return null;
    if (/^\d+$/.test(word)) return null;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    if (budget) {
      if (budget.searches <= 0) return null;
      budget.searches--;
    }
    let best: string | null = null;
    for (const hit of this.fuseFor(word[0] ?? "").search(word, { limit: 5 })) {
      // Fuse also finds the word inside longer terms; a repair changes a word by a letter
      // or two, it does not turn it into another word. People rarely mistype the first
      // letter, and allowing it turns "weather" into "father".
      if (Math.abs(hit.item.length - word.length) <= 2 && hit.item[0] === word[0]) {
        best = hit.item;
        break;
      }
    }
    // Forget the oldest repair, not all of them: a flood of new words must not empty the
    // cache that makes everyone else's questions cheap.
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(word, best);
    return best;
  }

  /**
   * The fuzzy index of the vocabulary words starting with `initial`. Searching only those is
   * what makes a repair cheap (a fraction of the vocabulary), and loses nothing: a repair
   * that changed the first letter is refused anyway. Built on first use: most questions need
   * no repair, and evaluation builds many routers.
   */
  private fuseFor(initial: string): Fuse<string> {
    let fuse = this.byInitial.get(initial);
    if (!fuse) {
      fuse = new Fuse(
        this.vocabulary.filter(
          (term) => term[0] === initial && term.length >= MIN_REPAIR_LENGTH - 1,
        ),
        { threshold: 0.34, ignoreLocation: true, includeScore: true, isCaseSensitive: true },
      );
      this.byInitial.set(initial, fuse);
    }
    return fuse;
  }
}

/** Shorter words are too easy to "repair" into a different word. */
export const MIN_REPAIR_LENGTH = 4;
/** Longer words are not typos of a word Panah knows (its longest are about 20 letters). */
export const MAX_REPAIR_LENGTH = 24;
/** Fuzzy searches one message may cause: a real question has a typo or two, not dozens. */
export const REPAIRS_PER_MESSAGE = 4;

/** What is left of one message's allowance of fuzzy searches. */
export interface RepairBudget {
  searches: number;
}
