import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { linkProblem, relativeLinks, targetOf } from "./markdown-links.ts";

const REPO = resolve(import.meta.dirname, "..", "..");

describe("links between the repository's Markdown files", () => {
  it("every relative link leads to a file or directory inside the repository that git does not ignore", () => {
    // Tracked files and new ones not yet committed; git-ignored ones (node_modules) are not.
    const markdown = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.md"])
      .split("\0")
      .filter((file) => file !== "" && !file.split("/").includes("node_modules"));
    expect(markdown).toContain("README.md");
    const broken: string[] = [];
    const resolved: { where: string; inside: string }[] = [];
    for (const file of new Set(markdown))
      for (const link of relativeLinks(readFileSync(join(REPO, file), "utf8"))) {
        if (link.path === "") continue;
        const where = `${file}:${link.line}: ${link.target}`;
        const problem = linkProblem(REPO, file, link);
        if (problem) broken.push(`${where} ${problem}`);
        else resolved.push({ where, inside: relative(REPO, targetOf(REPO, file, link)) });
      }
    const ignored = gitIgnored(resolved.map((r) => r.inside).filter(Boolean));
    for (const { where, inside } of resolved)
      if (ignored.has(inside)) broken.push(`${where} leads to a git-ignored path a clone lacks`);
    expect(broken, `broken links:\n${broken.join("\n")}`).toEqual([]);
  });
});

describe("finding a document's relative links", () => {
  it("finds inline links, images and reference definitions, on the line where each is", () => {
    const links = relativeLinks(
      [
        "See [the guide](docs/guide.md#top) and ![a map](img/map%20big.png 'Map').",
        "",
        "A [wrapped",
        "link](<docs/with space.md>) and a [reference][r].",
        "",
        "[r]: ../outside.md",
      ].join("\n"),
    );
    expect(links).toEqual([
      { line: 1, target: "docs/guide.md#top", path: "docs/guide.md" },
      { line: 1, target: "img/map%20big.png", path: "img/map big.png" },
      { line: 4, target: "docs/with space.md", path: "docs/with space.md" },
      { line: 6, target: "../outside.md", path: "../outside.md" },
    ]);
  });

  it("leaves out web and mail addresses, same-page anchors and anything in code", () => {
    const links = relativeLinks(
      [
        "[site](https://example.org/a.md) [mail](mailto:a@example.org) [up](#top)",
        "`[not](a-link.md)` and ``[nor](this.md)``",
        "```md",
        "[in a fence](fenced.md)",
        "```",
        "<!-- [commented](out.md) -->",
        "[real](real.md)",
      ].join("\n"),
    );
    expect(links.map((l) => l.target)).toEqual(["real.md"]);
  });

  it("a link out of the repository is broken even when the file exists beside it", () => {
    const root = mkdtempSync(join(tmpdir(), "panah-links-"));
    try {
      const repo = join(root, "main");
      mkdirSync(join(root, "shared", "research"), { recursive: true });
      mkdirSync(join(repo, "docs"), { recursive: true });
      writeFileSync(join(root, "shared", "research", "routing.md"), "notes\n");
      writeFileSync(join(repo, "docs", "routing.md"), "doc\n");
      const [outside, inside, missing, rooted] = relativeLinks(
        "[a](../shared/research/routing.md) [b](docs/routing.md) [c](docs/gone.md) [d](/docs)",
      );
      if (!outside || !inside || !missing || !rooted) throw new Error("links not found");
      expect(linkProblem(repo, "README.md", outside)).toBe("leads outside the repository");
      expect(linkProblem(repo, "README.md", inside)).toBeUndefined();
      expect(linkProblem(repo, "README.md", missing)).toBe("leads to nothing");
      expect(linkProblem(repo, "docs/routing.md", rooted)).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

function git(args: string[], input?: string): string {
  return execFileSync("git", args, { cwd: REPO, encoding: "utf8", input });
}

/** Which of `paths` (relative to the repository) git ignores. */
function gitIgnored(paths: string[]): Set<string> {
  if (paths.length === 0) return new Set();
  try {
    return new Set(git(["check-ignore", "--no-index", "--stdin"], paths.join("\n")).split("\n"));
  } catch (error) {
    // Exit status 1: none of them is ignored.
    if ((error as { status?: number }).status === 1) return new Set();
    throw error;
  }
}
