import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach } from "vitest";

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
