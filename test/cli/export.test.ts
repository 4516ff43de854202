import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";

describe("panah export", () => {
  it("--format html --out FILE writes the guide and says where, with its size", async () => {
    const file = join(tempDir(), "guide.html");
    const { code, stdout, stderr } = await runCli([
      "export",
      FIXTURE_KNOWLEDGE,
      "--format",
      "html",
      "--out",
      file,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^panah export: wrote .*guide\.html \(3 topics, \d+ kB\)\n$/);
    const html = readFileSync(file, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("Is Bale safe?");
  });

  it("writes to stdout when it is not a terminal, or with --out -", async () => {
    for (const args of [
      ["export", FIXTURE_KNOWLEDGE],
      ["export", FIXTURE_KNOWLEDGE, "--out", "-"],
    ]) {
      const { code, stdout } = await runCli(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
    }
  });

  it("refuses a format it does not know, saying which one it has", async () => {
    const { code, stderr } = await runCli(["export", FIXTURE_KNOWLEDGE, "--format", "pdf"]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown format "pdf"; the only format is html');
  });
});
