// Panah's TypeScript, compiled once and kept: the first run after a change bundles the entry
// points with esbuild (which tsx brings) into node_modules/.cache/panah/build, and every later
// run imports that build directly. Loading through tsx instead costs each start about a
// quarter of a second for the loader's thread and a hop to it for every module, and 30 MB of
// resident memory; the build is checked against its sources' bytes on every start (a few ms),
// so an edited file is never run from an old build. Where no build can be made (no esbuild, a
// read-only checkout, code that imports computed paths), the caller falls back to tsx.
import { createHash, randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "..");
/** Beside the trained gates: a cache that `npm ci` clears along with the packages it was built against. */
const BUILD_DIR = join(ROOT, "node_modules", ".cache", "panah", "build");
/** Bumped when the build's options change in a way its sources' bytes do not show. */
const FORMAT = "panah-build-1";
/** Builds kept besides the newest: a running `panah start` may still load a lazy chunk of its own. */
const BUILDS_KEPT = 6;
const HOUR = 3_600_000;
/** How esbuild reads each kind of source; a file of any other kind stops the build. */
const LOADERS = { ts: "ts", mts: "ts", cts: "ts", js: "js", mjs: "js", cjs: "js", json: "json" };
/** `import(expression)`: a path only known at run time, which only a loader can compile. */
const COMPUTED_IMPORT = /\bimport\(\s*(?!["'])/;

/**
 * Imports `entries` (absolute paths of .ts files), from a build as fresh as their sources, or
 * through tsx where none can be made.
 */
export async function importTypeScript(entries) {
  const compiled = await importCompiled(entries);
  if (compiled) return compiled;
  const { register } = await import("tsx/esm/api");
  register();
  return Promise.all(entries.map((entry) => import(pathToFileURL(entry).href)));
}

/** The modules of `entries` from a build as fresh as their sources; `undefined` if none can be made. */
async function importCompiled(entries) {
  const pointer = join(BUILD_DIR, `${digest(entries.join("\n")).slice(0, 16)}.json`);
  const outputs = freshBuild(pointer) ?? (await build(entries, pointer));
  if (!outputs) return undefined;
  // Stack traces name the TypeScript lines, as they do under tsx.
  process.setSourceMapsEnabled(true);
  return Promise.all(outputs.map((file) => import(pathToFileURL(file).href)));
}

/** The outputs `pointer` names, if every source they were built from is unchanged. */
function freshBuild(pointer) {
  const recorded = readJson(pointer);
  if (recorded?.format !== FORMAT || !recorded.outputs.every((file) => existsSync(file)))
    return undefined;
  for (const [file, hash] of recorded.sources) {
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch {
      return undefined;
    }
    if (digest(bytes) !== hash) return undefined;
  }
  return recorded.outputs;
}

/**
 * Bundles `entries` (their own modules; packages stay imports) into a new build directory,
 * published by renaming it into place and then `pointer`, so a start running beside this one
 * sees either the old build or the whole new one.
 */
async function build(entries, pointer) {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    return undefined;
  }
  /** Every source read, with the digest of exactly the bytes that went into the build. */
  const sources = new Map();
  let compilable = true;
  const partial = join(BUILD_DIR, `partial-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    mkdirSync(partial, { recursive: true });
    const result = await esbuild.build({
      entryPoints: entries.map((entry, i) => ({ in: entry, out: `entry-${i}` })),
      outdir: partial,
      bundle: true,
      // Each dynamic import stays a chunk of its own, so `panah ask` loads no Matrix or grammY.
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      outExtension: { ".js": ".mjs" },
      sourcemap: "linked",
      tsconfig: join(ROOT, "tsconfig.json"),
      logLevel: "silent",
      plugins: [
        {
          name: "panah-sources",
          setup(on) {
            on.onLoad({ filter: /.*/, namespace: "file" }, ({ path }) => {
              const bytes = readFileSync(path);
              sources.set(path, digest(bytes));
              const loader = LOADERS[path.split(".").pop() ?? ""];
              const text = bytes.toString("utf8");
              if (!loader || COMPUTED_IMPORT.test(text)) compilable = false;
              return { contents: ownLocation(text, path), loader: loader ?? "empty" };
            });
          },
        },
      ],
    });
    if (result.errors.length > 0 || !compilable) return abandon(partial);
    for (const file of [join(ROOT, "tsconfig.json"), import.meta.filename])
      sources.set(file, digest(readFileSync(file)));
    const recorded = [...sources].sort(([a], [b]) => a.localeCompare(b));
    const key = digest(JSON.stringify([FORMAT, esbuild.version, entries, recorded]));
    const published = join(BUILD_DIR, key.slice(0, 16));
    try {
      renameSync(partial, published);
    } catch (error) {
      abandon(partial);
      // Another process built the same sources a moment earlier: its build is this one.
      if (!existsSync(published)) throw error;
    }
    const outputs = entries.map((_, i) => join(published, `entry-${i}.mjs`));
    const next = `${pointer}.${process.pid}.partial`;
    writeFileSync(next, JSON.stringify({ format: FORMAT, entries, sources: recorded, outputs }));
    renameSync(next, pointer);
    removeOldBuilds();
    return outputs;
  } catch {
    return abandon(partial);
  }
}

/**
 * `text` with `import.meta.url`, `.dirname` and `.filename` spelled out as the source file's
 * own: bundled, they would name the build's file, and the paths Panah finds its knowledge,
 * corpora and worker by are relative to the source.
 */
function ownLocation(text, path) {
  const meta = { url: pathToFileURL(path).href, dirname: dirname(path), filename: path };
  return text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, name) =>
    JSON.stringify(meta[name]),
  );
}

/**
 * Forgets the builds of entries that are gone (a test's temporary project), and removes all
 * but the newest {@link BUILDS_KEPT} builds no pointer names (pointers are per set of entries,
 * so per checkout too: worktrees share node_modules), and partial builds a stopped run left.
 */
function removeOldBuilds() {
  const files = readdirSync(BUILD_DIR, { withFileTypes: true });
  const named = new Set();
  for (const file of files.filter((f) => f.isFile() && f.name.endsWith(".json"))) {
    const pointer = join(BUILD_DIR, file.name);
    const recorded = readJson(pointer);
    if (!recorded?.entries?.every((entry) => existsSync(entry))) rmSync(pointer, { force: true });
    else for (const output of recorded.outputs) named.add(dirname(output));
  }
  const builds = files
    .filter((f) => f.isDirectory())
    .map((f) => ({ path: join(BUILD_DIR, f.name), partial: f.name.startsWith("partial-") }))
    .map((build) => ({
      ...build,
      at: statSync(build.path, { throwIfNoEntry: false })?.mtimeMs ?? 0,
    }))
    .sort((a, b) => b.at - a.at);
  const unnamed = builds.filter((build) => !build.partial && !named.has(build.path));
  const stopped = builds.filter((build) => build.partial && Date.now() - build.at > HOUR);
  for (const { path } of [...unnamed.slice(BUILDS_KEPT), ...stopped])
    rmSync(path, { recursive: true, force: true });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function abandon(partial) {
  rmSync(partial, { recursive: true, force: true });
  return undefined;
}

function digest(data) {
  return createHash("sha256").update(data).digest("hex");
}
