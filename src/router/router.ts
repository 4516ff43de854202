import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { detectScriptLanguage, LANGUAGES, type Language } from "../text/language.ts";
import { normalize } from "../text/normalize.ts";
import { isStopWord } from "../text/stopwords.ts";
import { MAX_ROUTED_CHARS, tokenize } from "../text/tokenize.ts";
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
  /** The message is conversation, not a question (thanks, yes, hello). */
  smalltalk?: boolean;
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
export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.325, margin: 0.2, suggest: 0.2 };

/**
 * A short message made (at least two thirds) of small-talk words ("thanks", «بله، ممنون») is conversation, not
 * a question: Panah falls back instead of answering a topic on the strength of a "yes".
 */
const MAX_SMALLTALK_WORDS = 6;
const LONG_MESSAGE_WORDS = 6;
const LONG_MESSAGE_DAMPING = 0.75;
const PERSIAN_LETTER = /[\u0600-\u06FF]/;

/** How much a keyword match adds, relative to the same word in the examples. */
const KEYWORD_WEIGHT = 1;
/** A repaired word counts for less than a word typed correctly. */
const REPAIRED_WEIGHT = 0.75;
const MAX_ALTERNATIVES = 3;

/**
 * Maps a question to a topic: one BM25 index per language over per-topic documents, fuse.js
 * repairing misspelled words against each index's vocabulary, and two thresholds (a minimum
 * score and a top-2 margin) deciding between answering, "did you mean", and the fallback.
 */
export class Router {
  private readonly indexes: Partial<Record<Language, LanguageIndex>>;
  /** Every topic, in the order all indexes share, so their scores add up per topic. */
  private readonly topicIds: string[];

  constructor(
    kb: KnowledgeBase,
    readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
    /** Index only these languages (evaluation rebuilds one language at a time). */
    languages: readonly Language[] = LANGUAGES,
    /** Tokens of knowledge text, shared by routers built over the same base (evaluation). */
    tokenCache: Map<string, string[]> = new Map(),
  ) {
    this.topicIds = [...kb.topics.keys()];
    const tokens = (text: string, language: Language) => {
      const key = `${language}\u0000${text}`;
      const cached = tokenCache.get(key) ?? tokenize(text, language);
      tokenCache.set(key, cached);
      return cached;
    };
    this.indexes = Object.fromEntries(
      languages.map((language) => [language, buildIndex(kb, language, this.topicIds, tokens)]),
    );
  }

  /**
   * Routes `text`. Each word is looked up in the index of its own script (so a Persian
   * question naming "WhatsApp" in Latin letters still counts that word), falling back to the
   * other index for words only it knows. Latin text is also tried whole against the Persian
   * index, as Finglish; the surer reading wins.
   */
  route(text: string, preferred?: Language): Route {
    const words = wordsOf(text);
    const script = detectScriptLanguage(text) ?? preferred ?? "en";
    const byScript = this.scoreWords(
      words.map((word) => ({
        word,
        language: PERSIAN_LETTER.test(word) ? ("fa" as const) : ("en" as const),
      })),
      script,
    );
    if (byScript.explanation.smalltalk || !words.some((w) => !PERSIAN_LETTER.test(w)))
      return byScript;
    const finglish = this.routeIn(text, "fa");
    const rank: Record<Decision, number> = { answer: 2, suggest: 1, fallback: 0 };
    if (rank[finglish.decision] > rank[byScript.decision]) return finglish;
    if (
      rank[finglish.decision] === rank[byScript.decision] &&
      finglish.score > byScript.score + 0.1
    )
      return finglish;
    return byScript;
  }

  /** Routes `text` with every word looked up in one language's index (evaluation, Finglish). */
  routeIn(text: string, language: Language): Route {
    const words = wordsOf(text);
    return this.scoreWords(
      words.map((word) => ({ word, language })),
      language,
    );
  }

  private scoreWords(words: { word: string; language: Language }[], language: Language): Route {
    const seen = new Set<string>();
    const tokens = words.filter(
      ({ word, language: l }) => !isStopWord(l, word) && !seen.has(word) && seen.add(word),
    );
    const chatty = tokens.filter(({ word, language: l }) =>
      this.indexes[l]?.smalltalk.has(word),
    ).length;
    const smalltalk =
      tokens.length > 0 && tokens.length <= MAX_SMALLTALK_WORDS && chatty * 3 >= tokens.length * 2;
    const scores = new Float64Array(this.topicIds.length);
    const repaired: Record<string, string> = {};
    const unknown: string[] = [];
    const used: { term: string; token: string; language: Language }[] = [];
    const matchedMass: Record<Language, number> = { en: 0, fa: 0 };
    let total = 0;
    for (const { word, language: own } of tokens) {
      const home = this.indexes[own] ?? this.indexes[language];
      if (!home) continue;
      const away = this.indexes[own === "en" ? "fa" : "en"];
      // The word's own script's index first; the other index only for words it knows exactly
      // (a Persian keyword in an English topic, an app name in Latin letters in Persian).
      let target = home;
      let term: string | null = word;
      let weight = 1;
      if (!home.index.has(word)) {
        if (away?.index.has(word)) target = away;
        else {
          term = home.repair.repair(word);
          weight = REPAIRED_WEIGHT;
          if (term) repaired[word] = term;
          else unknown.push(word);
        }
      }
      total += target.index.idfOf(word);
      if (!term) continue;
      target.index.accumulate(term, weight, scores);
      matchedMass[target.language] += target.index.idfOf(term);
      used.push({ term, token: word, language: target.language });
      // A keyword (an app name, a synonym) says which topic a question is about more surely
      // than a word shared by many examples: it scores in its own index too.
      if (target.keywords.has(term)) {
        total += KEYWORD_WEIGHT * target.keywords.idfOf(term);
        target.keywords.accumulate(term, KEYWORD_WEIGHT * weight, scores);
      }
    }
    // Long messages carry more words that are about nothing (a story before the question):
    // past a few words, each extra word weighs less against the topics.
    if (tokens.length > LONG_MESSAGE_WORDS)
      total *= (LONG_MESSAGE_WORDS / tokens.length) ** LONG_MESSAGE_DAMPING;
    const ranked = topCandidates(this.topicIds, scores, total);
    // Latin words that only the Persian index knows are Finglish: the answer is in Persian.
    const answerLanguage = language === "en" && matchedMass.fa > 0 ? "fa" : language;
    return this.decide(ranked, answerLanguage, {
      tokens: tokens.map((t) => t.word),
      repaired,
      unknown,
      matched: Object.fromEntries(
        ranked.map((c) => [
          c.intent,
          used
            .filter(({ term, language: l }) => this.indexes[l]?.termsOf.get(c.intent)?.has(term))
            .map((u) => u.token),
        ]),
      ),
      thresholds: this.thresholds,
      margin: 0,
      smalltalk,
    });
  }

  private decide(ranked: Candidate[], language: Language, explanation: Explanation): Route {
    if (explanation.smalltalk)
      return {
        decision: "fallback",
        intent: null,
        score: 0,
        language,
        explanation,
        alternatives: [],
      };
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
    return {
      ...base,
      decision: "fallback",
      intent: null,
      alternatives: ranked.filter((c) => c.score > 0),
    };
  }
}

interface LanguageIndex {
  language: Language;
  index: Bm25Index;
  /** The topics' keywords alone, indexed over the same topics in the same order. */
  keywords: Bm25Index;
  repair: TypoRepair;
  /** Each topic's distinct terms, to explain what matched. */
  termsOf: Map<string, Set<string>>;
  /** The words of small talk (thanks, yes, hello). */
  smalltalk: ReadonlySet<string>;
}

function buildIndex(
  kb: KnowledgeBase,
  language: Language,
  ids: readonly string[],
  tokenize: (text: string, language: Language) => string[],
): LanguageIndex {
  const docs: string[][] = [];
  const keywordDocs: string[][] = [];
  const termsOf = new Map<string, Set<string>>();
  for (const id of ids) {
    const content = kb.topics.get(id)?.content[language];
    if (!content) {
      // A topic not written in this language has an empty document: it keeps its place in
      // the shared order and scores nothing here.
      docs.push([]);
      keywordDocs.push([]);
      continue;
    }
    const keywords = content.keywords.flatMap((k) => tokenize(k, language));
    const doc = [
      ...content.examples.flatMap((e) => tokenize(e, language)),
      ...tokenize(content.title, language),
      ...keywords,
    ];
    docs.push(doc);
    keywordDocs.push(keywords);
    termsOf.set(id, new Set(doc));
  }
  const smalltalk = new Set(kb.smalltalk[language].flatMap((phrase) => tokenize(phrase, language)));
  const index = new Bm25Index(ids, docs);
  return {
    language,
    index,
    keywords: new Bm25Index(ids, keywordDocs),
    repair: new TypoRepair(index.terms()),
    termsOf,
    smalltalk,
  };
}

/**
 * The normalized words of a message. A very long message is cut to its beginning and its
 * end: people often tell a story first and ask the question last.
 */
function wordsOf(text: string): string[] {
  const half = MAX_ROUTED_CHARS / 2;
  const kept =
    text.length > MAX_ROUTED_CHARS ? `${text.slice(0, half)} ${text.slice(-half)}` : text;
  return normalize(kept).split(" ").filter(Boolean);
}

function topCandidates(ids: readonly string[], scores: Float64Array, total: number): Candidate[] {
  if (total <= 0) return [];
  const ranked: Candidate[] = [];
  scores.forEach((s, i) => {
    if (s > 0) ranked.push({ intent: ids[i] ?? "", score: Math.min(1, s / total) });
  });
  ranked.sort((a, b) => b.score - a.score);
  return ranked
    .slice(0, MAX_ALTERNATIVES)
    .map((c) => ({ ...c, score: Math.round(c.score * 1000) / 1000 }));
}
