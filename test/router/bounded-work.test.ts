import { describe, expect, it } from "vitest";
import { adversarialMessages } from "../../bench/adversarial.ts";
import { loadRouter } from "../../src/engine/knowledge.ts";
import { REPAIRS_PER_MESSAGE } from "../../src/router/typo-repair.ts";
import { MAX_ROUTED_CHARS } from "../../src/text/tokenize.ts";
import { FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";

// How long routing takes is measured by `npm run bench`; these tests pin down the bounds that
// keep one hostile message from stalling everyone: how much text is read, and how many fuzzy
// searches a message may cause.
describe("Router: the work one message can cause is bounded", () => {
  it("reads at most the routed length of text after normalizing, whatever NFKC makes of it", async () => {
    const { router } = await loadRouter(FIXTURE_KNOWLEDGE);
    // One "㌖" normalizes to six letters: 4,096 of them would be 24,576 characters of one word.
    const route = router.route("㌖".repeat(4096));
    expect(route.explanation.tokens.join(" ").length).toBeLessThanOrEqual(MAX_ROUTED_CHARS);
    expect(route.decision).toBe("fallback");
  });

  it("repairs at most a few misspelled words per message, and the rest count as unknown", async () => {
    const { router } = await loadRouter(FIXTURE_KNOWLEDGE);
    const typos = Array.from({ length: 40 }, (_, i) => `signnal${"abcdefghij"[i % 10]}${i}x`);
    const route = router.route(`is ${typos.join(" ")} safe`);
    const attempted =
      Object.keys(route.explanation.repaired).length + route.explanation.unknown.length;
    expect(attempted).toBeGreaterThan(REPAIRS_PER_MESSAGE);
    expect(Object.keys(route.explanation.repaired).length).toBeLessThanOrEqual(REPAIRS_PER_MESSAGE);
  });

  it("still repairs the typo in an ordinary question", async () => {
    const { router } = await loadRouter(FIXTURE_KNOWLEDGE);
    expect(router.route("does signnal work in iran").explanation.repaired).toEqual({
      signnal: "signal",
    });
  });

  it("routes every message of the bench's adversarial corpus to a reply", async () => {
    const { router } = await loadRouter(FIXTURE_KNOWLEDGE);
    for (const { text } of adversarialMessages()) expect(router.route(text).decision).toBeDefined();
  });
});
