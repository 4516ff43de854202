import { describe, expect, it } from "vitest";
import { runBin, runCli } from "../helpers/cli.ts";
import { bundledTitle, copyOfFixture, FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";

describe("panah ask", () => {
  it("prints one JSON line with the decision, intent, score, language and alternatives", async () => {
    const { code, stdout } = await runCli(["ask", "--json", "Is Bale safe?"]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? "");
    expect(Object.keys(result)).toEqual([
      "decision",
      "intent",
      "score",
      "language",
      "alternatives",
    ]);
    expect(result).toMatchObject({ decision: "answer", intent: "bale", language: "en" });
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.alternatives[0]).toEqual({ intent: "bale", score: result.score });
  });

  it("prints intent null for an out-of-scope question", async () => {
    const { stdout } = await runCli(["ask", "--json", "what's the weather in Tehran"]);
    expect(JSON.parse(stdout)).toMatchObject({ decision: "fallback", intent: null });
  });

  it("reads one question a line from stdin with -, and prints exactly one JSON line each, in order", async () => {
    const { stdout } = await runCli(["ask", "--json", "-"], {
      stdin: "Is Bale safe?\nبله امن است؟\nwhat's the weather in Tehran\n",
    });
    const results = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(results.map((r) => [r.intent, r.language])).toEqual([
      ["bale", "en"],
      ["bale", "fa"],
      [null, "en"],
    ]);
  });

  it("prints the reply as a person would read it without --json, and why with --explain", async () => {
    const { stdout } = await runCli(["ask", "--explain", "Is Bale safe?"]);
    expect(stdout).toContain("Sources:");
    expect(stdout).toMatch(/decision: answer/);
    expect(stdout).toMatch(/winner: bale [\d.]+ \(matched: bale, safe\)/);
    expect(stdout).toMatch(/thresholds: answer ≥ [\d.]+ with margin ≥ [\d.]+/);
  });

  it("answers from another knowledge base given in PANAH_KNOWLEDGE_DIR", async () => {
    const { stdout } = await runCli(["ask", "--json", "Is Signal safe?"], {
      env: { PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE },
    });
    expect(JSON.parse(stdout).intent).toBe("signal");
  });
});

describe("panah validate", () => {
  it("passes the bundled knowledge base", async () => {
    const { code, stdout } = await runCli(["validate"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/OK\. \d+ topics/);
  }, 60_000); // leave-one-out builds a router per example: seconds, more on a loaded machine

  it("exits 1 naming the file and line of each problem in a broken directory", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) =>
      t
        .replace("related: [signal, get-help]", "related: [signal, nowhere]")
        .replace("reviewed: 2026-11-28", "reviewed: 2026-11-28\ncolour: red"),
    );
    const { code, stderr } = await runCli(["validate", kb.dir]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'topics/bale.yaml:3:19: error: related topic "nowhere" does not exist',
    );
    expect(stderr).toContain('topics/bale.yaml:6:1: error: unknown field "colour"');
    expect(stderr).toContain("2 error(s)");
  });

  it("refuses to start on a broken knowledge base, saying what to fix", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) => t.replace("id: bale", "id: Bale!"));
    const { code, stderr } = await runCli(["ask", "--json", "hi"], {
      env: { PANAH_KNOWLEDGE_DIR: kb.dir },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /topics\/bale\.yaml:1:5: error: "id" \("Bale!"\): a topic id is lowercase/,
    );
  });
});

describe("panah topics and eval", () => {
  it("lists every topic with its languages as JSON", async () => {
    const { stdout } = await runCli(["topics", "--json", FIXTURE_KNOWLEDGE]);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({ id: "bale", languages: ["en", "fa"] }),
      expect.objectContaining({ id: "get-help", languages: ["en", "fa"] }),
      expect.objectContaining({ id: "signal", languages: ["en", "fa"] }),
    ]);
  });

  it("reports leave-one-out, paraphrase, dev, out-of-scope and everyday scores per language, and gates on --fail-under", async () => {
    // One run for both: the report is printed, then the gate (set above any real score) fails.
    const { code, stdout, stderr } = await runCli(["eval", "--json", "--fail-under", "99.9"]);
    expect(code).toBe(1);
    expect(stderr).toContain("accuracy below 99.9%");
    const report = JSON.parse(stdout);
    for (const language of report.languages) {
      expect(language.leaveOneOut.total).toBeGreaterThan(200);
      expect(language.paraphrases.total).toBeGreaterThanOrEqual(150);
      expect(language.outOfScope.total).toBeGreaterThanOrEqual(30);
      expect(language.paraphrases.top1).toBeGreaterThan(0.8);
      expect(language.outOfScope.answered).toBeLessThan(0.05);
      expect(language.heldOut.paraphrases.total).toBeGreaterThanOrEqual(150);
      expect(language.heldOut.outOfScope.total).toBeGreaterThanOrEqual(30);
      // The development set, written from TOPICS.md alone, is reported with its confusions.
      expect(language.dev.paraphrases.total).toBeGreaterThanOrEqual(300);
      expect(language.devConfusions.length).toBeGreaterThan(0);
      // The everyday sets: the public test partition and the held-out everyday questions.
      const everyday = Object.fromEntries(
        language.everyday.map((e: { name: string }) => [e.name, e]),
      );
      const publicSet = language.language === "en" ? "CLINC150 test" : "MASSIVE fa-IR test";
      expect(everyday[publicSet].total).toBeGreaterThan(language.language === "en" ? 4000 : 90);
      expect(everyday["held-out everyday"].total).toBe(100);
      for (const set of language.everyday) expect(set.answered).toBeLessThan(0.05);
    }
  }, 60_000);
});

/** `panah ask --json -` through the installed command: one parsed JSON line per question. */
async function askBatch(stdin: string) {
  const { code, stdout } = await runBin(["ask", "--json", "-"], { stdin });
  const answers = stdout
    .trim()
    .split("\n")
    .map(
      (line) => JSON.parse(line) as { intent: string | null; alternatives: { intent: string }[] },
    );
  return { code, answers };
}

describe("the panah command", () => {
  it("runs from a fresh install with no build step, batch mode included", async () => {
    const { code, answers } = await askBatch("Is Bale safe?\nبله امن است؟\n");
    expect(code).toBe(0);
    expect(answers.map((a) => a.intent)).toEqual(["bale", "bale"]);
  });

  it("reads one question per line in batch mode: a lone carriage return does not split a question", async () => {
    const { code, answers } = await askBatch("Is Bale\rsafe?\r\nIs Eitaa safe?");
    expect(code).toBe(0);
    expect(answers.map((a) => a.alternatives[0]?.intent)).toEqual(["bale", "eitaa"]);
  });

  it("opens a terminal chat on `start` when no platform is configured, answering English and Persian", async () => {
    const { code, stdout } = await runBin(["start"], {
      stdin: "Is Bale safe?\nبله امن است؟\n/quit\n",
      env: { PANAH_DATA_DIR: tempDir() },
    });
    expect(code).toBe(0);
    expect(stdout).toContain("I'm Panah");
    // Title first, then the answer; one compact sources line; how current it is.
    expect(stdout).toContain(`\n${await bundledTitle("bale")}\n\n`);
    expect(stdout).toMatch(/\nSources: [^\n]+ 20\d\d \(https:\/\/[^\n]+\n/);
    expect(stdout).toMatch(/\n(My newest information is from|Last checked) [^\n]*\d{4}\./);
    // The Persian answer in Persian, its publishers and years in Persian digits of the Solar Hijri calendar.
    expect(stdout).toContain(`\n${await bundledTitle("bale", "fa")}\n\n`);
    expect(stdout).toMatch(/\nمنابع: [^\n]+ ۱۴[۰-۹]{2} \(https:\/\/[^\n]+\n/);
  });

  it("explains a bad command instead of crashing", async () => {
    const { code, stderr } = await runCli(["fly"]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "fly"');
  });
});
