import type { Gate } from "../gate/gate.ts";
import {
  type GateExplanation,
  type GateSettings,
  gateRoute,
  thresholdsFor,
} from "../gate/gate-route.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { detectScriptLanguage, LANGUAGES, type Language } from "../text/language.ts";
import { persianEndingsOff, stem } from "../text/stem.ts";
import { isStopWord } from "../text/stopwords.ts";
import { wordsOf } from "../text/words.ts";
import {
  buildLanguageIndex,
  DocumentCache,
  gramsOf,
  type LanguageIndex,
  OUT_OF_SCOPE,
  withTopicFrom,
} from "./language-index.ts";
import { REPAIRS_PER_MESSAGE, type RepairBudget } from "./typo-repair.ts";

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
  /** The message is most like knowledge/out-of-scope.yaml (weather, prices, homework), or the gate found it everyday. */
  outOfScope?: boolean;
  /** What the out-of-scope gate made of the question, when the router has one. */
  gate?: GateExplanation;
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
export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.225, margin: 0.15, suggest: 0.15 };

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
/** Distinct words scored per message: more than any question has, few enough to stay cheap. */
const MAX_ROUTED_TOKENS = 64;
/**
 * How much the spelling channel counts against the word channel. Chosen with `panah eval` on
 * the first paraphrase set: 0.2 lifted leave-one-out and paraphrase top-1 in both languages;
 * 0.3 and above began to answer wrongly on the held-out set.
 */
const SPELLING_WEIGHT = 0.2;

/**
 * Maps a question to a topic: one BM25 index per language over per-topic documents, fuse.js
 * repairing misspelled words against each index's vocabulary, and two thresholds (a minimum
 * score and a top-2 margin) deciding between answering, "did you mean", and the fallback.
 */
export class Router {
  private readonly indexes: Partial<Record<Language, LanguageIndex>>;
  /** Every topic, in the order all indexes share, so their scores add up per topic. */
  private readonly topicIds: string[];

  /** The out-of-scope gate checking each decision, and its thresholds per script. */
  readonly gate?: { gate: Gate; settings: GateSettings };

  constructor(
    kb: KnowledgeBase,
    readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
    options: {
      /** Index only these languages (evaluation rebuilds one language at a time). */
      languages?: readonly Language[];
      /** Topic documents shared by routers built over mostly the same base (evaluation). */
      cache?: DocumentCache;
      /** Indexes already built for this knowledge base (see {@link withTopicFrom}). */
      built?: Partial<Record<Language, LanguageIndex>>;
      /** The gate trained on this knowledge base (see src/gate/). */
      gate?: { gate: Gate; settings: GateSettings };
    } = {},
  ) {
    const { languages = LANGUAGES, cache = new DocumentCache(), built, gate } = options;
    this.gate = gate;
    this.topicIds = [...kb.topics.keys()];
    if (LANGUAGES.some((language) => kb.outOfScope[language].length > 0))
      this.topicIds.push(OUT_OF_SCOPE);
    this.indexes =
      built ??
      Object.fromEntries(
        languages.map((language) => [
          language,
          buildLanguageIndex(kb, language, this.topicIds, cache),
        ]),
      );
  }

  /**
   * This router over `kb`, a knowledge base that differs from this router's in topic `id`
   * only, for `language`: the other topics' index entries are shared, not rebuilt. Leave-one-out
   * evaluation makes one such router per example.
   */
  withTopicFrom(kb: KnowledgeBase, id: string, language: Language, cache: DocumentCache): Router {
    const base = this.indexes[language];
    if (!base) throw new Error(`this router has no ${language} index`);
    return new Router(kb, this.thresholds, {
      languages: [language],
      cache,
      built: { [language]: withTopicFrom(base, kb, id, cache) },
    });
  }

  /**
   * Routes `text`. Each word is looked up in the index of its own script (so a Persian
   * question naming "WhatsApp" in Latin letters still counts that word), falling back to the
   * other index for words only it knows. Latin text is also tried whole against the Persian
   * index, as Finglish; the surer reading wins.
   */
  route(text: string, preferred?: Language): Route {
    const words = wordsOf(text);
    const route = this.routeWords(words, preferred);
    // A fallback stays one (the gate never answers what the router found nothing for), so
    // it is not judged: most hostile and empty messages end here, at no extra cost.
    if (!this.gate || route.explanation.smalltalk || route.decision === "fallback") return route;
    const { gate, settings } = this.gate;
    return gateRoute(route, gate.judgeWords(words), thresholdsFor(settings, words.join(" ")));
  }

  /** The lexical router's own decision, before the gate checks it. */
  private routeWords(words: readonly string[], preferred?: Language): Route {
    const budget: RepairBudget = { searches: REPAIRS_PER_MESSAGE };
    const script = detectScriptLanguage(words.join(" ")) ?? preferred ?? "en";
    const byScript = this.scoreWords(
      words.map((word) => ({
        word,
        language: PERSIAN_LETTER.test(word) ? ("fa" as const) : ("en" as const),
      })),
      script,
      budget,
    );
    if (byScript.explanation.smalltalk || !this.mayBeFinglish(words, budget)) return byScript;
    const finglish = this.scoreWords(
      words.map((word) => ({ word, language: "fa" as const })),
      "fa",
      budget,
    );
    const rank: Record<Decision, number> = { answer: 2, suggest: 1, fallback: 0 };
    if (rank[finglish.decision] > rank[byScript.decision]) return finglish;
    if (
      rank[finglish.decision] === rank[byScript.decision] &&
      finglish.score > byScript.score + 0.1
    )
      return finglish;
    return byScript;
  }

  /**
   * Whether Latin words could be Persian: at least one of them is no English word Panah knows
   * (not a stop word, not in the English index) yet the Persian index knows it ("amne",
   * "mishe"). Without this, "how to lose weight fast" read as Finglish matched the "how" and
   * "to" that Finglish examples share with English.
   */
  private mayBeFinglish(words: readonly string[], budget: RepairBudget): boolean {
    const en = this.indexes.en;
    const fa = this.indexes.fa;
    if (!fa) return false;
    return words.some((word) => {
      if (PERSIAN_LETTER.test(word) || isStopWord("en", word)) return false;
      if (en?.index.has(stem(word, "en"))) return false;
      const term = stem(word, "fa");
      return fa.index.has(term) || fa.repair.repair(term, budget) !== null;
    });
  }

  /** Routes `text` with every word looked up in one language's index (evaluation, Finglish). */
  routeIn(text: string, language: Language): Route {
    const words = wordsOf(text);
    return this.scoreWords(
      words.map((word) => ({ word, language })),
      language,
      { searches: REPAIRS_PER_MESSAGE },
    );
  }

  private scoreWords(
    words: { word: string; language: Language }[],
    language: Language,
    budget: RepairBudget,
  ): Route {
    const seen = new Set<string>();
    const tokens = words
      .filter(({ word, language: l }) => !isStopWord(l, word))
      .map(({ word, language: l }) => ({ word: stem(word, l), language: l }))
      .filter(({ word }) => !seen.has(word) && seen.add(word))
      .slice(0, MAX_ROUTED_TOKENS);
    const chatty = tokens.filter(({ word, language: l }) =>
      this.indexes[l]?.smalltalk.has(word),
    ).length;
    const phrase = tokens.map((t) => t.word).join(" ");
    const smalltalk =
      (tokens.length > 0 &&
        tokens.length <= MAX_SMALLTALK_WORDS &&
        chatty * 3 >= tokens.length * 2) ||
      this.indexes[language]?.smalltalkPhrases.has(phrase) === true;
    const scores = new Float64Array(this.topicIds.length);
    const repaired: Record<string, string> = {};
    const unknown: string[] = [];
    const used: { term: string; token: string; language: Language }[] = [];
    const matchedMass: Record<Language, number> = { en: 0, fa: 0 };
    let total = 0;
    for (const { word, language: own } of tokens) {
      const found = this.lookUp(word, own, language, budget);
      if (!found) continue;
      const { target, term, weight } = found;
      // A repaired or unknown word weighs as much as the rarest word: it counts against
      // every topic, which keeps off-topic questions from scoring high on one known word.
      total += target.index.idfOf(weight === 1 ? (term ?? word) : word);
      if (term && weight !== 1) repaired[word] = term;
      if (!term) {
        unknown.push(word);
        continue;
      }
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
    this.blendSpellings(tokens, language, scores, total);
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

  /**
   * Blends in how much of the question's spelling (character 4-grams) each topic shares: a
   * form no example has (an inflection, a compound, a Finglish spelling) still shares most of
   * its pieces with the forms the examples use. Words decide most (`SPELLING_WEIGHT`);
   * spelling breaks their ties and lifts a right topic that had too few exact words. It helps
   * least where the shared stem is in many topics («فیلترشکنامون» does not reach vpn alone).
   */
  private blendSpellings(
    tokens: readonly { word: string; language: Language }[],
    language: Language,
    scores: Float64Array,
    total: number,
  ): void {
    if (total <= 0) return;
    const spelling = new Float64Array(scores.length);
    let spellingTotal = 0;
    for (const { word, language: own } of tokens) {
      const grams = (this.indexes[own] ?? this.indexes[language])?.grams;
      if (!grams) continue;
      for (const gram of gramsOf(word)) {
        spellingTotal += grams.idfOf(gram);
        grams.accumulate(gram, 1, spelling);
      }
    }
    if (spellingTotal <= 0) return;
    // Both parts as shares of what the question says, weighed, in the unit of `total`.
    for (let i = 0; i < scores.length; i++)
      scores[i] =
        (1 - SPELLING_WEIGHT) * (scores[i] ?? 0) +
        SPELLING_WEIGHT * total * ((spelling[i] ?? 0) / spellingTotal);
  }

  /**
   * Where a question word is found: in the index of its own script first, as written or
   * without a Persian ending («پیامامو» → «پیام»: the same word, counted in full); then in
   * the other index if it knows the word exactly (a Persian keyword in an English topic, an
   * app name in Latin letters in Persian); else repaired as a typo, counting for less.
   * `term` is null for a word no index knows.
   */
  private lookUp(
    word: string,
    own: Language,
    language: Language,
    budget: RepairBudget,
  ): { target: LanguageIndex; term: string | null; weight: number } | undefined {
    const home = this.indexes[own] ?? this.indexes[language];
    if (!home) return undefined;
    if (home.index.has(word)) return { target: home, term: word, weight: 1 };
    if (own === "fa") {
      const bare = persianEndingsOff(word).find((form) => home.index.has(form));
      if (bare) return { target: home, term: bare, weight: 1 };
    }
    const away = this.indexes[own === "en" ? "fa" : "en"];
    if (away?.index.has(word)) return { target: away, term: word, weight: 1 };
    return { target: home, term: home.repair.repair(word, budget), weight: REPAIRED_WEIGHT };
  }

  private decide(all: Candidate[], language: Language, explanation: Explanation): Route {
    const [top, second] = all;
    // The out-of-scope document competes like a topic (it counts in the margin) but is never
    // answered or offered: when it wins, the question is about something else.
    const ranked = all.filter((c) => c.intent !== OUT_OF_SCOPE).slice(0, MAX_ALTERNATIVES);
    explanation.outOfScope = top?.intent === OUT_OF_SCOPE;
    if (explanation.smalltalk || explanation.outOfScope) {
      const alternatives = explanation.smalltalk ? [] : ranked;
      return { decision: "fallback", intent: null, score: 0, language, explanation, alternatives };
    }
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

function topCandidates(ids: readonly string[], scores: Float64Array, total: number): Candidate[] {
  if (total <= 0) return [];
  const ranked: Candidate[] = [];
  scores.forEach((s, i) => {
    if (s > 0) ranked.push({ intent: ids[i] ?? "", score: Math.min(1, s / total) });
  });
  ranked.sort((a, b) => b.score - a.score);
  return ranked
    .slice(0, MAX_ALTERNATIVES + 1)
    .map((c) => ({ ...c, score: Math.round(c.score * 1000) / 1000 }));
}
