import { z } from "zod";
import { parseJson, SourceError } from "./bounded-fetch.ts";
import type { IodaDatasource, IodaEntity } from "./status-settings.ts";

/** How far back a poll reads: a week, so "normal" includes every hour of every weekday. */
export const IODA_WINDOW_MS = 7 * 86_400_000;

/** The last day is left out of "normal", so an outage in progress does not lower its own bar. */
const RECENT_MS = 86_400_000;

/** Below this share of normal, a signal counts as fallen (for "it fell sharply at …"). */
const FALLEN = 0.8;

/** Fewer baseline values than this (an hour of five-minute steps) and normal is unknown. */
const MIN_BASELINE_VALUES = 12;

/**
 * IODA's answer to `GET /v2/signals/raw/{entityType}/{entityCode}`: an envelope whose `data`
 * holds, per entity, one series per datasource: `from` and `step` in seconds, `values` a
 * number (or null, no data) per step. Shape from InetIntel/ioda-api (SignalsController,
 * TimeSeriesNormalizer); see test/fixtures/status/README.md.
 */
const IodaSignals = z.object({
  error: z.string().nullable().optional(),
  data: z.array(
    z.array(
      z.object({
        entityType: z.string(),
        entityCode: z.string(),
        datasource: z.string(),
        from: z.number(),
        step: z.number().positive(),
        values: z.array(z.number().nullable()),
      }),
    ),
  ),
});

/** One IODA signal for one place, summarized for answers and moderators. */
export interface Connectivity {
  datasource: IodaDatasource;
  /** When the newest value was measured (ms since the epoch). */
  at: number;
  /** The newest value as a percentage of normal (the median of the week before the last day). */
  percent: number;
  /** Where the current fall below normal began, when the signal is below normal now. */
  fellAt?: number;
}

/** The request for one signal of one place over the last week. */
export function iodaUrl(
  baseUrl: string,
  entity: Pick<IodaEntity, "type" | "code">,
  datasource: IodaDatasource,
  now: number,
): string {
  const until = Math.floor(now / 1000);
  const from = until - IODA_WINDOW_MS / 1000;
  return `${baseUrl}/signals/raw/${entity.type}/${encodeURIComponent(entity.code)}?from=${from}&until=${until}&datasource=${datasource}`;
}

/** Reads IODA's response for one datasource; a {@link SourceError} when it cannot be used. */
export function connectivityOf(text: string, datasource: IodaDatasource): Connectivity {
  const parsed = IodaSignals.safeParse(parseJson(text));
  if (!parsed.success) throw new SourceError("malformed", "answered JSON of another shape");
  if (parsed.data.error)
    throw new SourceError("http", `reported an error: ${parsed.data.error.slice(0, 200)}`);
  const series = parsed.data.data.flat().find((s) => s.datasource === datasource);
  if (!series) throw new SourceError("malformed", `sent no ${datasource} series`);
  const points = series.values.flatMap((value, i) =>
    value === null ? [] : [{ at: (series.from + i * series.step) * 1000, value }],
  );
  const newest = points[points.length - 1];
  if (!newest) throw new SourceError("malformed", `sent an empty ${datasource} series`);
  const normal = median(points.filter((p) => p.at <= newest.at - RECENT_MS).map((p) => p.value));
  if (normal === undefined || normal <= 0)
    throw new SourceError("malformed", `sent too little ${datasource} history to know normal`);
  let first = points.length;
  while (first > 0 && (points[first - 1]?.value ?? 0) < FALLEN * normal) first--;
  const fellAt = first < points.length && first > 0 ? points[first]?.at : undefined;
  return {
    datasource,
    at: newest.at,
    percent: Math.round((newest.value / normal) * 100),
    ...(fellAt !== undefined ? { fellAt } : {}),
  };
}

function median(values: number[]): number | undefined {
  if (values.length < MIN_BASELINE_VALUES) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
