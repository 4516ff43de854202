import type { Route } from "../router/router.ts";
import { detectScriptLanguage } from "../text/language.ts";
import type { GateJudgement } from "./gate.ts";

/** When the gate overrides the router, for one script. */
export interface GateThresholds {
  /** An answer this likely everyday becomes "did you mean". */
  doubt: number;
  /** A question more likely everyday than this gets the fallback, whatever the router found (1: never). */
  reject: number;
  /** A "did you mean" whose first choice the gate gives at least this becomes an answer. */
  confirm: number;
  /** An answer becomes "did you mean" when the gate gives another topic at least this. */
  dispute: number;
}

/** Latin script covers English and Finglish; Persian script, Persian. */
export interface GateSettings {
  latin: GateThresholds;
  persian: GateThresholds;
}

/** The thresholds for `text`'s script: Persian letters, or Latin (English and Finglish). */
export function thresholdsFor(settings: GateSettings, text: string): GateThresholds {
  return detectScriptLanguage(text) === "fa" ? settings.persian : settings.latin;
}

/**
 * Calibrated on the paraphrase sets, CLINC val and MASSIVE dev (never the held-out or test
 * sets; docs/routing.md). Refusing outright (`reject`) cost more right topics offered than it
 * saved, so it is off: an everyday question gets "did you mean", which the menu follows.
 */
export const DEFAULT_GATE: GateSettings = {
  latin: { doubt: 0.85, reject: 1, confirm: 0.6, dispute: 0.6 },
  persian: { doubt: 0.85, reject: 1, confirm: 0.6, dispute: 0.4 },
};

/** To confirm, the gate's first topic must be this many times as likely as its second. */
const CONFIRM_LEAD = 3;

/** What the gate did to a route, for `ask --explain`. */
export type GateVerdict = "kept" | "doubted" | "disputed" | "rejected" | "confirmed";

export interface GateExplanation extends GateJudgement {
  verdict: GateVerdict;
  thresholds: GateThresholds;
}

/**
 * The router's decision, checked by the gate: an answer to a question that looks everyday is
 * offered as "did you mean" instead (or refused, when the gate is sure), and a "did you mean"
 * whose first choice the gate independently picks is answered. The gate never answers a topic
 * the router did not rank first: two different methods agreeing is what makes an answer safe.
 */
export function gateRoute(route: Route, judgement: GateJudgement, t: GateThresholds): Route {
  const explain = (verdict: GateVerdict): GateExplanation => ({
    ...judgement,
    verdict,
    thresholds: t,
  });
  const kept = (): Route => ({
    ...route,
    explanation: { ...route.explanation, gate: explain("kept") },
  });
  if (route.decision === "fallback") return kept();
  if (judgement.everyday > t.reject)
    return {
      ...route,
      decision: "fallback",
      intent: null,
      score: 0,
      explanation: { ...route.explanation, outOfScope: true, gate: explain("rejected") },
    };
  if (route.decision === "answer" && judgement.everyday >= t.doubt)
    return {
      ...route,
      decision: "suggest",
      intent: null,
      explanation: { ...route.explanation, gate: explain("doubted") },
    };
  const first = route.alternatives[0];
  const rival = judgement.topic;
  if (
    route.decision === "answer" &&
    rival &&
    rival.intent !== route.intent &&
    rival.probability >= t.dispute
  )
    return {
      ...route,
      decision: "suggest",
      intent: null,
      // The gate's choice is offered beside the router's, so the right one is a tap away.
      alternatives: withRival(route, rival.intent),
      explanation: { ...route.explanation, gate: explain("disputed") },
    };
  if (
    route.decision === "suggest" &&
    first &&
    judgement.topic?.intent === first.intent &&
    judgement.topic.probability >= t.confirm &&
    // A question about two topics ("bale or signal?") gets its choice, however sure the gate.
    (judgement.runnerUp?.probability ?? 0) * CONFIRM_LEAD <= judgement.topic.probability
  )
    return {
      ...route,
      decision: "answer",
      intent: first.intent,
      explanation: { ...route.explanation, gate: explain("confirmed") },
    };
  return kept();
}

function withRival(route: Route, intent: string): Route["alternatives"] {
  const others = route.alternatives.filter((c) => c.intent !== intent);
  const rival = route.alternatives.find((c) => c.intent === intent) ?? { intent, score: 0 };
  return [...others.slice(0, 1), rival, ...others.slice(1)].slice(0, 3);
}
