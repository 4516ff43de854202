import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import { fetchBounded, SourceError, type SourceFailure } from "./bounded-fetch.ts";
import { type Connectivity, connectivityOf, iodaUrl } from "./ioda.ts";
import { lowestOf } from "./live-lines.ts";
import { blockingOf, ooniUrl } from "./ooni.ts";
import { iodaSource, ooniSource, type StatusCache, type ToldLevel } from "./status-cache.ts";
import { levelAfter } from "./status-draft.ts";
import type { IodaEntity, StatusSettings } from "./status-settings.ts";

/** A failing source waits at most this many polls before it is tried again. */
const MAX_BACKOFF_POLLS = 6;

/** How far a poll may move from the schedule, either way: replicas and restarts do not align. */
const JITTER = 0.2;

/** One source's state, for /readyz, /metrics and `panah status`. */
export interface SourceHealth {
  source: string;
  /** When it was last read successfully (ms), if ever in this process. */
  lastSuccess?: number;
  /** Why the last try failed, if it did. */
  failing?: SourceFailure;
  failures: number;
}

export interface StatusPollerOptions {
  cache: StatusCache;
  settings: StatusSettings;
  clock: Clock;
  logger: Logger;
  /** Told of every poll's outcome per source (the /metrics counters). */
  polled?: (source: string, failure?: SourceFailure) => void;
  /** A place's connectivity crossed a threshold; moderators should be offered a draft. */
  crossed?: (entity: IodaEntity, reading: Connectivity, level: ToldLevel) => Promise<void>;
}

interface Source {
  name: string;
  read(signal: AbortSignal): Promise<void>;
  health: SourceHealth;
  /** The poll count before which a failing source is not tried again. */
  skipUntil: number;
}

/**
 * Reads IODA and OONI on a schedule (every `everyMinutes`, jittered) into the cache, each
 * request bounded in time and size; a failing source is logged, retried after a growing
 * pause, and leaves its last good reading in place. Runs in the leader replica only.
 */
export class StatusPoller {
  private readonly sources: Source[];
  private polls = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly options: StatusPollerOptions) {
    const { settings, cache, clock } = options;
    const limits = {
      timeoutMs: settings.timeoutSeconds * 1000,
      maxBytes: settings.maxResponseKiB * 1024,
    };
    const get = (url: string, signal: AbortSignal) => fetchBounded(url, { ...limits, signal });
    const iodaSources = settings.ioda
      ? settings.ioda.entities.flatMap((entity) =>
          (settings.ioda || { datasources: [] }).datasources.map((datasource) =>
            this.source(iodaSource(entity, datasource), async (signal) => {
              const base = settings.ioda ? settings.ioda.baseUrl : "";
              const now = clock.now();
              const text = await get(iodaUrl(base, entity, datasource, now), signal);
              await cache.saveConnectivity(entity, connectivityOf(text, datasource), now);
            }),
          ),
        )
      : [];
    const ooni = settings.ooni;
    const ooniSources = ooni
      ? ooni.tests.map((test) =>
          this.source(ooniSource(ooni.country, test), async (signal) => {
            const now = clock.now();
            const text = await get(
              ooniUrl(ooni.baseUrl, ooni.country, test, ooni.days, now),
              signal,
            );
            await cache.saveBlocking(blockingOf(text, test, ooni.days), now);
          }),
        )
      : [];
    this.sources = [...iodaSources, ...ooniSources];
  }

  /** Polls now, then on the schedule until {@link stop}. */
  start(): this {
    const next = () => {
      if (this.stopping.signal.aborted) return;
      const minutes = this.options.settings.everyMinutes * (1 + JITTER * (2 * Math.random() - 1));
      this.timer = setTimeout(() => {
        this.running = this.pollOnce().finally(next);
      }, minutes * 60_000);
      this.timer.unref();
    };
    this.running = this.pollOnce().finally(next);
    return this;
  }

  /** Stops the schedule and abandons requests in flight (the cache keeps what it has). */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    clearTimeout(this.timer);
  }

  /** Reads every source that is due, then checks each place's connectivity against the thresholds. */
  async pollOnce(): Promise<void> {
    this.polls++;
    const due = this.sources.filter((s) => s.skipUntil <= this.polls);
    await Promise.all(due.map((s) => this.readOne(s)));
    // Without someone to offer drafts to (`panah status`), the level moderators were told stays as it is.
    if (this.options.settings.ioda && this.options.crossed && !this.stopping.signal.aborted)
      for (const entity of this.options.settings.ioda.entities) await this.check(entity);
  }

  health(): SourceHealth[] {
    return this.sources.map((s) => ({ ...s.health }));
  }

  private source(name: string, read: (signal: AbortSignal) => Promise<void>): Source {
    return { name, read, health: { source: name, failures: 0 }, skipUntil: 0 };
  }

  private async readOne(source: Source): Promise<void> {
    const { logger, clock, polled } = this.options;
    try {
      await source.read(this.stopping.signal);
      source.health = { source: source.name, lastSuccess: clock.now(), failures: 0 };
      source.skipUntil = 0;
      polled?.(source.name);
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      const failure = error instanceof SourceError ? error : undefined;
      const reason: SourceFailure = failure?.reason ?? "network";
      const failures = source.health.failures + 1;
      source.health = { ...source.health, failing: reason, failures };
      // 1, 2, 4 … polls: a source that is down is not hammered, and is back within the hour.
      source.skipUntil = this.polls + Math.min(2 ** (failures - 1), MAX_BACKOFF_POLLS);
      polled?.(source.name, reason);
      logger.warn(
        { source: source.name, reason, failures, detail: failure?.message ?? String(error) },
        "a live-status source failed; its last good reading stays in use",
      );
    }
  }

  /** Offers moderators a draft when a place's connectivity crossed a threshold since they were told. */
  private async check(entity: IodaEntity): Promise<void> {
    const { cache, settings, clock, crossed, logger } = this.options;
    try {
      const place = (await cache.readings()).places.find(
        (p) => p.entity.type === entity.type && p.entity.code === entity.code,
      );
      const staleBefore = clock.now() - settings.staleAfterMinutes * 60_000;
      const lowest = lowestOf(place?.signals.filter((s) => s.at >= staleBefore) ?? []);
      if (!lowest) return;
      const told = await cache.told(entity);
      const level = levelAfter(told, lowest.percent, settings.alerts);
      if (level === told) return;
      // Told first, offered second: a crash in between loses one draft rather than repeating it.
      await cache.tell(entity, level, clock.now());
      logger.info(
        { place: `${entity.type}:${entity.code}`, level, percent: lowest.percent },
        "live connectivity crossed a threshold: offering moderators a draft",
      );
      await crossed?.(entity, lowest, level);
    } catch (error) {
      logger.error({ err: error }, "checking live connectivity against the thresholds failed");
    }
  }
}
