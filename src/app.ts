import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { AlertDesk, type ModerationSettings } from "./alerts/alert-desk.ts";
import { Broadcaster } from "./alerts/broadcaster.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type Leadership, SoloLeadership } from "./cluster/leadership.ts";
import { PostgresLeadership } from "./cluster/postgres-leadership.ts";
import { ConfigError } from "./config/config-error.ts";
import { Engine, type Knowledge } from "./engine/engine.ts";
import { DEFAULT_GATE, type GateSettings } from "./gate/gate-route.ts";
import { gateFor } from "./gate/trained-gate.ts";
import type { KnowledgeBase } from "./knowledge/knowledge-base.ts";
import { loadKnowledge } from "./knowledge/loader.ts";
import { formatProblem, type Problem } from "./knowledge/problems.ts";
import { Metrics } from "./ops/metrics.ts";
import { Workers } from "./ops/shutdown.ts";
import { DEFAULT_THRESHOLDS, Router, type Thresholds } from "./router/router.ts";
import type { LiveStatus } from "./status/live-status.ts";
import type { StatusSettings } from "./status/status-settings.ts";
import { MemoryStore } from "./store/memory-store.ts";
import { PostgresStore } from "./store/postgres/postgres-store.ts";
import { SqliteStore } from "./store/sqlite-store.ts";
import type { Store } from "./store/store.ts";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The knowledge base that ships with Panah. */
export const BUNDLED_KNOWLEDGE_DIR = join(PACKAGE_DIR, "knowledge");

/** Where the knowledge base is: PANAH_KNOWLEDGE_DIR when set, else the bundled one. */
export function knowledgeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PANAH_KNOWLEDGE_DIR ? resolve(env.PANAH_KNOWLEDGE_DIR) : BUNDLED_KNOWLEDGE_DIR;
}

/**
 * Where Panah keeps its database: PANAH_DATA_DIR, default ./data. Set but empty is a mistake
 * (a shell variable that expanded to nothing), not a wish for the current directory.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PANAH_DATA_DIR;
  if (configured !== undefined && configured.trim() === "")
    throw new ConfigError(
      "PANAH_DATA_DIR is set but empty: set it to the directory for the database, or unset it to use ./data",
    );
  return resolve(configured ?? join(process.cwd(), "data"));
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

export interface Panah {
  engine: Engine;
  store: Store;
  knowledge: () => Knowledge;
  /** Swaps in a new knowledge base (hot reload); the next message uses it. */
  replaceKnowledge(next: Knowledge): void;
  /** Counters for /metrics; alert delivery and hot reload count here too. */
  metrics: Metrics;
  /** Background work (alert delivery) stopped on shutdown before the database closes. */
  workers: Workers;
  /** Alert delivery: each adapter starts its platform's worker here with its deliverer. */
  alerts: Broadcaster;
  /** Moderators' side of alerts: composing, approving, and drafts Panah offers them. */
  moderation: AlertDesk;
  /** Live measurements (config `status`); absent when not configured. */
  liveStatus?: LiveStatus;
  /**
   * Work that runs in one replica at a time (alert delivery, the Matrix sync): with PostgreSQL,
   * in the replica holding the leader lock; with SQLite, here.
   */
  leadership: Leadership;
  /** Stops the workers and the led work, then closes the database. */
  close(): Promise<void>;
}

/** Wires the core together: knowledge, router, store and engine. */
export async function createPanah(options: {
  logger: Logger;
  knowledgeDir?: string;
  /** A data directory for the SQLite store; without one, an in-memory store. */
  dataDir?: string;
  /** DATABASE_URL: PostgreSQL instead of SQLite, for several replicas. */
  databaseUrl?: string;
  store?: Store;
  /** Who runs the singleton work; by default decided by the store (see {@link Leadership}). */
  leadership?: Leadership;
  clock?: Clock;
  thresholds?: RoutingSettings;
  rateLimit?: { burst: number; perMinute: number };
  /** Where the counters go; a fresh set when absent. */
  metrics?: Metrics;
  /** Keep questions that fell back for maintainers (config `unanswered`). */
  unanswered?: { enabled: boolean; keepDays: number };
  /** Who moderates alerts and how many must approve (config `moderators`, `alerts.approvals`). */
  moderation?: ModerationSettings;
  /** Live measurements in answers (config `status`); without, nothing about them even loads. */
  status?: StatusSettings;
}): Promise<Panah> {
  let current: Knowledge = await loadRouter(
    options.knowledgeDir ?? knowledgeDir(),
    options.thresholds,
    { logger: options.logger },
  );
  const store =
    options.store ??
    (options.databaseUrl
      ? await PostgresStore.open(options.databaseUrl)
      : options.dataDir
        ? SqliteStore.open(options.dataDir)
        : new MemoryStore());
  const leadership =
    options.leadership ??
    (store instanceof PostgresStore
      ? new PostgresLeadership({ url: store.url, logger: options.logger })
      : new SoloLeadership());
  const metrics = options.metrics ?? new Metrics();
  const workers = new Workers();
  const clock = options.clock ?? systemClock;
  const alerts = new Broadcaster({
    store: store.alerts,
    kb: () => current.kb,
    logger: options.logger,
    metrics,
  });
  const desk = new AlertDesk({
    store: store.alerts,
    settings: options.moderation ?? { moderators: { telegram: [], matrix: [] }, approvals: 1 },
    clock,
    logger: options.logger,
    released: () => alerts.wake(),
  });
  const liveStatus = options.status
    ? new (await import("./status/live-status.ts")).LiveStatus({
        store,
        settings: options.status,
        clock,
        logger: options.logger,
        kb: () => current.kb,
        polled: (source, failure) => metrics.statusPolled(source, failure),
      })
    : undefined;
  const engine = new Engine({
    knowledge: () => current,
    store,
    metrics,
    clock: options.clock ?? systemClock,
    logger: options.logger,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.unanswered ? { unanswered: options.unanswered } : {}),
    alerts: desk,
    ...(liveStatus ? { liveStatus: (topic, language) => liveStatus.lines(topic, language) } : {}),
  });
  return {
    engine,
    store,
    knowledge: () => current,
    replaceKnowledge(next) {
      current = next;
    },
    metrics,
    workers,
    alerts,
    moderation: desk,
    ...(liveStatus ? { liveStatus } : {}),
    leadership,
    async close() {
      await workers.stopAll(options.logger);
      await leadership.close();
      await store.close();
    },
  };
}
