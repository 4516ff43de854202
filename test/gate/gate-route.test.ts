import { describe, expect, it } from "vitest";
import type { GateJudgement } from "../../src/gate/gate.ts";
import { type GateThresholds, gateRoute } from "../../src/gate/gate-route.ts";
import { DEFAULT_THRESHOLDS, type Route } from "../../src/router/router.ts";

const t: GateThresholds = { doubt: 0.8, reject: 0.95, confirm: 0.6, dispute: 0.5 };

function route(decision: Route["decision"], ...intents: string[]): Route {
  return {
    decision,
    intent: decision === "answer" ? (intents[0] ?? null) : null,
    score: 0.5,
    language: "en",
    alternatives: intents.map((intent, i) => ({ intent, score: 0.5 - i / 10 })),
    explanation: {
      tokens: [],
      repaired: {},
      unknown: [],
      matched: {},
      thresholds: DEFAULT_THRESHOLDS,
      margin: 0.3,
    },
  };
}

const judged = (
  everyday: number,
  intent: string | null = null,
  probability = 0,
): GateJudgement => ({
  everyday,
  topic: intent ? { intent, probability } : null,
  runnerUp: null,
});

describe("gateRoute", () => {
  it("keeps an answer the gate finds about a topic, and says so", () => {
    const r = gateRoute(route("answer", "bale", "signal"), judged(0.01, "bale", 0.9), t);
    expect(r.decision).toBe("answer");
    expect(r.intent).toBe("bale");
    expect(r.explanation.gate?.verdict).toBe("kept");
  });

  it("turns an answer to an everyday-looking question into 'did you mean' with the same choices", () => {
    const r = gateRoute(route("answer", "e2ee", "signal"), judged(0.9), t);
    expect(r.decision).toBe("suggest");
    expect(r.intent).toBeNull();
    expect(r.alternatives.map((c) => c.intent)).toEqual(["e2ee", "signal"]);
    expect(r.explanation.gate?.verdict).toBe("doubted");
  });

  it("gives the fallback, marked out of scope, when the gate is sure it is everyday", () => {
    const r = gateRoute(route("suggest", "alerts", "bale"), judged(0.99), t);
    expect(r.decision).toBe("fallback");
    expect(r.explanation.outOfScope).toBe(true);
    expect(r.explanation.gate?.verdict).toBe("rejected");
  });

  it("answers a 'did you mean' when the gate picks the same first choice, and only then", () => {
    const agreed = gateRoute(route("suggest", "signal", "bale"), judged(0, "signal", 0.7), t);
    expect(agreed.decision).toBe("answer");
    expect(agreed.intent).toBe("signal");
    const other = gateRoute(route("suggest", "signal", "bale"), judged(0, "bale", 0.99), t);
    expect(other.decision).toBe("suggest");
    const unsure = gateRoute(route("suggest", "signal", "bale"), judged(0, "signal", 0.5), t);
    expect(unsure.decision).toBe("suggest");
  });

  it("asks instead of answering when the gate is sure of another topic, offering both", () => {
    const r = gateRoute(route("answer", "signal", "telegram", "vpn"), judged(0, "bale", 0.8), t);
    expect(r.decision).toBe("suggest");
    expect(r.alternatives.map((c) => c.intent)).toEqual(["signal", "bale", "telegram"]);
    expect(r.explanation.gate?.verdict).toBe("disputed");
  });

  it("leaves a fallback alone: the gate never answers what the router found nothing for", () => {
    const r = gateRoute(route("fallback", "bale"), judged(0, "bale", 0.99), t);
    expect(r.decision).toBe("fallback");
  });
});
