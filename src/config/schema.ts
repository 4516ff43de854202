import { z } from "zod";
import { type DeliveryPace, type PlatformSpec, Platforms } from "../core/platform.ts";
import { DEFAULT_GATE, type GateThresholds } from "../gate/gate-route.ts";
import { DEFAULT_THRESHOLDS } from "../router/router.ts";
import { StatusSettings } from "../status/status-settings.ts";

const probability = z.number().min(0).max(1);
const gateThresholds = (defaults: GateThresholds) =>
  z
    .strictObject({
      doubt: probability.default(defaults.doubt),
      reject: probability.default(defaults.reject),
      confirm: probability.default(defaults.confirm),
      dispute: probability.default(defaults.dispute),
    })
    .default(defaults);

/**
 * Panah's configuration file (`PANAH_CONFIG`, default `./panah.yaml`): everything that is not
 * a secret or an endpoint. Secrets and endpoints come from the environment. Every field has
 * a default, so an absent file means "the defaults"; `panah.example.yaml` documents them.
 */
export function configSchema(platforms: Platforms = new Platforms()) {
  return z.strictObject({
    /** Who may send alerts: immutable platform ids only, never names (`moderators.<platform>`). */
    moderators: perPlatform(platforms, (p) => z.array(p.moderatorId).default([])),
    /** The routing thresholds (see `panah eval`); change them only with measurements. */
    routing: z
      .strictObject({
        answer: z.number().min(0).max(1).default(DEFAULT_THRESHOLDS.answer),
        margin: z.number().min(0).max(1).default(DEFAULT_THRESHOLDS.margin),
        suggest: z.number().min(0).max(1).default(DEFAULT_THRESHOLDS.suggest),
        /**
         * The out-of-scope gate (docs/routing.md): per script, when it turns an answer into "did
         * you mean" or the fallback, or a "did you mean" into an answer. `enabled: false` routes
         * with the lexical router alone.
         */
        gate: z
          .strictObject({
            enabled: z.boolean().default(true),
            latin: gateThresholds(DEFAULT_GATE.latin),
            persian: gateThresholds(DEFAULT_GATE.persian),
          })
          .default({ enabled: true, ...DEFAULT_GATE }),
      })
      .default({ ...DEFAULT_THRESHOLDS, gate: { enabled: true, ...DEFAULT_GATE } })
      .refine((r) => r.suggest <= r.answer, "routing.suggest must not be above routing.answer"),
    /** Per-person limit on messages answered. */
    rateLimit: z
      .strictObject({
        burst: z.number().int().min(1).default(8),
        perMinute: z.number().min(1).default(30),
      })
      .default({ burst: 8, perMinute: 30 }),
    alerts: z
      .strictObject({
        /** Moderators who must confirm an alert before it is sent: 2 guards against one hijacked account. */
        approvals: z.literal([1, 2]).default(1),
        ...Object.fromEntries(platforms.specs.map((p) => [p.name, paceSchema(p.pace)])),
      })
      .default({} as never)
      // The file keeps each platform's pace beside `approvals`; the code reads them by name.
      .transform(({ approvals, ...pace }) => ({
        approvals: approvals as 1 | 2,
        pace: pace as Record<string, DeliveryPace>,
      })),
    /** The health and metrics endpoint; off unless a port is set. */
    http: z
      .strictObject({
        port: z.number().int().min(0).max(65535).optional(),
        host: z.string().default("127.0.0.1"),
      })
      .default({ host: "127.0.0.1" }),
    /**
     * Maintainers' chats (a Telegram chat id, a Matrix room id) told when an edit to the
     * knowledge base is refused, with what to fix. Empty: the log only.
     */
    maintainers: perPlatform(platforms, (p) => z.array(p.maintainerChat).default([])),
    /** Questions that fell back, kept as normalized text only, to improve the examples. Off by default. */
    unanswered: z
      .strictObject({
        enabled: z.boolean().default(false),
        keepDays: z.number().int().min(1).max(365).default(30),
      })
      .default({ enabled: false, keepDays: 30 }),
    /**
     * Live measurements (IODA connectivity, OONI app blocking) in answers, and draft alerts for
     * moderators when connectivity crosses a threshold. Absent: off, and nothing is fetched.
     */
    status: StatusSettings.optional(),
  });
}

export type PanahConfig = z.infer<ReturnType<typeof configSchema>>;

/**
 * A section with one entry per platform, named by its adapter (`moderators.telegram`):
 * an unknown name is an error that lists the platforms this Panah has.
 */
function perPlatform<T extends z.ZodType>(platforms: Platforms, entry: (p: PlatformSpec) => T) {
  return z
    .strictObject(Object.fromEntries(platforms.specs.map((p) => [p.name, entry(p)])))
    .default({} as never) as unknown as z.ZodType<Record<string, z.output<T>>>;
}

/** A pace as `alerts.<platform>` gives it, defaulting to what the platform's adapter says. */
function paceSchema(pace: DeliveryPace) {
  return z
    .strictObject({
      perSecond: z.number().min(0.1).max(1000).default(pace.perSecond),
      ...(pace.perChatSeconds === undefined
        ? {}
        : { perChatSeconds: z.number().min(0).default(pace.perChatSeconds) }),
    })
    .default(pace as never);
}

/** The defaults of a Panah with no platform (the terminal chat, `ask`, the tests of the core). */
export const DEFAULT_CONFIG: PanahConfig = configSchema().parse({});
