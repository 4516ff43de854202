import { describe, expect, it } from "vitest";
import { openerProblem } from "../../src/knowledge/answer-checks.ts";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import { formatProblem } from "../../src/knowledge/problems.ts";
import { copyOfFixture } from "../helpers/knowledge.ts";

describe("openerProblem", () => {
  it("lets a Yes or No open an answer whose title is the yes/no question it answers", () => {
    expect(openerProblem("No. Bale's servers can read it.", "Is Bale safe?", "en")).toBeUndefined();
    expect(openerProblem("نه. سرورهای بله…", "آیا بله امن است؟", "fa")).toBeUndefined();
  });

  it("refuses a bare Yes or No under a title that asks no yes/no question", () => {
    expect(openerProblem("Yes. Tor with a bridge works.", "Tor Browser and bridges", "en")).toMatch(
      /not a yes\/no question/,
    );
    expect(openerProblem("No, never.", "How do I get Tor bridges?", "en")).toMatch(/not a yes\/no/);
    expect(openerProblem("نه، هرگز.", "چطور پل تور بگیرم؟", "fa")).toMatch(/yes\/no/);
  });

  it("never lets a Persian answer open with «بله», which also names the app Bale", () => {
    expect(
      openerProblem(
        "بله، بعضی برنامه‌ها این کار را می‌کنند.",
        "آیا برنامه‌ها مکانم را می‌فرستند؟",
        "fa",
      ),
    ).toMatch(/Bale/);
    // The app's name further into a sentence is fine.
    expect(openerProblem("بلهٔ شما را…", "x؟", "fa")).toBeUndefined();
  });
});

describe("answer shape checks in validate", () => {
  it("warns when an answer's body is longer than one phone screen, naming its length", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace(
        "    In Iran it is blocked:",
        `    ${"Signal keeps your chats private. ".repeat(30)}\n\n    In Iran it is blocked:`,
      ),
    );
    const { kb: loaded, problems } = await loadKnowledge(kb.dir);
    expect(loaded).toBeDefined();
    expect(problems.map(formatProblem)).toContainEqual(
      expect.stringMatching(
        /^topics\/signal\.yaml:\d+:\d+: warning: the answer reads \d+ characters before its sources, over the 900 that fit one phone screen/,
      ),
    );
  });

  it("warns about a Yes opener under a title that is not a yes/no question", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace("    Signal encrypts every chat", "    **Yes.** Signal encrypts every chat"),
    );
    const { problems } = await loadKnowledge(kb.dir);
    expect(problems.map(formatProblem)).toContainEqual(
      expect.stringMatching(
        /signal\.yaml:\d+:\d+: warning: the answer opens with "Yes" but its title "Signal"/,
      ),
    );
  });
});
