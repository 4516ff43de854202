/** Starts a piece of singleton work; resolves to the function that stops it. */
export type StartWork = () => Promise<() => Promise<void>>;

/** One piece of work registered with {@link Leadership.lead}. */
export interface Led {
  /** Whether the work runs in this process right now (false while another replica leads). */
  readonly running: boolean;
  /** Stops the work if it runs here, and stops waiting to run it. */
  stop(): Promise<void>;
}

/**
 * Work that must run in exactly one process at a time, however many replicas serve: each
 * platform's alert delivery (so the platform's send pace holds overall) and the Matrix sync.
 * With one process (SQLite) it simply runs; with several on PostgreSQL, in the replica
 * holding the leader lock, and another starts it within seconds when that one dies.
 *
 * @example
 * const alerts = await panah.leadership.lead("telegram alerts", async () => {
 *   const worker = panah.alerts.start(deliverer, settings);
 *   return () => worker.stop();
 * });
 */
export interface Leadership {
  /**
   * Runs `start` now if this process leads (an error starting then is thrown, as without
   * replicas), else whenever it becomes the leader; stops the work when it stops leading.
   */
  lead(name: string, start: StartWork): Promise<Led>;
  /** Stops every piece of work and gives up leading (on shutdown, before the store closes). */
  close(): Promise<void>;
}

/** The only process there is: it always leads. */
export class SoloLeadership implements Leadership {
  private readonly stops = new Set<() => Promise<void>>();

  async lead(_name: string, start: StartWork): Promise<Led> {
    const stopWork = await start();
    let running = true;
    const stop = async () => {
      if (!running) return;
      running = false;
      this.stops.delete(stop);
      await stopWork();
    };
    this.stops.add(stop);
    return {
      get running() {
        return running;
      },
      stop,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.stops].map((stop) => stop()));
  }
}
