import { z } from "zod";
import type { Store } from "../store/store.ts";
import type { Connectivity } from "./ioda.ts";
import type { AppBlocking } from "./ooni.ts";
import {
  IODA_DATASOURCES,
  type IodaDatasource,
  type IodaEntity,
  OONI_TESTS,
  type OoniTest,
  type StatusSettings,
} from "./status-settings.ts";

/** What the cache holds for one source: its summary, not the API's response. */
const CachedConnectivity = z.object({
  datasource: z.enum(IODA_DATASOURCES),
  at: z.number(),
  percent: z.number(),
  fellAt: z.number().optional(),
});
const CachedBlocking = z.object({
  test: z.enum(OONI_TESTS),
  measurements: z.number(),
  blockedPercent: z.number(),
  days: z.number(),
});
/** The connectivity level moderators were last told about, per place. */
const Told = z.object({ level: z.enum(["low", "normal"]) });
export type ToldLevel = z.infer<typeof Told>["level"];

type Fetched<T> = T & { fetchedAt: number };

/** Everything cached, as the answers and `panah status` read it. */
export interface StatusReadings {
  places: { entity: IodaEntity; signals: Fetched<Connectivity>[] }[];
  apps: Fetched<AppBlocking>[];
}

const placeKey = (e: Pick<IodaEntity, "type" | "code">) => `${e.type}:${e.code}`;

/** A source's name in the cache, logs, /readyz and /metrics: "ioda:country:IR:bgp". */
export const iodaSource = (e: Pick<IodaEntity, "type" | "code">, datasource: IodaDatasource) =>
  `ioda:${placeKey(e)}:${datasource}`;
/** "ooni:IR:signal". */
export const ooniSource = (country: string, test: OoniTest) => `ooni:${country}:${test}`;

/**
 * The live-status cache in the store (`statusReading`/`saveStatusReading`): every replica
 * answers from it, the leader's poller writes it, and a restart finds it. A reading the cache
 * cannot read back (written by another version, damaged) counts as none.
 */
export class StatusCache {
  constructor(
    private readonly store: Pick<Store, "statusReading" | "saveStatusReading">,
    private readonly settings: StatusSettings,
  ) {}

  saveConnectivity(entity: IodaEntity, reading: Connectivity, fetchedAt: number) {
    return this.store.saveStatusReading(
      iodaSource(entity, reading.datasource),
      fetchedAt,
      JSON.stringify(reading),
    );
  }

  saveBlocking(reading: AppBlocking, fetchedAt: number) {
    const { country } = this.settings.ooni || { country: "" };
    return this.store.saveStatusReading(
      ooniSource(country, reading.test),
      fetchedAt,
      JSON.stringify(reading),
    );
  }

  async told(entity: IodaEntity): Promise<ToldLevel> {
    return (await this.read(`told:ioda:${placeKey(entity)}`, Told))?.level ?? "normal";
  }

  tell(entity: IodaEntity, level: ToldLevel, at: number) {
    return this.store.saveStatusReading(
      `told:ioda:${placeKey(entity)}`,
      at,
      JSON.stringify({ level }),
    );
  }

  /** Every configured source's cached reading (those never read are missing). */
  async readings(): Promise<StatusReadings> {
    const { ioda, ooni } = this.settings;
    const places = ioda
      ? await Promise.all(
          ioda.entities.map(async (entity) => ({
            entity,
            signals: (
              await Promise.all(
                ioda.datasources.map((d) => this.read(iodaSource(entity, d), CachedConnectivity)),
              )
            ).filter((s) => s !== undefined),
          })),
        )
      : [];
    const apps = ooni
      ? (
          await Promise.all(
            ooni.tests.map((test) => this.read(ooniSource(ooni.country, test), CachedBlocking)),
          )
        ).filter((a) => a !== undefined)
      : [];
    return { places, apps };
  }

  private async read<T extends z.ZodType>(
    source: string,
    schema: T,
  ): Promise<Fetched<z.infer<T>> | undefined> {
    const row = await this.store.statusReading(source);
    if (!row) return undefined;
    try {
      const parsed = schema.safeParse(JSON.parse(row.body));
      return parsed.success
        ? ({ ...(parsed.data as object), fetchedAt: row.fetchedAt } as Fetched<z.infer<T>>)
        : undefined;
    } catch {
      return undefined;
    }
  }
}
