import { describe, expect, it } from "vitest";
import { qualityWarnings } from "../../src/eval/quality.ts";
import type { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import { formatProblem } from "../../src/knowledge/problems.ts";
import { runCli } from "../helpers/cli.ts";
import { copyOfFixture } from "../helpers/knowledge.ts";

describe("qualityWarnings", () => {
  it("flags an answer not reviewed for longer than the limit, at its reviewed line", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) => t.replace("reviewed: 2026-11-28", "reviewed: 2025-01-01"));
    const { kb: loaded } = await loadKnowledge(kb.dir);
    const warnings = qualityWarnings(loaded as KnowledgeBase, {
      today: "2026-11-28",
      staleDays: 180,
    }).map(formatProblem);
    expect(warnings).toContain(
      'topics/signal.yaml:5:11: warning: not reviewed for 696 days: check the answer against its sources, then update "reviewed"',
    );
  });

  it("flags an example that a router built without it would answer with another topic", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace("    - signal blocked\n", "    - can the bale app read my messages\n"),
    );
    const { kb: loaded } = await loadKnowledge(kb.dir);
    const warnings = qualityWarnings(loaded as KnowledgeBase, {
      today: "2026-11-28",
      staleDays: 180,
    }).map(formatProblem);
    expect(
      warnings.some((w) =>
        /^topics\/signal\.yaml:\d+:7: warning: "can the bale app read my messages" would be answered by "bale"/.test(
          w,
        ),
      ),
    ).toBe(true);
  });

  it("has nothing to say about the fixture base, which is fresh and unambiguous", async () => {
    const kb = copyOfFixture();
    const { kb: loaded } = await loadKnowledge(kb.dir);
    expect(
      qualityWarnings(loaded as KnowledgeBase, { today: "2026-11-28", staleDays: 180 }),
    ).toEqual([]);
  });

  it("reports warnings through panah validate without failing it, honouring --stale-days", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) => t.replace("reviewed: 2026-11-28", "reviewed: 2026-01-01"));
    const { code, stdout } = await runCli(["validate", kb.dir, "--stale-days", "7"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/warning: not reviewed for \d+ days/);
  });
});
