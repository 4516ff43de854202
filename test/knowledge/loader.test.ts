import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import { formatProblem } from "../../src/knowledge/problems.ts";
import { copyOfFixture, FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";

async function errorsOf(dir: string): Promise<string[]> {
  const { kb, problems } = await loadKnowledge(dir);
  expect(kb).toBeUndefined();
  return problems.filter((p) => p.severity === "error").map(formatProblem);
}

describe("loadKnowledge", () => {
  it("loads a valid knowledge base with its topics, sources, facts and both languages", async () => {
    const { kb, problems } = await loadKnowledge(FIXTURE_KNOWLEDGE);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    expect([...(kb?.topics.keys() ?? [])].sort()).toEqual(["bale", "get-help", "signal"]);
    expect(kb?.topics.get("bale")?.content.fa?.title).toBe("آیا بله امن است؟");
    expect(kb?.ui.fa.welcome).toContain("پناه");
  });

  it("fills {{fact:id}} inserts with the fact in the answer's language", async () => {
    const { kb } = await loadKnowledge(FIXTURE_KNOWLEDGE);
    expect(kb?.topics.get("bale")?.content.en?.answer).toContain("Open Technology Fund");
    expect(kb?.topics.get("bale")?.content.fa?.answer).toContain("صندوق فناوری باز");
  });

  it("names the file, line and column of a YAML indentation error", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace("  title: Signal\n", "  title: Signal\n     keywords: [oops]\n"),
    );
    const errors = await errorsOf(kb.dir);
    // The parser notices the problem where the broken value starts: the line above or the line itself.
    expect(
      errors.some((e) =>
        /^topics\/signal\.yaml:[78]:\d+: error: YAML syntax: .*indentation/.test(e),
      ),
    ).toBe(true);
  });

  it("names an unknown field, where it is, and says to remove it or fix its spelling", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) =>
      t.replace("reviewed: 2026-11-28", "reviewed: 2026-11-28\nreveiwed_by: someone"),
    );
    expect(await errorsOf(kb.dir)).toContain(
      'topics/bale.yaml:6:1: error: unknown field "reveiwed_by": remove it or fix its spelling',
    );
  });

  it("reports a duplicate topic id in both places' terms", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/get-help.yaml", (t) => t.replace("id: get-help", "id: signal"));
    const errors = await errorsOf(kb.dir);
    expect(
      errors.some((e) =>
        e.startsWith('topics/signal.yaml:1:5: error: duplicate topic id "signal"'),
      ),
    ).toBe(true);
    expect(
      errors.some((e) =>
        e.startsWith('topics/get-help.yaml:1:5: error: the id "signal" must match the file name'),
      ),
    ).toBe(true);
  });

  it("names the line where an unclosed [ list or quote starts, not the line where the parser gave up", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) =>
      t.replace("keywords: [bale, baleh]", "keywords: [bale, baleh"),
    );
    expect(await errorsOf(kb.dir)).toEqual([
      "topics/bale.yaml:8:13: error: YAML syntax: the [ list that starts here is never closed: add its closing ]",
    ]);
    const quoted = copyOfFixture();
    quoted.edit("topics/bale.yaml", (t) => t.replace("keywords: [bale, baleh]", 'keywords: "bale'));
    expect(await errorsOf(quoted.dir)).toEqual([
      'topics/bale.yaml:8:13: error: YAML syntax: the quoted text that starts here is never closed: add its closing "',
    ]);
  });

  it("reports a related id that points nowhere, at its line", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) =>
      t.replace("related: [signal, get-help]", "related: [signal, tor-browser]"),
    );
    expect(await errorsOf(kb.dir)).toContain(
      'topics/bale.yaml:3:19: error: related topic "tor-browser" does not exist: fix the id or remove it',
    );
  });

  it("reports a source that is not in knowledge/sources/", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace("sources: [signal-support]", "sources: [signal-blog]"),
    );
    expect(
      (await errorsOf(kb.dir)).some((e) =>
        e.includes('source "signal-blog" is not in knowledge/sources/'),
      ),
    ).toBe(true);
  });

  it("refuses one example question listed under two topics", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace("    - signal blocked\n", "    - Is Bale safe?\n"),
    );
    expect(
      (await errorsOf(kb.dir)).some((e) =>
        /topics\/signal\.yaml:\d+:\d+: error: example "Is Bale safe\?" is also an example of "bale"/.test(
          e,
        ),
      ),
    ).toBe(true);
  });

  it("loads out-of-scope questions, and refuses one that is also a topic's example", async () => {
    const kb = copyOfFixture();
    kb.write("out-of-scope.yaml", 'en:\n  - "weather in tehran"\n  - "Is Bale safe?"\nfa: []\n');
    expect(
      (await errorsOf(kb.dir)).some((e) =>
        /out-of-scope\.yaml:3:5: error: "Is Bale safe\?" is also an example of "bale" .*: a question Panah answers is not out of scope/.test(
          e,
        ),
      ),
    ).toBe(true);
    kb.write("out-of-scope.yaml", 'en:\n  - "weather in tehran"\n');
    const { kb: loaded } = await loadKnowledge(kb.dir);
    expect(loaded?.outOfScope).toEqual({ en: ["weather in tehran"], fa: [] });
  });

  it("refuses plain-http links, redirectors and tracking parameters", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace(
        "(https://signal.org/blog/help-iran-reconnect/)",
        "(http://signal.org/) [x](https://bit.ly/abc) [y](https://signal.org/?utm_source=bot)",
      ),
    );
    const errors = await errorsOf(kb.dir);
    expect(errors.some((e) => e.includes("must use https://"))).toBe(true);
    expect(errors.some((e) => e.includes("redirector or shortener"))).toBe(true);
    expect(errors.some((e) => e.includes("tracking parameters (utm_source)"))).toBe(true);
  });

  it("refuses an answer too long for one Telegram message", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/signal.yaml", (t) =>
      t.replace("by default.\n", `by default. ${"word ".repeat(900)}\n`),
    );
    expect(
      (await errorsOf(kb.dir)).some((e) =>
        /topics\/signal\.yaml:\d+:\d+: error: the answer is \d+ characters/.test(e),
      ),
    ).toBe(true);
  });

  it("refuses an insert of a fact that does not exist", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) =>
      t.replace("{{fact:otf-audit-no-e2ee}}", "{{fact:no-such-fact}}"),
    );
    expect(
      (await errorsOf(kb.dir)).some((e) => e.includes('fact "no-such-fact" does not exist')),
    ).toBe(true);
  });

  it("requires every interface string in both languages", async () => {
    const kb = copyOfFixture();
    kb.edit("ui/fa.yaml", (t) => t.replace(/^ {2}rate_limited: .*\n/m, ""));
    expect(await errorsOf(kb.dir)).toContain(
      'ui/fa.yaml:6:3: error: missing field "strings.rate_limited": add it (string)',
    );
  });

  it("requires the same placeholders in both languages", async () => {
    const kb = copyOfFixture();
    kb.edit("ui/fa.yaml", (t) => t.replace(/^ {2}forget_done: .*$/m, '  forget_done: "[fa] done"'));
    expect(
      (await errorsOf(kb.dir)).some((e) =>
        /^ui\/fa\.yaml:\d+:\d+: error: "forget_done" lacks the placeholder \{count\}/.test(e),
      ),
    ).toBe(true);
  });

  it("warns, without refusing, when a topic lacks a language or has few examples", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/get-help.yaml", (t) => t.slice(0, t.indexOf("fa:")));
    const { kb: loaded, problems } = await loadKnowledge(kb.dir);
    expect(loaded).toBeDefined();
    expect(problems.map(formatProblem)).toContain(
      'topics/get-help.yaml:1:1: warning: no "fa" block: people asking in Persian get the other language',
    );
  });

  it("says which folder is missing when pointed at a directory that is not a knowledge base", async () => {
    const errors = await errorsOf("/nonexistent-panah-dir");
    expect(errors[0]).toContain("topics/: error: folder is missing");
  });
});
