import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_KNOWLEDGE_DIR, loadRouter } from "../../src/engine/knowledge.ts";
import { Router } from "../../src/router/router.ts";

// Routing is tested on the bundled knowledge base: what matters is how real questions route.
let router: Router;
/** The lexical router alone, without the out-of-scope gate (tested in test/gate/). */
let lexical: Router;
beforeAll(async () => {
  const loaded = await loadRouter(BUNDLED_KNOWLEDGE_DIR);
  router = loaded.router;
  lexical = new Router(loaded.kb);
});

describe("Router", () => {
  it("answers a clear question with its topic, a score between 0 and 1 and ranked alternatives", () => {
    const route = router.route("Is Bale safe?");
    expect(route).toMatchObject({ decision: "answer", intent: "bale", language: "en" });
    expect(route.score).toBeGreaterThan(0.5);
    expect(route.score).toBeLessThanOrEqual(1);
    expect(route.alternatives[0]?.intent).toBe("bale");
  });

  it("answers Persian, however the letters and spaces are typed", () => {
    expect(router.route("بله امن است؟").intent).toBe("bale");
    expect(router.route("پيام‌رسان بله امنه؟").intent).toBe("bale");
    expect(router.route("سیگنال امنه").intent).toBe("signal");
  });

  it("answers a paraphrase that is not a copy of any example", () => {
    expect(router.route("is bale watched by the government").intent).toBe("bale");
    expect(router.route("my parents use whatsapp, is that ok or is it monitored").intent).toBe(
      "whatsapp",
    );
  });

  it("ranks the right topic first, as a choice, when a paraphrase is too loose to answer outright", () => {
    const route = router.route("could the people behind bale read what my mother sends me");
    expect(route.decision).not.toBe("fallback");
    expect(route.alternatives[0]?.intent).toBe("bale");
  });

  it("repairs a misspelled word against the vocabulary", () => {
    const route = router.route("does signnal work in iran");
    expect(route.intent).toBe("signal");
    expect(route.explanation.repaired).toEqual({ signnal: "signal" });
  });

  it("handles a message far longer than fuse's 32-character pattern limit", () => {
    const long = `My family is in Tehran and ${"I am worried about them ".repeat(200)} is signal encrypted?`;
    expect(router.route(long).alternatives.length).toBeGreaterThan(0);
    const route = router.route(
      "I have been reading a lot about the apps in Iran and my father keeps asking me whether bale is safe",
    );
    expect(route.decision).not.toBe("fallback");
    expect(route.alternatives[0]?.intent).toBe("bale");
  });

  it("answers Finglish from the Persian examples", () => {
    const route = router.route("bale amne?");
    expect(route).toMatchObject({ decision: "answer", intent: "bale", language: "fa" });
  });

  it("routes a mixed-script question", () => {
    expect(router.route("is بله safe").intent).toBe("bale");
  });

  it("falls back on an out-of-scope question instead of guessing", () => {
    expect(router.route("what's the weather in Tehran")).toMatchObject({
      decision: "fallback",
      intent: null,
    });
    expect(router.route("best recipe for ghormeh sabzi").decision).toBe("fallback");
  });

  it("falls back when a question is most like the out-of-scope list, even if a topic shares a word", () => {
    // "time" and "tehran" both occur in topics' examples; the everyday questions in
    // knowledge/out-of-scope.yaml use them more.
    const route = router.route("what's the time in tehran now");
    expect(route).toMatchObject({ decision: "fallback", intent: null });
    expect(route.explanation.outOfScope).toBe(true);
    expect(route.alternatives.map((c) => c.intent)).not.toContain("(out of scope)");
    expect(router.route("قیمت طلا امروز چنده؟").decision).toBe("fallback");
  });

  it("does not read plain English as Finglish on the strength of words both share", () => {
    // Finglish examples contain "to" (تو) and English loanwords; "how to ..." is still English.
    const route = router.route("how to lose weight fast");
    expect(route.language).toBe("en");
    expect(route.decision).toBe("fallback");
  });

  it("does not answer the Bale topic for «بله» meaning yes", () => {
    expect(router.route("بله، ممنون").decision).not.toBe("answer");
  });

  it("offers choices, not an answer, when two topics are close", () => {
    const route = lexical.route("bale or signal");
    expect(route.decision).toBe("suggest");
    expect(route.alternatives.map((c) => c.intent)).toEqual(
      expect.arrayContaining(["bale", "signal"]),
    );
  });

  it("falls back on an empty, emoji-only or punctuation-only message", () => {
    for (const text of ["", "   ", "🙂🙏", "?!"])
      expect(router.route(text)).toMatchObject({
        decision: "fallback",
        intent: null,
        alternatives: [],
      });
  });
});
