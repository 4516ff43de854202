import type { Logger } from "pino";
import type { Clock } from "../core/clock.ts";
import type { Block } from "../core/richtext.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { Store } from "../store/store.ts";
import type { Language } from "../text/language.ts";
import type { SourceFailure } from "./bounded-fetch.ts";
import { CONNECTIVITY_TOPIC, liveLines } from "./live-lines.ts";
import { iodaSource, ooniSource, StatusCache } from "./status-cache.ts";
import { statusDraft } from "./status-draft.ts";
import { StatusPoller } from "./status-poller.ts";
import { OONI_TESTS, type StatusSettings } from "./status-settings.ts";
import { type ModeratorReach, offerToModerators } from "./tell-moderators.ts";

export interface LiveStatusOptions {
  store: Store;
  settings: StatusSettings;
  clock: Clock;
  logger: Logger;
  kb: () => KnowledgeBase;
  /** Each poll's outcome per source, for /metrics. */
  polled?: (source: string, failure?: SourceFailure) => void;
}

/** A source as /readyz shows it: read recently, read long ago, never read, or failing now. */
export type SourceState =
  | "fresh"
  | "stale"
  | "missing"
  | "unreadable"
  | `failing: ${SourceFailure}`;

/**
 * Live measurements in Panah (the `status:` section): the lines answers quote from the shared
 * cache, on every replica; and the poller that fills it and offers moderators drafts, which
 * `panah start` runs in the leader only.
 */
export class LiveStatus {
  readonly cache: StatusCache;
  private poller: StatusPoller | undefined;

  constructor(private readonly options: LiveStatusOptions) {
    this.cache = new StatusCache(options.store, options.settings);
  }

  /** The lines before and after a topic's answer; none when the cache cannot be read. */
  async lines(topic: string, language: Language): Promise<{ before: Block[]; after: Block[] }> {
    // Most answers quote nothing live: they cost no read of the store.
    if (topic !== CONNECTIVITY_TOPIC && !OONI_TESTS.some((test) => test === topic))
      return { before: [], after: [] };
    try {
      return liveLines(topic, language, await this.cache.readings(), {
        ui: this.options.kb().ui,
        settings: this.options.settings,
        now: this.options.clock.now(),
      });
    } catch (error) {
      this.options.logger.warn({ err: error }, "live status unavailable; answering without it");
      return { before: [], after: [] };
    }
  }

  /** Starts polling; crossings are offered to the moderators `reach` finds. */
  startPolling(reach: Omit<ModeratorReach, "store" | "kb" | "logger">): StatusPoller {
    const { store, settings, clock, logger, kb, polled } = this.options;
    this.poller = new StatusPoller({
      cache: this.cache,
      settings,
      clock,
      logger,
      ...(polled ? { polled } : {}),
      crossed: async (entity, reading, level) => {
        const draft = statusDraft(
          kb().ui,
          entity,
          reading,
          level,
          clock.now(),
          reach.platforms.names,
        );
        await offerToModerators(draft, { ...reach, store, kb, logger });
      },
    });
    return this.poller.start();
  }

  /** Each source's state, from the shared cache and (in the leader) the last poll. */
  async health(): Promise<Record<string, SourceState>> {
    const { settings, clock } = this.options;
    const staleBefore = clock.now() - settings.staleAfterMinutes * 60_000;
    const failing = new Map(
      (this.poller?.health() ?? []).flatMap((h) => (h.failing ? [[h.source, h.failing]] : [])),
    );
    const readings = await this.cache.readings().catch(() => undefined);
    if (!readings) return { cache: "unreadable" as SourceState };
    const { places, apps } = readings;
    const ooni = settings.ooni;
    const seen = new Map<string, number>([
      ...places.flatMap(({ entity, signals }) =>
        // When IODA measured, not when Panah asked: a source that answers with old data is stale.
        signals.map((s) => [iodaSource(entity, s.datasource), s.at] as const),
      ),
      ...(ooni ? apps.map((a) => [ooniSource(ooni.country, a.test), a.fetchedAt] as const) : []),
    ]);
    return Object.fromEntries(
      sourceNames(settings).map((name) => {
        const reason = failing.get(name);
        const at = seen.get(name);
        const state: SourceState = reason
          ? `failing: ${reason}`
          : at === undefined
            ? "missing"
            : at >= staleBefore
              ? "fresh"
              : "stale";
        return [name, state];
      }),
    );
  }
}

/** Every source the settings poll, by the name logs, /readyz and /metrics use. */
export function sourceNames(settings: StatusSettings): string[] {
  const { ioda, ooni } = settings;
  return [
    ...(ioda ? ioda.entities.flatMap((e) => ioda.datasources.map((d) => iodaSource(e, d))) : []),
    ...(ooni ? ooni.tests.map((t) => ooniSource(ooni.country, t)) : []),
  ];
}
