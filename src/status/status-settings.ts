import { z } from "zod";

/** The IODA signals Panah reads (see docs/operations.md): routing, active probing, telescope. */
export const IODA_DATASOURCES = ["ping-slash24", "bgp", "merit-nt"] as const;
export type IodaDatasource = (typeof IODA_DATASOURCES)[number];

/** The OONI tests that Panah's app topics quote; the topic of the same id shows each. */
export const OONI_TESTS = ["signal", "telegram", "whatsapp", "tor"] as const;
export type OoniTest = (typeof OONI_TESTS)[number];

const baseUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/, error: "a base URL starts with https:// (or http:// for a test)" })
    .transform((url) => url.replace(/\/+$/, ""))
    .default(fallback);

/** A place IODA measures, with its name in each language for the answers. */
const IodaEntity = z.strictObject({
  type: z.enum(["country", "region", "asn"]),
  code: z.string().regex(/^[A-Za-z0-9]{1,12}$/, 'an IODA entity code looks like "IR" or "44244"'),
  name: z.strictObject({ en: z.string().trim().min(1), fa: z.string().trim().min(1) }),
});
export type IodaEntity = z.infer<typeof IodaEntity>;

/**
 * The `status:` section of the configuration file: live measurements from IODA (connectivity)
 * and OONI (apps blocked), polled by the leader replica into the store. Without the section
 * nothing polls, and Panah works offline exactly as before.
 */
export const StatusSettings = z.strictObject({
  /** How often the sources are read; each poll is moved by up to a fifth either way. */
  everyMinutes: z.number().min(1).max(1440).default(10),
  /** One request's limit; a source that takes longer counts as failing this time. */
  timeoutSeconds: z.number().min(1).max(120).default(10),
  /** A response larger than this is refused unread (a broken or hostile server). */
  maxResponseKiB: z.number().int().min(16).max(16_384).default(1024),
  /** Figures older than this are shown as old (IODA) or not at all (OONI), never as current. */
  staleAfterMinutes: z.number().int().min(5).max(10_080).default(90),
  /** IODA's v2 API; `false` reads no connectivity. */
  ioda: z
    .union([
      z.literal(false),
      z.strictObject({
        baseUrl: baseUrl("https://api.ioda.inetintel.cc.gatech.edu/v2"),
        datasources: z.array(z.enum(IODA_DATASOURCES)).min(1).default(["ping-slash24", "bgp"]),
        entities: z
          .array(IodaEntity)
          .min(1)
          .default([{ type: "country", code: "IR", name: { en: "Iran", fa: "ایران" } }]),
      }),
    ])
    .prefault({}),
  /** OONI's API; `false` reads no app measurements. */
  ooni: z
    .union([
      z.literal(false),
      z.strictObject({
        baseUrl: baseUrl("https://api.ooni.io"),
        country: z
          .string()
          .regex(/^[A-Z]{2}$/, 'a country code is two capitals, e.g. "IR"')
          .default("IR"),
        /** The country's name in each language, for the answers. */
        name: z
          .strictObject({ en: z.string().trim().min(1), fa: z.string().trim().min(1) })
          .default({ en: "Iran", fa: "ایران" }),
        days: z.number().int().min(1).max(30).default(7),
        tests: z.array(z.enum(OONI_TESTS)).default([...OONI_TESTS]),
      }),
    ])
    .prefault({}),
  /**
   * When moderators get a ready draft alert: connectivity falling below `dropBelowPercent` of
   * normal, and coming back above `recoverAbovePercent` after a drop (the gap between the two
   * keeps a signal wavering around one line from drafting on every poll).
   */
  alerts: z
    .strictObject({
      dropBelowPercent: z.number().min(1).max(99).default(50),
      recoverAbovePercent: z.number().min(1).max(100).default(80),
      /**
       * Moderators' direct chats with Panah, by moderator id ("@mod:server": "!room:server"),
       * on platforms where a person's id does not also address their direct chat (Matrix has no
       * room per user to write to; Telegram's private chat has the user's own id).
       */
      moderatorChats: z.record(z.string().min(1), z.string().min(1)).default({}),
    })
    .prefault({})
    .refine(
      (a) => a.dropBelowPercent < a.recoverAbovePercent,
      "status.alerts.dropBelowPercent must be below recoverAbovePercent",
    ),
});
export type StatusSettings = z.infer<typeof StatusSettings>;
