import { z } from "zod";
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
export const PanahConfig = z.strictObject({
  /** Who may send alerts: immutable platform ids only, never names. */
  moderators: z
    .strictObject({
      telegram: z
        .array(z.number().int().positive("a Telegram user id is a positive number"))
        .default([]),
      matrix: z
        .array(
          z.string().regex(/^@[^:\s]+:[^\s]+$/, 'a Matrix user id looks like "@name:server.org"'),
        )
        .default([]),
    })
    .default({ telegram: [], matrix: [] }),
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
      telegram: z
        .strictObject({
          perSecond: z.number().min(0.1).max(1000).default(25),
          perChatSeconds: z.number().min(0).default(1),
        })
        .default({ perSecond: 25, perChatSeconds: 1 }),
      matrix: z
        .strictObject({ perSecond: z.number().min(0.1).max(1000).default(5) })
        .default({ perSecond: 5 }),
    })
    .default({
      approvals: 1,
      telegram: { perSecond: 25, perChatSeconds: 1 },
      matrix: { perSecond: 5 },
    }),
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
  maintainers: z
    .strictObject({
      telegram: z
        .array(z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform(String))
        .default([]),
      matrix: z
        .array(
          z.string().regex(/^![^:\s]+:\S+$/, 'a Matrix room id looks like "!abc123:server.org"'),
        )
        .default([]),
    })
    .default({ telegram: [], matrix: [] }),
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
export type PanahConfig = z.infer<typeof PanahConfig>;

export const DEFAULT_CONFIG: PanahConfig = PanahConfig.parse({});
