import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

/**
 * The relative links of a Markdown document, for checking that none is broken or leads out of
 * the repository (a reader of the repository has only what is in it).
 */

export interface MarkdownLink {
  /** 1-based line of the link in its document. */
  line: number;
  /** The link as written, e.g. `docs/routing.md#thresholds`. */
  target: string;
  /** The path part, percent-decoded, without `#fragment` or `?query`. */
  path: string;
}

/** `[text](target "title")`, `![alt](target)`; the text may hold one level of brackets. */
const INLINE = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)/g;
/** `[label]: target "title"` at the start of a line. */
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)/gm;
/** Absolute URLs (`https:`, `mailto:` and any other scheme) and same-page `#anchors`. */
const NOT_RELATIVE = /^(?:[a-z][a-z0-9+.-]*:|#)/i;

/** Every relative link in `markdown`, inline and reference-style, outside code. */
export function relativeLinks(markdown: string): MarkdownLink[] {
  const text = withoutCode(markdown);
  const links: MarkdownLink[] = [];
  for (const pattern of [INLINE, DEFINITION])
    for (const match of text.matchAll(pattern)) {
      const target = (match[1] ?? "").replace(/^<(.*)>$/, "$1");
      if (target === "" || NOT_RELATIVE.test(target)) continue;
      const start = (match.index ?? 0) + match[0].lastIndexOf(match[1] ?? "");
      links.push({ line: lineAt(text, start), target, path: pathOf(target) });
    }
  return links.sort((a, b) => a.line - b.line);
}

/**
 * What is wrong with `link` in `file` (relative to the repository root `repo`), or undefined
 * when it leads to a file or directory inside the repository. A path outside it is wrong even
 * when it exists on this machine: nobody who clones the repository has it.
 */
export function linkProblem(repo: string, file: string, link: MarkdownLink): string | undefined {
  const target = targetOf(repo, file, link);
  const inside = relative(repo, target);
  if (inside.startsWith("..") || isAbsolute(inside)) return "leads outside the repository";
  if (!existsSync(target)) return "leads to nothing";
  return undefined;
}

/** Where `link` in `file` leads; a path starting with "/" starts at the root, as GitHub reads it. */
export function targetOf(repo: string, file: string, link: MarkdownLink): string {
  return link.path.startsWith("/")
    ? join(repo, link.path)
    : resolve(repo, dirname(file), link.path);
}

function pathOf(target: string): string {
  const path = target.replace(/[?#].*$/, "");
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * `markdown` with fenced code blocks, code spans and HTML comments blanked out (their
 * characters made spaces, their line breaks kept), so that code that looks like a link is not
 * taken for one and positions still give the right line.
 */
function withoutCode(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  const lines = markdown.split("\n");
  let fence: string | undefined;
  const prose = lines.map((line) => {
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      if (!opening) return line;
      fence = opening;
      return blank(line);
    }
    const closing = opening && opening[0] === fence[0] && opening.length >= fence.length;
    if (closing && /^\s*[`~]+\s*$/.test(line)) fence = undefined;
    return blank(line);
  });
  // A code span may wrap onto the next line, never across a paragraph break.
  return prose
    .join("\n")
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/(`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))*?(?<!`)\1(?!`)/g, blank);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
