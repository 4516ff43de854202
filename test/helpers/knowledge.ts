import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach } from "vitest";
import type { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import type { Language } from "../../src/text/language.ts";

/** The small, valid knowledge base the unit tests run on (bale, signal, get-help). */
export const FIXTURE_KNOWLEDGE = resolve(import.meta.dirname, "..", "fixtures", "knowledge");

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throw-away copy of the fixture knowledge base that a test may break; removed after the test. */
export function copyOfFixture(): {
  dir: string;
  edit: (file: string, change: (text: string) => string) => void;
  write: (file: string, text: string) => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "panah-kb-"));
  made.push(dir);
  cpSync(FIXTURE_KNOWLEDGE, dir, { recursive: true });
  return {
    dir,
    edit: (file, change) =>
      writeFileSync(join(dir, file), change(readFileSync(join(dir, file), "utf8"))),
    write: (file, text) => writeFileSync(join(dir, file), text),
  };
}

/** A fresh temporary directory, removed after the test. */
export function tempDir(prefix = "panah-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

let bundled: Promise<KnowledgeBase> | undefined;

/**
 * A topic's title in the knowledge base Panah ships, which the end-to-end tests answer from: the first line of its answer. End-to-end tests
 * compare against it rather than against today's wording, which maintainers change.
 */
export async function bundledTitle(topic: string, language: Language = "en"): Promise<string> {
  // Imported here, not at the top: most tests use this file and never need the whole app.
  bundled ??= import("../../src/engine/knowledge.ts")
    .then(({ BUNDLED_KNOWLEDGE_DIR }) => loadKnowledge(BUNDLED_KNOWLEDGE_DIR))
    .then(({ kb }) => {
      if (!kb)
        throw new Error("the bundled knowledge base does not load: run `npx panah validate`");
      return kb;
    });
  const title = (await bundled).topics.get(topic)?.content[language]?.title;
  if (!title) throw new Error(`the bundled knowledge base has no ${language} topic "${topic}"`);
  return title;
}
