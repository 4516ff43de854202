import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { detectScriptLanguage, LANGUAGES, type Language } from "../text/language.ts";
import { tokenize } from "../text/tokenize.ts";
import { Bm25Index } from "./bm25-index.ts";
import { TypoRepair } from "./typo-repair.ts";

/** What Panah does with a question. */
export type Decision = "answer" | "suggest" | "fallback";

export interface Candidate {
  intent: string;
  /** Confidence between 0 and 1, higher is surer. */
  score: number;
}

export interface Route {
  decision: Decision;
  /** The topic answered; `null` unless the decision is `answer`. */
  intent: string | null;
  score: number;
  /** The language whose index matched (Finglish matches Persian). */
  language: Language;
  /** Ranked candidates; when the decision is `suggest`, the choices to offer. */
  alternatives: Candidate[];
  explanation: Explanation;
}

/** Why a question routed where it did, for `panah ask --explain` and for maintainers. */
export interface Explanation {
  tokens: string[];
  repaired: Record<string, string>;
  unknown: string[];
  /** For the top candidates: which question words each one matched. */
  matched: Record<string, string[]>;
  thresholds: Thresholds;
  margin: number;
}

export interface Thresholds {
  /** The top topic's score must reach this to be answered directly. */
  answer: number;
  /** The top two must be at least this far apart, relative to the top: (s1 − s2) / s1. */
  margin: number;
  /** Below this, nothing is offered: fallback. */
  suggest: number;
}

/** Calibrated with `panah eval` on the bundled knowledge base and paraphrase sets. */
export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.5, margin: 0.2, suggest: 0.25 };

/** A repaired word counts for less than a word typed correctly. */
const REPAIRED_WEIGHT = 0.75;
const MAX_ALTERNATIVES = 3;

/**
 * Maps a question to a topic: one BM25 index per language over per-topic documents, fuse.js
 * repairing misspelled words against each index's vocabulary, and two thresholds (a minimum
 * score and a top-2 margin) deciding between answering, "did you mean", and the fallback.
 */
export class Router {
  private readonly indexes: Record<Language, LanguageIndex>;

  constructor(
    kb: KnowledgeBase,
    readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
    /** Index only these languages (evaluation rebuilds one language at a time). */
    languages: readonly Language[] = LANGUAGES,
  ) {
    this.indexes = Object.fromEntries(
      languages.map((language) => [language, buildIndex(kb, language)]),
    ) as Record<Language, LanguageIndex>;
  }

  /**
   * Routes `text`. The language is the script's; Latin text that finds nothing in English is
   * tried as Finglish against the Persian index (and Persian text against English keywords),
   * keeping whichever is surer.
   */
  route(text: string, preferred?: Language): Route {
    const script = detectScriptLanguage(text) ?? preferred ?? "en";
    const first = this.routeIn(text, script);
    if (first.decision === "answer") return first;
    const other = this.routeIn(text, script === "en" ? "fa" : "en");
    const rank: Record<Decision, number> = { answer: 2, suggest: 1, fallback: 0 };
    if (rank[other.decision] > rank[first.decision]) return other;
    if (rank[other.decision] === rank[first.decision] && other.score > first.score + 0.1) return other;
    return first;
  }

  /** Routes `text` against one language's index only. */
  routeIn(text: string, language: Language): Route {
    const indexed = this.indexes[language];
    if (!indexed) throw new Error(`no ${language} index was built`);
    const { index, repair } = indexed;
    const tokens = [...new Set(tokenize(text, language))];
    const scores = new Float64Array(index.docIds.length);
    const repaired: Record<string, string> = {};
    const unknown: string[] = [];
    const used: { term: string; token: string }[] = [];
    let total = 0;
    for (const token of tokens) {
      total += index.idfOf(token);
      if (index.accumulate(token, 1, scores)) {
        used.push({ term: token, token });
        continue;
      }
      const fix = repair.repair(token);
      if (fix && index.accumulate(fix, REPAIRED_WEIGHT, scores)) {
        repaired[token] = fix;
        used.push({ term: fix, token });
      } else {
        unknown.push(token);
      }
    }
    const ranked = topCandidates(index.docIds, scores, total);
    return this.decide(ranked, language, {
      tokens,
      repaired,
      unknown,
      matched: Object.fromEntries(
        ranked.map((c) => [
          c.intent,
          used.filter(({ term }) => indexed.termsOf.get(c.intent)?.has(term)).map((u) => u.token),
        ]),
      ),
      thresholds: this.thresholds,
      margin: 0,
    });
  }

  private decide(ranked: Candidate[], language: Language, explanation: Explanation): Route {
    const [top, second] = ranked;
    const t = this.thresholds;
    const score = top?.score ?? 0;
    const margin = top && top.score > 0 ? (top.score - (second?.score ?? 0)) / top.score : 0;
    explanation.margin = margin;
    const base = { score, language, explanation };
    if (top && score >= t.answer && margin >= t.margin)
      return { ...base, decision: "answer", intent: top.intent, alternatives: ranked };
    const offered = ranked.filter((c) => c.score >= t.suggest);
    if (offered.length > 0)
      return { ...base, decision: "suggest", intent: null, alternatives: offered };
    return { ...base, decision: "fallback", intent: null, alternatives: ranked.filter((c) => c.score > 0) };
  }
}

interface LanguageIndex {
  index: Bm25Index;
  repair: TypoRepair;
  /** Each topic's distinct terms, to explain what matched. */
  termsOf: Map<string, Set<string>>;
}

function buildIndex(kb: KnowledgeBase, language: Language): LanguageIndex {
  const ids: string[] = [];
  const docs: string[][] = [];
  const termsOf = new Map<string, Set<string>>();
  for (const topic of kb.topics.values()) {
    const content = topic.content[language];
    if (!content) continue;
    const keywords = content.keywords.flatMap((k) => tokenize(k, language));
    // Keywords are the words people use for a topic (app names, synonyms): they count twice.
    const doc = [
      ...content.examples.flatMap((e) => tokenize(e, language)),
      ...tokenize(content.title, language),
      ...keywords,
      ...keywords,
    ];
    ids.push(topic.id);
    docs.push(doc);
    termsOf.set(topic.id, new Set(doc));
  }
  const index = new Bm25Index(ids, docs);
  return { index, repair: new TypoRepair(index.terms()), termsOf };
}

function topCandidates(ids: readonly string[], scores: Float64Array, total: number): Candidate[] {
  if (total <= 0) return [];
  const ranked: Candidate[] = [];
  scores.forEach((s, i) => {
    if (s > 0) ranked.push({ intent: ids[i] ?? "", score: Math.min(1, s / total) });
  });
  ranked.sort((a, b) => b.score - a.score);
  return ranked.slice(0, MAX_ALTERNATIVES).map((c) => ({ ...c, score: Math.round(c.score * 1000) / 1000 }));
}
