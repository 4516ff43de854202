import type { Logger } from "pino";

/**
 * How long shutdown may take before Panah gives up waiting and exits non-zero: under the ten
 * seconds `docker stop` waits before its SIGKILL, so the reason still reaches the log.
 */
export const SHUTDOWN_BOUND_MS = 8_000;

/** How a shutdown is bounded; tests shorten it and catch the exit. */
export interface ShutdownBound {
  ms?: number;
  exit?: (code: number) => void;
}

/** Something running in the background that must stop before the database closes. */
export interface Worker {
  name: string;
  /** Finishes or checkpoints the work in hand (an alert delivery in flight) and stops. */
  stop(): Promise<void>;
}

/**
 * Background work registered with Panah (alert delivery workers). `panah start` stops them on
 * SIGTERM before the adapters, so a delivery in flight still has its platform connection to
 * finish on; closing Panah stops any left, before the database.
 *
 * @example
 * panah.workers.add({ name: "alerts", stop: () => deliveries.stop() });
 */
export class Workers {
  private readonly running: Worker[] = [];

  add(worker: Worker): void {
    this.running.push(worker);
  }

  /** Stops every worker once, newest first; one failing is logged and does not keep the rest running. */
  async stopAll(logger: Logger): Promise<void> {
    for (const worker of this.running.splice(0).reverse()) {
      try {
        await worker.stop();
      } catch (error) {
        logger.error({ worker: worker.name, err: error }, "stopping a worker failed");
      }
    }
  }
}

/**
 * Catches the first SIGINT or SIGTERM from now on, so one that arrives while the adapters are
 * still connecting also shuts down cleanly. `dispose` gives the signals back to Node's default
 * (the terminal chat ends on Ctrl-C as usual).
 */
export function watchSignals(): { next: Promise<NodeJS.Signals>; dispose(): void } {
  let on: (signal: NodeJS.Signals) => void = () => undefined;
  const dispose = () => {
    process.off("SIGINT", on);
    process.off("SIGTERM", on);
  };
  const next = new Promise<NodeJS.Signals>((resolve) => {
    on = (signal) => {
      dispose();
      resolve(signal);
    };
  });
  process.on("SIGINT", on);
  process.on("SIGTERM", on);
  return { next, dispose };
}

/**
 * Bounds a shutdown that has begun: if the process still runs `ms` later, or another SIGINT
 * or SIGTERM arrives (a second Ctrl-C), it logs why and exits with status 1. The timer does not
 * keep the process alive, so a shutdown that finishes in time exits normally.
 */
export function boundShutdown(options: ShutdownBound & { logger: Logger }): void {
  const { logger, ms = SHUTDOWN_BOUND_MS, exit = (code) => process.exit(code) } = options;
  const give = (reason: string) => {
    process.off("SIGINT", again);
    process.off("SIGTERM", again);
    logger.error({ boundMs: ms }, `shutdown ${reason}; exiting without waiting further`);
    logger.flush?.();
    exit(1);
  };
  const again = () => give("interrupted by a second signal");
  process.once("SIGINT", again);
  process.once("SIGTERM", again);
  setTimeout(() => give(`did not finish within ${ms / 1000} s`), ms).unref();
}
