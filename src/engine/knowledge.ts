import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { DEFAULT_GATE, type GateSettings } from "../gate/gate-route.ts";
import { gateFor } from "../gate/trained-gate.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { loadKnowledge } from "../knowledge/loader.ts";
import { formatProblem, type Problem } from "../knowledge/problems.ts";
import { DEFAULT_THRESHOLDS, Router, type Thresholds } from "../router/router.ts";

/** The knowledge base and the router built from it, swapped together on reload. */
export interface Knowledge {
  kb: KnowledgeBase;
  router: Router;
}

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The knowledge base that ships with Panah. */
export const BUNDLED_KNOWLEDGE_DIR = join(PACKAGE_DIR, "knowledge");

/** Where the knowledge base is: PANAH_KNOWLEDGE_DIR when set, else the bundled one. */
export function knowledgeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PANAH_KNOWLEDGE_DIR ? resolve(env.PANAH_KNOWLEDGE_DIR) : BUNDLED_KNOWLEDGE_DIR;
}

/** A knowledge base that cannot be used; `problems` say where and what to fix. */
export class KnowledgeError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: Problem[],
  ) {
    const errors = problems.filter((p) => p.severity === "error");
    super(
      `the knowledge base in ${dir} has ${errors.length} error(s):\n${errors.map(formatProblem).join("\n")}\nFix them (\`npx panah validate ${dir}\` checks again), or set PANAH_KNOWLEDGE_DIR to a knowledge base that passes.`,
    );
  }
}

/**
 * Where derived files that can always be rebuilt are kept (the trained out-of-scope gate), in
 * the order they are tried: PANAH_CACHE_DIR when set; node_modules/.cache/panah beside
 * Panah's code, where tools keep their caches (so every command and test run over one
 * knowledge base shares one, and an image built with `panah validate` ships one); and the
 * system's temporary directory, for a user who may write nowhere else.
 */
export function cacheDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const configured = env.PANAH_CACHE_DIR?.trim();
  return [
    ...(configured ? [resolve(configured)] : []),
    join(PACKAGE_DIR, "node_modules", ".cache", "panah"),
    join(tmpdir(), `panah-cache-${process.getuid?.() ?? "user"}`),
  ];
}

/** The routing settings of the configuration file (`routing:`). */
export type RoutingSettings = Thresholds & { gate?: { enabled: boolean } & GateSettings };

/**
 * Loads, checks and indexes a knowledge directory, with the out-of-scope gate trained on it
 * (or read from the cache, when trained on exactly this base before); throws
 * {@link KnowledgeError} if the base is broken.
 */
export async function loadRouter(
  dir: string,
  routing: RoutingSettings = DEFAULT_THRESHOLDS,
  options: { cacheDirs?: string[]; logger?: Logger } = {},
): Promise<Knowledge & { problems: Problem[] }> {
  const { kb, problems } = await loadCheckedKnowledge(dir);
  const { gate: settings = { enabled: true, ...DEFAULT_GATE }, ...thresholds } = routing;
  const gate = await gateFor(kb, settings, {
    dirs: options.cacheDirs ?? cacheDirs(),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { kb, router: new Router(kb, thresholds, { ...(gate ? { gate } : {}) }), problems };
}

/**
 * Loads and checks a knowledge directory without indexing it (listing topics, exporting the
 * guide); throws {@link KnowledgeError} if it is broken.
 */
export async function loadCheckedKnowledge(
  dir: string,
): Promise<{ kb: KnowledgeBase; problems: Problem[] }> {
  const { kb, problems } = await loadKnowledge(dir);
  if (!kb) throw new KnowledgeError(dir, problems);
  return { kb, problems };
}
