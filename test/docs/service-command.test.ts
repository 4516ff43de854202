import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..", "..");

/** Every command line inside a fenced code block of the repository's Markdown, with its place. */
function commandLines(): { where: string; line: string }[] {
  const files = execFileSync(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "*.md"],
    {
      cwd: REPO,
      encoding: "utf8",
    },
  )
    .split("\n")
    .filter((f) => f && !f.startsWith("node_modules/"));
  const found: { where: string; line: string }[] = [];
  for (const file of files) {
    let fenced = false;
    readFileSync(join(REPO, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (/^\s*```/.test(line)) fenced = !fenced;
        else if (fenced) found.push({ where: `${file}:${i + 1}`, line });
      });
  }
  return found;
}

describe("the documented way to run Panah as a service", () => {
  // npm and npx run Panah through a shell and do not pass SIGTERM on: a stopped service would
  // leave Panah running, holding the token and the database (docs/operations.md, "Without Docker").
  it("starts it with node bin/panah.js start wherever a platform is configured, never through npx", () => {
    const wrong = commandLines().filter(
      ({ line }) =>
        /\bnpx panah start\b/.test(line) ||
        (/\bnpm start\b/.test(line) && /(TELEGRAM|MATRIX)_\w+=/.test(line)),
    );
    expect(wrong.map((w) => `${w.where}: ${w.line.trim()}`)).toEqual([]);
  });
});
