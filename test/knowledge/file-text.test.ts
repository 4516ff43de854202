import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_KNOWLEDGE_FILE_BYTES } from "../../src/knowledge/file-text.ts";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import { formatProblem } from "../../src/knowledge/problems.ts";
import { copyOfFixture } from "../helpers/knowledge.ts";

async function errorsOf(dir: string): Promise<string[]> {
  const { kb, problems } = await loadKnowledge(dir);
  expect(kb).toBeUndefined();
  return problems.filter((p) => p.severity === "error").map(formatProblem);
}

describe("knowledge files that are not text Panah can use", () => {
  it("refuses a file over the size limit before reading it, saying what to do", async () => {
    const kb = copyOfFixture();
    writeFileSync(
      join(kb.dir, "topics", "huge.yaml"),
      Buffer.alloc(MAX_KNOWLEDGE_FILE_BYTES + 1, 0x61),
    );
    expect(await errorsOf(kb.dir)).toContainEqual(
      expect.stringMatching(
        /^topics\/huge\.yaml: error: the file is 2\.0 MB, over the 2 MB a knowledge file may be: split it/,
      ),
    );
  });

  it("refuses bytes that are not UTF-8, naming their line and column", async () => {
    const kb = copyOfFixture();
    const file = join(kb.dir, "topics", "bale.yaml");
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(file, "utf8").replace(
      "title: Is Bale safe?",
      "title: Is Bale s\u0000afe?",
    );
    // Latin-1 "é" (0xE9) where UTF-8 wants two bytes, on the title's line.
    const bytes = Buffer.from(text.replace("s\u0000afe", "s\u00e9afe"), "latin1");
    writeFileSync(file, bytes);
    const lineOfTitle = text.split("\n").findIndex((l) => l.includes("title: Is Bale s")) + 1;
    expect(await errorsOf(kb.dir)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^topics/bale\\.yaml:${lineOfTitle}:\\d+: error: byte 0xe9 is not UTF-8 text: save the file as UTF-8`,
        ),
      ),
    );
  });

  it("refuses a NUL or another control character in the text, at its line and column", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) =>
      t.replace("title: Is Bale safe?", "title: Is Bale\u0000 safe?"),
    );
    expect(await errorsOf(kb.dir)).toContainEqual(
      expect.stringMatching(
        /^topics\/bale\.yaml:\d+:17: error: invisible control character U\+0000 in the text: delete it/,
      ),
    );
  });

  it("accepts a UTF-8 file that starts with a byte-order mark", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (t) => `\uFEFF${t}`);
    const { kb: loaded } = await loadKnowledge(kb.dir);
    expect(loaded?.topics.get("bale")).toBeDefined();
  });
});
