import { z } from "zod";
import { parseJson, SourceError } from "./bounded-fetch.ts";
import type { OoniTest } from "./status-settings.ts";

/**
 * OONI's answer to `GET /api/v1/aggregation` without an axis: one set of counters over every
 * matching measurement. Shape from ooni/backend (oonimeasurements routers/v1/aggregation.py,
 * MeasurementAggregation); see test/fixtures/status/README.md.
 */
const OoniAggregation = z.object({
  result: z.object({
    anomaly_count: z.number().int().nonnegative(),
    confirmed_count: z.number().int().nonnegative(),
    failure_count: z.number().int().nonnegative(),
    ok_count: z.number().int().nonnegative(),
    measurement_count: z.number().int().nonnegative(),
  }),
});

/** One app's OONI measurements from one country over the last days. */
export interface AppBlocking {
  test: OoniTest;
  /** Measurements that ran to the end (OONI's failures, which say nothing either way, left out). */
  measurements: number;
  /** Of those, the percentage with signs of blocking (anomalies and confirmed blocks). */
  blockedPercent: number;
  days: number;
}

/** The request for one test's counters from `country` over the `days` up to today (UTC). */
export function ooniUrl(
  baseUrl: string,
  country: string,
  test: OoniTest,
  days: number,
  now: number,
): string {
  // `since` and `until` are days, `until` excluded: tomorrow includes today's measurements.
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const since = day(now - days * 86_400_000);
  const until = day(now + 86_400_000);
  return `${baseUrl}/api/v1/aggregation?probe_cc=${country}&test_name=${test}&since=${since}&until=${until}`;
}

/** Reads OONI's counters for one test; a {@link SourceError} when they cannot be used. */
export function blockingOf(text: string, test: OoniTest, days: number): AppBlocking {
  const parsed = OoniAggregation.safeParse(parseJson(text));
  if (!parsed.success) throw new SourceError("malformed", "answered JSON of another shape");
  const r = parsed.data.result;
  const measurements = r.measurement_count - r.failure_count;
  const blocked = r.anomaly_count + r.confirmed_count;
  if (measurements < 0 || blocked > measurements)
    throw new SourceError("malformed", "sent counters that do not add up");
  return {
    test,
    measurements,
    blockedPercent: measurements === 0 ? 0 : Math.round((blocked / measurements) * 100),
    days,
  };
}
