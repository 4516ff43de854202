import {
  CST,
  type Document,
  isMap,
  isNode,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  parseDocument,
} from "yaml";
import type { z } from "zod";
import type { Problem } from "./problems.ts";

/** A YAML path: map keys and sequence indexes from the document root. */
export type YamlPath = readonly (string | number)[];

/**
 * One parsed knowledge file that remembers where everything came from, so any problem found
 * later (by the schema or by a cross-check) can name its line and column.
 */
export class YamlFile {
  private constructor(
    readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Parses `source`; YAML syntax errors come back as located problems. */
  static parse(file: string, source: string): { yaml: YamlFile; problems: Problem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(source, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
    });
    const yaml = new YamlFile(file, doc, lines);
    const errors = [...doc.errors, ...doc.warnings];
    const unclosed = errors.length > 0 ? unclosedOpeners(source) : [];
    const problems: Problem[] = errors.map((e) => {
      // The parser notices an unclosed [ or quote where the text stops making sense, often
      // lines later; the maintainer needs the line where it was opened.
      const opener = unclosed.filter((u) => u.offset <= e.pos[0]).at(-1);
      return {
        severity: "error" as const,
        file,
        ...yaml.position(opener?.offset ?? e.pos[0]),
        message: opener
          ? `YAML syntax: ${opener.what} that starts here is never closed: add its closing ${opener.closer}`
          : explainSyntaxError(e.code, e.message),
      };
    });
    if (problems.length === 0) {
      try {
        yaml.data;
      } catch (error) {
        // Aliases that point nowhere, or that multiply into a huge document, fail here.
        problems.push({
          severity: "error",
          file,
          line: 1,
          column: 1,
          message: `YAML: ${(error as Error).message}: remove the & anchors and * aliases`,
        });
      }
    }
    return { yaml, problems };
  }

  private cached?: { value: unknown };

  /** The document as plain data (computed once). Throws on broken or explosive aliases. */
  get data(): unknown {
    this.cached ??= { value: this.doc.toJS({ maxAliasCount: 50 }) };
    return this.cached.value;
  }

  /** Validates against a schema; each failure is a located problem that says what to fix. */
  validate<T extends z.ZodType>(schema: T): { value?: z.infer<T>; problems: Problem[] } {
    const data = this.data;
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data, problems: [] };
    const problems = result.error.issues.map((issue) => this.problemFromIssue(issue));
    // Unknown fields alone do not stop the checks across files: without them the file is
    // understood, so a maintainer sees every problem in one run, not one per run.
    if (result.error.issues.every((issue) => issue.code === "unrecognized_keys")) {
      for (const issue of result.error.issues) {
        const parent = valueAtPath(data, issue.path);
        if (parent && typeof parent === "object")
          for (const key of (issue as { keys: string[] }).keys)
            delete (parent as Record<string, unknown>)[key];
      }
      const retry = schema.safeParse(data);
      if (retry.success) return { value: retry.data, problems };
    }
    return { problems };
  }

  /** A located error at `path` (or at the nearest existing parent). */
  error(
    path: YamlPath,
    message: string,
    severity: Problem["severity"] = "error",
    atKey = false,
  ): Problem {
    return { severity, file: this.file, ...this.locate(path, atKey), message };
  }

  /** Line and column of the value at `path`, or of its closest ancestor that exists. */
  locate(path: YamlPath, atKey = false): { line?: number; column?: number } {
    let node: unknown = this.doc.contents;
    let offset = (this.doc.contents as Node | null)?.range?.[0] ?? 0;
    for (const [i, key] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isNode(item.key) && (item.key as { value?: unknown }).value === key,
        );
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        if (atKey && i === path.length - 1) break;
        node = pair.value;
        if (isNode(node) && node.range) offset = node.range[0];
      } else if (isSeq(node) && typeof key === "number") {
        node = node.items[key];
        if (!isNode(node) || !node.range) break;
        offset = node.range[0];
      } else {
        break;
      }
    }
    return this.position(offset);
  }

  private position(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private problemFromIssue(issue: z.core.$ZodIssue): Problem {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const field = path.length > 0 ? `"${path.join(".")}"` : "the file";
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => `"${k}"`).join(", ");
      return this.error(
        [...path, issue.keys[0] ?? ""],
        `unknown field ${keys}${path.length ? ` in ${field}` : ""}: remove it or fix its spelling`,
        "error",
        true,
      );
    }
    if (issue.code === "invalid_type" && this.valueAt(path) === undefined) {
      return this.error(path.slice(0, -1), `missing field ${field}: add it (${issue.expected})`);
    }
    if (issue.code === "invalid_type") {
      return this.error(path, `${field} should be ${article(issue.expected)}`);
    }
    if (issue.code === "invalid_value") {
      const allowed = issue.values.map((v) => String(v)).join(", ");
      return this.error(path, `${field} must be one of: ${allowed}`);
    }
    const value = this.valueAt(path);
    const shown = typeof value === "string" && value.length <= 60 ? ` ("${value}")` : "";
    return this.error(path, `${field}${shown}: ${issue.message}`);
  }

  /** The plain value at `path`, if there is one. */
  valueAt(path: YamlPath): unknown {
    return valueAtPath(this.data, path);
  }
}

/** Flow lists and maps without their closing bracket, and quoted text without its closing quote. */
function unclosedOpeners(source: string): { offset: number; what: string; closer: string }[] {
  const found: { offset: number; what: string; closer: string }[] = [];
  for (const token of new Parser().parse(source)) {
    if (token.type !== "document") continue;
    CST.visit(token, (item) => {
      const node = item.value;
      if (!node) return;
      const at = node.offset;
      if (node.type === "flow-collection") {
        const closed = node.end.some((e) => e.type === "flow-seq-end" || e.type === "flow-map-end");
        const list = node.start.source === "[";
        if (!closed)
          found.push({
            offset: at,
            what: list ? "the [ list" : "the { map",
            closer: list ? "]" : "}",
          });
      } else if (node.type === "double-quoted-scalar") {
        if (!/^"(?:[^"\\]|\\.)*"$/s.test(node.source))
          found.push({ offset: at, what: "the quoted text", closer: '"' });
      } else if (node.type === "single-quoted-scalar") {
        if (!/^'(?:[^']|'')*'$/s.test(node.source))
          found.push({ offset: at, what: "the quoted text", closer: "'" });
      }
    });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function article(expected: string): string {
  if (expected === "array") return "a list (lines starting with `- `, or [a, b])";
  if (expected === "object") return "a block of `name: value` fields";
  if (expected === "string") return 'text (put numbers, dates and "yes"/"no" in quotes)';
  return `a ${expected}`;
}

function explainSyntaxError(code: string, message: string): string {
  const first = message.split("\n")[0] ?? message;
  if (code === "DUPLICATE_KEY") return `${first}: each field may appear only once`;
  if (code === "TAB_AS_INDENT") return `${first}: indent with spaces, not tabs`;
  return `YAML syntax: ${first}. Check the indentation around here (spaces only, each field under its parent) and quote text that contains ": " or starts with a special character`;
}

function valueAtPath(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
