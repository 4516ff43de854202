import { EventEmitter } from "node:events";
import { type FSWatcher, watch } from "node:fs";
import type { Logger } from "pino";
import { formatProblem, type Problem } from "../knowledge/problems.ts";
import type { Knowledge } from "./knowledge.ts";
import { loadRouter, type RoutingSettings } from "./knowledge.ts";

export interface ReloadEvents {
  /** A new knowledge base is live. */
  reloaded: [{ topics: number; warnings: number }];
  /** An edit broke the base; the last good one keeps serving. */
  failed: [{ problems: Problem[] }];
}

/**
 * Hot reload: watches the knowledge directory and, a moment after the last change, loads and
 * checks the whole base and builds a new router. Only a base without errors is swapped in
 * (one assignment, so no message ever sees half of each); a broken edit is logged with its
 * file and line while the last good base keeps answering.
 */
export class KnowledgeReloader extends EventEmitter<ReloadEvents> {
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      dir: string;
      thresholds?: RoutingSettings;
      logger: Logger;
      swap: (next: Knowledge) => void;
      debounceMs?: number;
    },
  ) {
    super();
  }

  start(): void {
    // Editors save by writing a temporary file and renaming it: watch the whole tree.
    this.watcher = watch(this.options.dir, { recursive: true }, (_event, file) => {
      if (file && !/\.ya?ml$/.test(String(file))) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.running = this.running.then(async () => {
          await this.reload();
        });
      }, this.options.debounceMs ?? 250);
    });
    this.watcher.on("error", (error) =>
      this.options.logger.warn({ err: error }, "cannot watch the knowledge directory"),
    );
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.watcher?.close();
    await this.running;
  }

  /** Loads the base now and swaps it in if it has no errors. */
  async reload(): Promise<boolean> {
    const { logger } = this.options;
    try {
      const next = await loadRouter(this.options.dir, this.options.thresholds, {
        logger: this.options.logger,
      });
      this.options.swap({ kb: next.kb, router: next.router });
      const warnings = next.problems.length;
      logger.info({ topics: next.kb.topics.size, warnings }, "knowledge reloaded");
      this.emit("reloaded", { topics: next.kb.topics.size, warnings });
      return true;
    } catch (error) {
      const problems: Problem[] = (error as { problems?: Problem[] }).problems ?? [
        { severity: "error", file: this.options.dir, message: (error as Error).message },
      ];
      const errors = problems.filter((p) => p.severity === "error");
      logger.error(
        { problems: errors.map(formatProblem) },
        "knowledge edit refused; still serving the last good version",
      );
      this.emit("failed", { problems: errors });
      return false;
    }
  }
}
