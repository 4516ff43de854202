import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { Route, Router, Thresholds } from "../router/router.ts";
import type { Language } from "../text/language.ts";
import type { EverydayScore } from "./everyday-set.ts";
import { leaveOneOutRoutes } from "./leave-one-out.ts";
import type { ParaphraseSet } from "./paraphrase-set.ts";

/** How one set of labelled questions fared. Rates are fractions of `total`. */
export interface Score {
  total: number;
  /** The right topic ranked first, whatever was decided. */
  top1: number;
  /** The right topic among the candidates (up to three). */
  top3: number;
  /** Answered directly (right or wrong). */
  answered: number;
  /** Answered directly with the right topic. */
  answeredCorrectly: number;
  /** Of the direct answers, how many were right. */
  precision: number;
  /** Answered with the right topic, or offered it among the "did you mean" choices. */
  answeredOrOffered: number;
  /** Answered directly with a wrong topic: the dangerous case. */
  answeredWrongly: number;
  fallback: number;
}

export interface OutOfScopeScore {
  total: number;
  /** Got the fallback, as they should. */
  rejected: number;
  /** Got a confident (wrong) answer: the failure that matters most. */
  answered: number;
  examplesAnswered: { question: string; intent: string }[];
}

export interface Confusion {
  expected: string;
  got: string;
  count: number;
  examples: string[];
}

export interface SetScore {
  paraphrases: Score;
  outOfScope: OutOfScopeScore;
}

export interface LanguageReport extends Partial<SetScore> {
  language: Language;
  leaveOneOut: Score;
  /**
   * The second paraphrase set (holdout.<language>.yaml), written after the router was tuned
   * and never tuned on: the fairer estimate of how new questions will fare.
   */
  heldOut?: SetScore;
  /**
   * The development set (dev.<language>.yaml), written from TOPICS.md alone like the held-out
   * set, but for tuning: its confusions are listed, so it tells where new questions go wrong
   * without spending the held-out set.
   */
  dev?: SetScore;
  devConfusions?: Confusion[];
  /** Everyday sets (public test partitions, held-out everyday questions): how many were answered. */
  everyday?: EverydayScore[];
  confusions: Confusion[];
}

/**
 * Leave-one-out over the knowledge base's own examples: each example is routed by a router
 * built without it, so the score says how well the other examples cover the topic.
 */
export function leaveOneOut(
  kb: KnowledgeBase,
  language: Language,
  thresholds: Thresholds,
  confusions: ConfusionTally,
): Score {
  const tally = new Tally();
  for (const { topic, example, route } of leaveOneOutRoutes(kb, language, thresholds)) {
    tally.add(route, topic.id);
    confusions.add(route, topic.id, example);
  }
  return tally.score();
}

/** Routes a labelled paraphrase set through the full router, as users' questions are. */
export function scoreParaphrases(
  router: Router,
  set: ParaphraseSet,
  confusions: ConfusionTally,
): SetScore {
  const tally = new Tally();
  for (const [intent, questions] of Object.entries(set.topics))
    for (const question of questions) {
      const route = router.route(question, set.language);
      tally.add(route, intent);
      confusions.add(route, intent, question);
    }
  const oos: OutOfScopeScore = { total: 0, rejected: 0, answered: 0, examplesAnswered: [] };
  for (const question of set.out_of_scope) {
    const route = router.route(question, set.language);
    oos.total++;
    if (route.decision === "fallback") oos.rejected++;
    if (route.decision === "answer" && route.intent) {
      oos.answered++;
      oos.examplesAnswered.push({ question, intent: route.intent });
    }
  }
  oos.rejected = ratio(oos.rejected, oos.total);
  oos.answered = ratio(oos.answered, oos.total);
  return { paraphrases: tally.score(), outOfScope: oos };
}

class Tally {
  private n = 0;
  private top1 = 0;
  private top3 = 0;
  private answered = 0;
  private right = 0;
  private fallback = 0;
  private offered = 0;

  add(route: Route, expected: string): void {
    this.n++;
    if (route.alternatives[0]?.intent === expected) this.top1++;
    if (route.alternatives.some((c) => c.intent === expected)) this.top3++;
    if (route.decision === "answer") {
      this.answered++;
      if (route.intent === expected) this.right++;
    }
    if (route.decision === "fallback") this.fallback++;
    if (route.decision === "suggest" && route.alternatives.some((c) => c.intent === expected))
      this.offered++;
  }

  score(): Score {
    return {
      total: this.n,
      top1: ratio(this.top1, this.n),
      top3: ratio(this.top3, this.n),
      answered: ratio(this.answered, this.n),
      answeredCorrectly: ratio(this.right, this.n),
      precision: ratio(this.right, this.answered),
      answeredOrOffered: ratio(this.right + this.offered, this.n),
      answeredWrongly: ratio(this.answered - this.right, this.n),
      fallback: ratio(this.fallback, this.n),
    };
  }
}

/** Which topics get mistaken for which, with the questions that showed it. */
export class ConfusionTally {
  private readonly pairs = new Map<string, Confusion>();

  add(route: Route, expected: string, question: string): void {
    const got = route.alternatives[0]?.intent;
    if (!got || got === expected) return;
    const key = `${expected}>${got}`;
    const pair = this.pairs.get(key) ?? { expected, got, count: 0, examples: [] };
    pair.count++;
    if (pair.examples.length < 3) pair.examples.push(question);
    this.pairs.set(key, pair);
  }

  top(n: number): Confusion[] {
    return [...this.pairs.values()].sort((a, b) => b.count - a.count).slice(0, n);
  }
}

const ratio = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
