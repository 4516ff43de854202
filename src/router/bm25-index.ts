/**
 * A BM25 index over one document per topic (its examples, keywords and title joined), the
 * design docs/routing.md describes as both the most accurate and the fastest of the
 * lexical options: joining a topic's examples beats scoring them one by one by 8–9 points.
 *
 * Scores are turned into a confidence between 0 and 1: the share of the question's
 * information (IDF mass) that a topic explains, with each term's BM25 saturation scaled to at
 * most 1. Words the index has never seen count against every topic, which is what makes an
 * off-topic question ("weather in Tehran") score low even when one word matches.
 */
/** A document as BM25 needs it: how often each term occurs, and how many terms it has. */
export interface Bm25Document {
  counts: ReadonlyMap<string, number>;
  length: number;
}

export function bm25Document(tokens: readonly string[]): Bm25Document {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return { counts, length: tokens.length };
}

export class Bm25Index {
  private readonly postings = new Map<string, Posting[]>();
  private readonly idf = new Map<string, number>();
  /** The IDF a never-seen word gets: as rare as a word can be. */
  readonly unknownIdf: number;

  constructor(
    readonly docIds: readonly string[],
    docs: readonly Bm25Document[],
    {
      k1 = 1.2,
      b = 0.75,
      unnormalized = new Set<string>(),
    }: {
      k1?: number;
      b?: number;
      /**
       * Documents whose length is not held against them: a list of unrelated questions
       * (the out-of-scope ones) is long because it is varied, not because it is verbose.
       */
      unnormalized?: ReadonlySet<string>;
    } = {},
  ) {
    const average = docs.reduce((a, d) => a + d.length, 0) / Math.max(1, docs.length);
    docs.forEach(({ counts, length }, doc) => {
      const norm = unnormalized.has(docIds[doc] ?? "")
        ? 1
        : 1 - b + (b * length) / Math.max(1, average);
      for (const [term, tf] of counts) {
        const weight = tf / (tf + k1 * norm);
        const list = this.postings.get(term) ?? [];
        if (list.length === 0) this.postings.set(term, list);
        list.push({ doc, weight });
      }
    });
    const n = docs.length;
    for (const [term, list] of this.postings)
      this.idf.set(term, Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5)));
    this.unknownIdf = Math.log(1 + (n + 0.5) / 0.5);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Every indexed term, for typo repair. */
  terms(): string[] {
    return [...this.postings.keys()];
  }

  idfOf(term: string): number {
    return this.idf.get(term) ?? this.unknownIdf;
  }

  /**
   * Adds `weight × idf × saturation` of `term` to each document's score. Returns whether
   * the term was found.
   */
  accumulate(term: string, weight: number, scores: Float64Array): boolean {
    const list = this.postings.get(term);
    if (!list) return false;
    const idf = this.idf.get(term) ?? 0;
    for (const posting of list)
      scores[posting.doc] = (scores[posting.doc] ?? 0) + weight * idf * posting.weight;
    return true;
  }
}

interface Posting {
  doc: number;
  /** BM25's term-frequency saturation, scaled to (0, 1). */
  weight: number;
}
