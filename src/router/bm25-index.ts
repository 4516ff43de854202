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

interface Options {
  k1?: number;
  b?: number;
  /**
   * Documents whose length is not held against them: a list of unrelated questions
   * (the out-of-scope ones) is long because it is varied, not because it is verbose.
   */
  unnormalized?: ReadonlySet<string>;
}

export class Bm25Index {
  /** Lists replaced by {@link withDocument}, looked up before the shared ones; [] is "gone". */
  private readonly overrides: Map<string, readonly Posting[]>;
  /** Each document's length normalization, `1 - b + b × length / average`. */
  private readonly norms: Float64Array;
  private readonly idf = new Map<string, number>();
  private readonly k1: number;
  /** The IDF a never-seen word gets: as rare as a word can be. */
  readonly unknownIdf: number;

  constructor(
    readonly docIds: readonly string[],
    private readonly docs: readonly Bm25Document[],
    private readonly options: Options = {},
    private readonly shared = postingsOf(docs),
    overrides = new Map<string, readonly Posting[]>(),
  ) {
    const { k1 = 1.2, b = 0.75, unnormalized = new Set<string>() } = options;
    this.k1 = k1;
    this.overrides = overrides;
    const average = docs.reduce((a, d) => a + d.length, 0) / Math.max(1, docs.length);
    this.norms = Float64Array.from(docs, ({ length }, doc) =>
      unnormalized.has(docIds[doc] ?? "") ? 1 : 1 - b + (b * length) / Math.max(1, average),
    );
    this.unknownIdf = Math.log(1 + (docs.length + 0.5) / 0.5);
  }

  /**
   * The same index with document `doc` replaced, sharing every posting list the change does
   * not touch: leave-one-out evaluation builds thousands of indexes that differ from the full
   * one by a single example, and rebuilding each from scratch took most of `panah validate`.
   * Scores are exactly those of an index built from scratch over the new documents.
   */
  withDocument(doc: number, replacement: Bm25Document): Bm25Index {
    const before = this.docs[doc];
    const docs = this.docs.map((d, i) => (i === doc ? replacement : d));
    const overrides = new Map(this.overrides);
    const touched = new Set([...(before?.counts.keys() ?? []), ...replacement.counts.keys()]);
    for (const term of touched) {
      const list = (this.postingsFor(term) ?? []).filter((p) => p.doc !== doc);
      const tf = replacement.counts.get(term);
      if (tf !== undefined) {
        list.push({ doc, tf });
        list.sort((a, c) => a.doc - c.doc);
      }
      overrides.set(term, list);
    }
    return new Bm25Index(this.docIds, docs, this.options, this.shared, overrides);
  }

  has(term: string): boolean {
    return this.postingsFor(term) !== undefined;
  }

  /**
   * Every indexed term, for typo repair, in the order an index built from scratch lists them
   * (typo repair breaks ties by it); terms a replaced document adds come last.
   */
  terms(): string[] {
    const terms = [...this.shared.keys()].filter((t) => this.has(t));
    for (const term of this.overrides.keys())
      if (!this.shared.has(term) && this.has(term)) terms.push(term);
    return terms;
  }

  idfOf(term: string): number {
    const list = this.postingsFor(term);
    if (!list) return this.unknownIdf;
    let idf = this.idf.get(term);
    if (idf === undefined) {
      const n = this.docs.length;
      idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      this.idf.set(term, idf);
    }
    return idf;
  }

  /**
   * Adds `weight × idf × saturation` of `term` to each document's score, where saturation is
   * BM25's `tf / (tf + k1 × norm)`, in (0, 1). Returns whether the term was found.
   */
  accumulate(term: string, weight: number, scores: Float64Array): boolean {
    const list = this.postingsFor(term);
    if (!list) return false;
    const idf = this.idfOf(term);
    for (const { doc, tf } of list)
      scores[doc] =
        (scores[doc] ?? 0) + (weight * idf * tf) / (tf + this.k1 * (this.norms[doc] ?? 1));
    return true;
  }

  private postingsFor(term: string): readonly Posting[] | undefined {
    const list = this.overrides.get(term) ?? this.shared.get(term);
    return list && list.length > 0 ? list : undefined;
  }
}

function postingsOf(docs: readonly Bm25Document[]): Map<string, readonly Posting[]> {
  const postings = new Map<string, Posting[]>();
  docs.forEach(({ counts }, doc) => {
    for (const [term, tf] of counts) {
      const list = postings.get(term);
      if (list) list.push({ doc, tf });
      else postings.set(term, [{ doc, tf }]);
    }
  });
  return postings;
}

interface Posting {
  doc: number;
  /** How often the term occurs in the document. */
  tf: number;
}
