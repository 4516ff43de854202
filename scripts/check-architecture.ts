// Checks the rules of Panah's layout that the compiler cannot (npm run lint runs it; see
// docs/architecture.md): the core never imports an adapter; the parts below the engine never
// import it, the CLI or the composition root; src/core/ stands on text/ alone; no import cycle
// (of imports that run: `import type` is erased by the compiler, so it cannot load a module
// half-initialized, and a type shared both ways is checked by tsc);
// SQL only under src/store/; and no platform named in src/, where adapters declare themselves
// (but for the migrations' frozen DDL, whose text databases made before it keep verbatim).
// Prints each breach with its file and line, and exits 1 if there is any.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const REPO = resolve(import.meta.dirname, "..");
const SRC = join(REPO, "src");

/** Folders of src/ that sit below the engine: they may not import engine/, cli/ or app.ts. */
const BELOW_ENGINE = [
  "core",
  "text",
  "store",
  "alerts",
  "ops",
  "knowledge",
  "export",
  "router",
  "gate",
  "config",
];
/** What src/core/ may import, besides itself and packages. */
const CORE_MAY_IMPORT = ["text"];
/** SQL keywords as statements spell them: prose in a string ("select a topic") is lower case. */
const SQL =
  /\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|UNIQUE)|ALTER\s+TABLE|DROP\s+TABLE|pg_\w*advisory)/;
const PLATFORM_NAME = /telegram|matrix/i;
const FROZEN_DDL = join(SRC, "store", "migrations.ts");
/**
 * Telegram the app, not the platform: OONI's test of whether the Telegram app is blocked
 * (`telegram`), and the live-status string naming it. A topic about the app is content too.
 */
const ABOUT_THE_APP = new Set([
  "src/status/status-settings.ts:telegram",
  "src/knowledge/schema.ts:app_telegram",
]);

interface Breach {
  file: string;
  line: number;
  rule: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The first folder under src/ ("store"), or the file's name for files at src/'s top. */
function area(file: string): string {
  return relative(SRC, file).split("/")[0] ?? "";
}

function check(files: string[]): Breach[] {
  const breaches: Breach[] = [];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const lineOf = (node: ts.Node) =>
      source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const breach = (node: ts.Node, rule: string) =>
      breaches.push({ file: relative(REPO, file), line: lineOf(node), rule });
    const imports: string[] = [];
    graph.set(file, imports);
    const visit = (node: ts.Node): void => {
      const specifier =
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
          ? node.moduleSpecifier
          : ts.isCallExpression(node) &&
              node.expression.kind === ts.SyntaxKind.ImportKeyword &&
              node.arguments[0] &&
              ts.isStringLiteral(node.arguments[0])
            ? node.arguments[0]
            : undefined;
      if (specifier?.text.startsWith(".")) {
        const target = resolve(dirname(file), specifier.text);
        if (!typeOnly(node)) imports.push(target);
        const from = area(file);
        const to = area(target);
        if (!target.startsWith(`${SRC}/`))
          breach(node, `src/ imports ${relative(REPO, target)}: the core never imports adapters`);
        else if (BELOW_ENGINE.includes(from) && ["engine", "cli", "app.ts"].includes(to))
          breach(node, `${from}/ imports ${relative(REPO, target)}, which stands above it`);
        else if (from === "core" && to !== "core" && !CORE_MAY_IMPORT.includes(to))
          breach(node, `core/ imports ${relative(REPO, target)}: core stands on text/ alone`);
      } else if (
        ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)
      ) {
        if (SQL.test(node.text) && area(file) !== "store") breach(node, "SQL outside src/store/");
        // The migrations' DDL is frozen: databases made before keep its text, comments included.
        if (
          PLATFORM_NAME.test(node.text) &&
          file !== FROZEN_DDL &&
          !ABOUT_THE_APP.has(`${relative(REPO, file)}:${node.text}`)
        )
          breach(node, `names a platform ("${node.text.slice(0, 40)}"): adapters declare it`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  for (const cycle of cycles(graph))
    breaches.push({
      file: relative(REPO, cycle[0] ?? ""),
      line: 1,
      rule: `import cycle: ${cycle.map((f) => relative(SRC, f)).join(" → ")}`,
    });
  return breaches;
}

/** `import type { … }`, `export type { … }`, or an import whose every name is `type`. */
function typeOnly(node: ts.Node): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  if (!ts.isImportDeclaration(node)) return false;
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

/** Every strongly connected group of more than one file (Tarjan), each as a list of files. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const connect = (file: string) => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target))
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1) found.push(group.reverse());
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return found;
}

const breaches = check(sourceFiles(SRC));
for (const b of breaches) console.error(`${b.file}:${b.line}: ${b.rule}`);
if (breaches.length > 0) {
  console.error(`check-architecture: ${breaches.length} breach(es) of docs/architecture.md`);
  process.exit(1);
}
console.log("check-architecture: the layout holds");
