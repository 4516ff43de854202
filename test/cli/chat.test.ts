import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { guideFileName } from "../../src/export/guide.ts";
import { runBin } from "../helpers/cli.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { tempDir } from "../helpers/knowledge.ts";

/** Visible width of a terminal line: the Persian ZWNJ and other zero-width marks take none. */
const columns = (line: string) => [...line.replace(/[\p{M}\u200B-\u200F]/gu, "")].length;

const QUESTIONS = "Is Bale safe?\nپیام‌رسان بله امن است؟\n/quit\n";

/** `panah chat` in this process, its stdout a terminal `width` columns wide. */
async function chatInTerminal(stdin: string, width: number): Promise<string> {
  let output = "";
  const stdout = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    }),
    { isTTY: true, columns: width },
  );
  const input = new PassThrough();
  input.end(stdin);
  const code = await main(["chat"], {
    stdin: input,
    stdout,
    stderr: new PassThrough(),
    env: { PANAH_DATA_DIR: tempDir() },
    logger: capturingLogger().logger,
  });
  expect(code).toBe(0);
  return output;
}

/** The same text with its line breaks and indentation undone: what wrapping must not change. */
const flowed = (text: string) => text.replace(/\s+/g, " ").trim();

describe("the terminal chat", () => {
  it("wraps answers at word boundaries to an 80-column terminal, English and Persian, links whole", async () => {
    const wrapped = await chatInTerminal(QUESTIONS, 80);
    const piped = await runBin(["chat"], { stdin: QUESTIONS, env: { PANAH_DATA_DIR: tempDir() } });
    const lines = wrapped.split("\n");
    // Only a link longer than the screen may pass the edge, alone on its line.
    expect(lines.filter((line) => columns(line) > 80 && /\s/.test(line))).toEqual([]);
    // It uses the width, not some narrower guess.
    expect(Math.max(...lines.map(columns))).toBeGreaterThan(70);
    // Both answers are there, Persian included, every word and link intact: only the line
    // breaks differ from the unwrapped text.
    expect(wrapped).toContain("بله");
    expect(flowed(wrapped)).toBe(flowed(piped.stdout));
    const links = piped.stdout.match(/https:\/\/[^\s)]+/g) ?? [];
    expect(links.some((link) => link.length > 70)).toBe(true);
    for (const link of links) expect(wrapped).toContain(link);
    // A bullet's continuation lines start under its text.
    const bullet = lines.findIndex((line) => line.startsWith("• An independent audit"));
    expect(lines[bullet + 1]).toMatch(/^ {2}\S/);
  });

  it("does not wrap when its output goes to a pipe, unless COLUMNS asks for a width", async () => {
    const piped = await runBin(["chat"], { stdin: QUESTIONS, env: { PANAH_DATA_DIR: tempDir() } });
    expect(piped.stdout.split("\n").some((line) => columns(line) > 100)).toBe(true);
    const narrow = await runBin(["chat"], {
      stdin: QUESTIONS,
      env: { PANAH_DATA_DIR: tempDir(), COLUMNS: "60" },
    });
    const tooWide = narrow.stdout
      .split("\n")
      .filter((line) => columns(line) > 60 && /\s/.test(line));
    expect(tooWide).toEqual([]);
    expect(flowed(narrow.stdout)).toBe(flowed(piped.stdout));
  });

  it("/guide saves the offline guide in the current directory and says where, in the person's language", async () => {
    const here = tempDir();
    const { code, stdout } = await runBin(["chat"], {
      stdin: "/guide\n/lang fa\n/guide\n/quit\n",
      env: { PANAH_DATA_DIR: tempDir() },
      cwd: here,
    });
    expect(code).toBe(0);
    const file = join(here, guideFileName(new Date()));
    expect(readFileSync(file, "utf8")).toMatch(/^<!doctype html>[\s\S]*Is Bale safe\?/);
    expect(stdout).toMatch(
      new RegExp(`Saved the offline guide as ${file} \\(\\d+\u00a0kB\\)\\. Open it in any browser`),
    );
    expect(stdout).toContain(`راهنمای آفلاین در ${file} ذخیره شد`);
    expect(stdout).not.toContain("panah export");
  });

  it("/guide says what went wrong when the file cannot be written, and the chat goes on", async () => {
    const here = tempDir();
    // A directory where the file should go: not even root can write over it.
    mkdirSync(join(here, guideFileName(new Date())));
    const { code, stdout } = await runBin(["chat"], {
      stdin: "/guide\nIs Bale safe?\n/quit\n",
      env: { PANAH_DATA_DIR: tempDir() },
      cwd: here,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(
      `Could not save the offline guide as ${join(here, guideFileName(new Date()))} (EISDIR). Start Panah in a folder you can write to, or run: panah export --out FILE`,
    );
    expect(stdout).toContain("No. Anyone with access to its servers");
  });
});
