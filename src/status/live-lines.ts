import type { Block } from "../core/richtext.ts";
import { localDigits } from "../knowledge/answer.ts";
import { parseMarkup } from "../knowledge/markup.ts";
import type { LiveStatusKey, UiStrings } from "../knowledge/schema.ts";
import { formatDate } from "../text/dates.ts";
import type { Language } from "../text/language.ts";
import type { Connectivity } from "./ioda.ts";
import type { StatusReadings } from "./status-cache.ts";
import {
  type IodaDatasource,
  OONI_TESTS,
  type OoniTest,
  type StatusSettings,
} from "./status-settings.ts";

/** The topic whose answer opens with the measured connectivity. */
export const CONNECTIVITY_TOPIC = "blackout-status";

/** Below this many measurements, a percentage says more about chance than about blocking. */
const MIN_MEASUREMENTS = 10;

/** At or above this share of normal, the connectivity line says "looks normal". */
const NORMAL_PERCENT = 80;

/** Each IODA signal's name in the ui files. */
export const SIGNAL_NAMES: Record<IodaDatasource, LiveStatusKey> = {
  "ping-slash24": "signal_probing",
  bgp: "signal_bgp",
  "merit-nt": "signal_telescope",
};

export interface LiveContext {
  ui: Record<Language, UiStrings>;
  settings: StatusSettings;
  now: number;
}

/**
 * The live lines for one answer, from the cached readings: `blackout-status` opens with each
 * place's connectivity (the lowest fresh signal, its time and when it fell), and an app's topic
 * ends with OONI's figure for it. Each figure names its source and time and says what it does
 * not mean; a figure older than `staleAfterMinutes` is marked old (IODA) or left out (OONI).
 */
export function liveLines(
  topic: string,
  language: Language,
  readings: StatusReadings,
  { ui, settings, now }: LiveContext,
): { before: Block[]; after: Block[] } {
  const say = (key: LiveStatusKey, values: Record<string, string | number> = {}) =>
    parseMarkup(fillLive(ui[language], language, key, values));
  const staleBefore = now - settings.staleAfterMinutes * 60_000;
  if (topic === CONNECTIVITY_TOPIC) {
    const before = readings.places.flatMap(({ entity, signals }) => {
      const place = entity.name[language];
      const fresh = signals.filter((s) => s.at >= staleBefore);
      const lowest = lowestOf(fresh);
      if (!lowest) {
        const newest = lowestOf(signals.sort((a, b) => b.at - a.at).slice(0, 1));
        return newest
          ? say("ioda_stale", {
              place,
              date: formatDate(isoDay(newest.at), language),
              time: clock(newest.at),
            })
          : [];
      }
      return [
        ...say(lowest.percent >= NORMAL_PERCENT ? "ioda_normal" : "ioda_now", {
          place,
          time: clock(lowest.at),
          percent: lowest.percent,
          signal: ui[language].live_status[SIGNAL_NAMES[lowest.datasource]],
        }),
        ...(lowest.fellAt !== undefined && lowest.percent < NORMAL_PERCENT
          ? say("ioda_fell", { time: clock(lowest.fellAt) })
          : []),
        ...say("ioda_caveat", { place }),
      ];
    });
    return { before, after: [] };
  }
  const test = OONI_TESTS.find((t) => t === topic);
  const app = test && readings.apps.find((a) => a.test === test);
  if (!settings.ooni || !app || app.fetchedAt < staleBefore || app.measurements < MIN_MEASUREMENTS)
    return { before: [], after: [] };
  const name = ui[language].live_status[appKey(app.test)];
  return {
    before: [],
    after: [
      ...say("ooni_now", {
        days: app.days,
        time: clock(app.fetchedAt),
        count: app.measurements,
        app: name,
        place: settings.ooni.name[language],
        percent: app.blockedPercent,
      }),
      ...say("ooni_caveat", { app: name }),
    ],
  };
}

/** A live-status string with its placeholders filled in, numbers in the language's digits (not a link's). */
export function fillLive(
  strings: UiStrings,
  language: Language,
  key: LiveStatusKey,
  values: Record<string, string | number>,
): string {
  return strings.live_status[key].replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
    name in values
      ? name === "link"
        ? String(values[name])
        : localDigits(String(values[name]), language)
      : whole,
  );
}

/** The signal that looks worst: the one a person inside is most likely to be living. */
export function lowestOf<T extends Connectivity>(signals: T[]): T | undefined {
  return signals.reduce<T | undefined>(
    (low, s) => (!low || s.percent < low.percent ? s : low),
    undefined,
  );
}

export const appKey = (test: OoniTest): LiveStatusKey => `app_${test}`;

/** "14:10": the time of day in UTC (each string says "UTC" in its own words). */
export const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
