import { join, resolve } from "node:path";
import type { Logger } from "pino";
import { AlertDesk, type ModerationSettings } from "./alerts/alert-desk.ts";
import { Broadcaster } from "./alerts/broadcaster.ts";
import { ConfigError } from "./config/config-error.ts";
import { type Clock, systemClock } from "./core/clock.ts";
import { type PlatformSpec, Platforms } from "./core/platform.ts";
import { Engine } from "./engine/engine.ts";
import {
  type Knowledge,
  knowledgeDir,
  loadRouter,
  type RoutingSettings,
} from "./engine/knowledge.ts";
import { Metrics } from "./ops/metrics.ts";
import { Workers } from "./ops/shutdown.ts";
import type { LiveStatus } from "./status/live-status.ts";
import type { StatusSettings } from "./status/status-settings.ts";
import type { Leadership } from "./store/leadership/leadership.ts";
import { IN_MEMORY, leadershipFor, openStore } from "./store/open.ts";
import type { Store } from "./store/store.ts";

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

export interface Panah {
  engine: Engine;
  store: Store;
  /** The platforms its adapters declared. */
  platforms: Platforms;
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
  /** A data directory for the SQLite store; without one, an in-memory SQLite database. */
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
  /** The platforms its adapters declare (adapters/index.ts); none for the terminal chat alone. */
  platforms?: readonly PlatformSpec[];
  /** Live measurements in answers (config `status`); without, nothing about them even loads. */
  status?: StatusSettings;
}): Promise<Panah> {
  const platforms = new Platforms(options.platforms);
  let current: Knowledge = await loadRouter(
    options.knowledgeDir ?? knowledgeDir(),
    options.thresholds,
    { logger: options.logger },
  );
  const store =
    options.store ??
    (await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir ?? IN_MEMORY }));
  const leadership = options.leadership ?? leadershipFor(store, options.logger);
  const metrics = options.metrics ?? new Metrics(platforms.names);
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
    settings: options.moderation ?? { moderators: {}, approvals: 1 },
    platforms,
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
    platforms,
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
