import { z } from "zod";

/**
 * The shape of every knowledge file, written once: the loader validates with these schemas
 * and `npm run schema` generates the JSON Schema files editors use from the same objects, so
 * the two cannot drift apart.
 */

export const CATEGORIES = [
  "domestic-apps",
  "basics",
  "shutdowns",
  "messengers",
  "circumvention",
  "safety",
  "help",
  "about",
] as const;
export type Category = (typeof CATEGORIES)[number];

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebabId = (what: string) =>
  z
    .string()
    .regex(KEBAB, `a ${what} id is lowercase letters, digits and single hyphens, like "vpn-risks"`);
export const topicId = kebabId("topic");
const sourceId = kebabId("source");
const factId = kebabId("fact");

const isoDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "write the date as YYYY-MM-DD");

/** The smallest number of example questions a topic may have; fewer cannot be routed. */
export const MIN_EXAMPLES = 3;
export const MAX_TITLE = 48;

export const TopicLanguage = z.strictObject({
  title: z.string().trim().min(1).max(MAX_TITLE, `keep the title under ${MAX_TITLE} characters`),
  keywords: z.array(z.string().trim().min(1)).optional(),
  examples: z
    .array(z.string().trim().min(1))
    .min(MIN_EXAMPLES, `give at least ${MIN_EXAMPLES} example questions`),
  answer: z.string().trim().min(1),
});

export const TopicFile = z.strictObject({
  id: topicId,
  category: z.enum(CATEGORIES),
  related: z.array(topicId).default([]),
  sources: z.array(sourceId).min(1, "name at least one source from sources.yaml"),
  reviewed: isoDate,
  en: TopicLanguage.optional(),
  fa: TopicLanguage.optional(),
});
export type TopicFile = z.infer<typeof TopicFile>;

const publisherId = kebabId("publisher");

/**
 * A host, or a host with a path prefix (`github.com/net4people`) for publishers that live on a
 * shared site. A publisher's sources must link inside one of its domains.
 */
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s?#]*)?$/,
    'write a domain such as "filter.watch" or "github.com/net4people", without https://',
  );

export const SourcesFile = z.strictObject({
  publishers: z
    .array(
      z.strictObject({
        id: publisherId,
        name: z.string().trim().min(1),
        /** The publisher's name as Persian readers know it, shown in Persian replies. */
        name_fa: z.string().trim().min(1).optional(),
        domains: z.array(domain).min(1, "name the publisher's official domain, like filter.watch"),
      }),
    )
    .default([]),
  sources: z
    .array(
      z.strictObject({
        id: sourceId,
        title: z.string().trim().min(1),
        /** The source's own Persian title, where it has one. */
        title_fa: z.string().trim().min(1).optional(),
        publisher: publisherId,
        url: z.string().url("write the full address, starting with https://"),
        date: isoDate,
        language: z.string().optional(),
      }),
    )
    .default([]),
});
export type SourcesFile = z.infer<typeof SourcesFile>;

export const FactsFile = z.strictObject({
  facts: z.array(
    z.strictObject({
      id: factId,
      date: isoDate,
      end: isoDate.optional(),
      sources: z.array(sourceId).min(1, "name at least one source from sources.yaml"),
      en: z.string().trim().min(1),
      fa: z.string().trim().min(1),
    }),
  ),
});
export type FactsFile = z.infer<typeof FactsFile>;

const uiText = z.string().trim().min(1);

/**
 * The alert strings (`alerting:` in the ui files); `alertString` and `alertBlocks` in
 * src/alerts/render.ts fill them in.
 */
export const ALERTING_KEYS = [
  "title",
  "compose_en",
  "compose_fa",
  "compose_no_text",
  "compose_too_long",
  "compose_kind",
  "kind_status",
  "kind_notice",
  "compose_severity",
  "compose_expiry",
  "expiry_6h",
  "expiry_1d",
  "expiry_3d",
  "expiry_never",
  "compose_audience",
  "audience_all",
  "audience_en",
  "audience_fa",
  /** "{platform} only", the platform's name in the reader's language from its adapter. */
  "audience_platform",
  "compose_unclear",
  "preview",
  "preview_one_language",
  "confirm",
  "cancel",
  "cancelled",
  "button_stale",
  "button_alert_awaiting",
  "button_alert_sending",
  "button_alert_done",
  "button_alert_cancelled",
  "queued",
  "awaiting_approval",
  "approved",
  "rejected",
  "approve_self",
  "not_pending",
  "approve_usage",
  "progress",
  "report",
] as const;
export type AlertingKey = (typeof ALERTING_KEYS)[number];

/** The live-status strings (`live_status:` in the ui files); src/status fills them in. */
export const LIVE_STATUS_KEYS = [
  "ioda_now",
  "ioda_normal",
  "ioda_fell",
  "ioda_stale",
  "ioda_caveat",
  "ooni_now",
  "ooni_caveat",
  "signal_probing",
  "signal_bgp",
  "signal_telescope",
  "app_signal",
  "app_telegram",
  "app_whatsapp",
  "app_tor",
  "draft_drop",
  "draft_drop_since",
  "draft_recovery",
  "draft_intro",
  "draft_busy",
] as const;
export type LiveStatusKey = (typeof LIVE_STATUS_KEYS)[number];

/** Every interface string Panah shows. Both ui files must define all of them. */
export const UiStrings = z.strictObject({
  welcome: uiText,
  /** The help text's opening; the command list after it comes from the command registry. */
  help: uiText,
  /** Replies to small talk (knowledge/smalltalk.yaml), by its kind. */
  smalltalk_thanks: uiText,
  smalltalk_hello: uiText,
  smalltalk_bye: uiText,
  smalltalk_ok: uiText,
  /** A yes to "Did you mean…?" when it offered several. */
  which_one: uiText,
  topics_header: uiText,
  fallback: uiText,
  did_you_mean: uiText,
  none_of_these: uiText,
  pick_number: uiText,
  empty_message: uiText,
  related: uiText,
  sources: uiText,
  /** After the compact sources line's first few: "and {count} more". */
  sources_more: uiText,
  /** The button or numbered choice under an answer that shows all its sources. */
  sources_button: uiText,
  /** The button under an answer that passes it on to another chat (Telegram inline mode). */
  share_button: uiText,
  /** On a shared answer card: the button that opens the full answer in a chat with Panah. */
  share_open: uiText,
  /** Above the list of cards while sharing: asking Panah itself, in a direct chat. */
  share_ask: uiText,
  /** Heading of an answer's full source list: "{title}". */
  sources_for: uiText,
  reviewed: uiText,
  /** An answer built on dated facts: how new its newest one is ("{date}": month and year). */
  newest_information: uiText,
  lang_prompt: uiText,
  lang_set: uiText,
  lang_unknown: uiText,
  /** "/forget" asks first: what it deletes, and that it cannot be undone. */
  forget_confirm: uiText,
  forget_yes: uiText,
  forget_no: uiText,
  forget_kept: uiText,
  /** A confirmation pressed or typed after something else was offered. */
  forget_expired: uiText,
  forget_done: uiText,
  forget_nothing: uiText,
  rate_limited: uiText,
  /** A message longer than Panah reads: said, never cut silently. */
  too_long: uiText,
  error: uiText,
  unknown_command: uiText,
  unknown_command_suggest: uiText,
  subscribe_done: uiText,
  subscribe_already: uiText,
  unsubscribe_done: uiText,
  unsubscribe_not: uiText,
  alerts_none: uiText,
  alerts_header: uiText,
  alert_issued: uiText,
  status_latest: uiText,
  not_allowed: uiText,
  moderator_direct_only: uiText,
  private_only: uiText,
  /** Matrix: a message the bot's device could not decrypt. */
  undecryptable: uiText,
  open_private_chat: uiText,
  /** One-line descriptions shown beside each command in a platform's command menu. */
  commands: z.strictObject({
    start: uiText,
    help: uiText,
    topics: uiText,
    lang: uiText,
    sources: uiText,
    privacy: uiText,
    forget: uiText,
    subscribe: uiText,
    unsubscribe: uiText,
    alerts: uiText,
    guide: uiText,
    alert: uiText,
    approve: uiText,
    reject: uiText,
  }),
  /** The offline guide (`panah export`, the guide command): its page and the file's caption. */
  guide: z.strictObject({
    title: uiText,
    intro: uiText,
    exported: uiText,
    contents: uiText,
    search: uiText,
    no_results: uiText,
    /** Under each topic: the link back to the contents. */
    back: uiText,
    /** Above the search's ranked results. */
    results: uiText,
    /** The terminal chat saved the guide: "{file}" (its path) and "{size}". */
    saved: uiText,
    /** It could not: "{file}" and "{reason}" (the system's error). */
    save_failed: uiText,
    caption: uiText,
  }),
  /**
   * The bot's profile, set where the platform allows it on start (Telegram's name and
   * descriptions, Matrix's display name), within Telegram's limits.
   */
  profile: z.strictObject({
    name: uiText.max(64, "a name of at most 64 characters: the shortest any platform allows"),
    description: uiText.max(
      512,
      "a description of at most 512 characters: the shortest any platform allows",
    ),
    short_description: uiText.max(
      120,
      "a short description of at most 120 characters: the shortest any platform allows",
    ),
  }),
  categories: z.strictObject(
    Object.fromEntries(CATEGORIES.map((c) => [c, uiText])) as Record<Category, typeof uiText>,
  ),
  severity: z.strictObject({ info: uiText, warning: uiText, critical: uiText }),
  /** Alerts: what subscribers read, and the moderators' composing, approval and reports. */
  alerting: z.strictObject(
    Object.fromEntries(ALERTING_KEYS.map((k) => [k, uiText])) as Record<AlertingKey, typeof uiText>,
  ),
  /** Live measurements (IODA, OONI) in answers, and the draft alerts moderators are offered. */
  live_status: z.strictObject(
    Object.fromEntries(LIVE_STATUS_KEYS.map((k) => [k, uiText])) as Record<
      LiveStatusKey,
      typeof uiText
    >,
  ),
});
export type UiStrings = z.infer<typeof UiStrings>;
export type UiKey = Exclude<
  keyof UiStrings,
  "categories" | "severity" | "commands" | "guide" | "alerting" | "profile" | "live_status"
>;

export const UiFile = z.strictObject({
  language: z.enum(["en", "fa"]),
  strings: UiStrings,
});
export type UiFile = z.infer<typeof UiFile>;

/** Phrases per language that no topic answers (smalltalk.yaml, out-of-scope.yaml). */
export const PhraseListFile = z.strictObject({
  en: z.array(z.string().trim().min(1)).default([]),
  fa: z.array(z.string().trim().min(1)).default([]),
});
export type PhraseListFile = z.infer<typeof PhraseListFile>;

/** What small talk means, each kind with a reply of its own (see src/engine/smalltalk.ts). */
export const SMALLTALK_KINDS = ["thanks", "yes", "no", "hello", "bye", "other"] as const;
export type SmalltalkKind = (typeof SMALLTALK_KINDS)[number];

const smalltalkKinds = z.strictObject(
  Object.fromEntries(
    SMALLTALK_KINDS.map((kind) => [kind, z.array(z.string().trim().min(1)).default([])]),
  ) as Record<SmalltalkKind, z.ZodDefault<z.ZodArray<z.ZodString>>>,
);

/**
 * Conversation that is not a question (thanks, yes, greetings), per language and kind: such
 * messages never trigger an answer, and each kind gets its own short reply.
 */
export const SmalltalkFile = z.strictObject({
  en: smalltalkKinds.prefault({}),
  fa: smalltalkKinds.prefault({}),
});
export type SmalltalkFile = z.infer<typeof SmalltalkFile>;

/**
 * Questions outside Panah's topics (weather, prices, homework), per language: routed to a
 * hidden topic that competes with the real ones, so everyday words lead to the fallback.
 */
export const OutOfScopeFile = PhraseListFile;

/** The schema of each kind of file, by the JSON Schema file name editors point at. */
// (The configuration file's schema is published beside them: see config/schema.ts.)
export const FILE_SCHEMAS = {
  "topic.schema.json": TopicFile,
  "sources.schema.json": SourcesFile,
  "facts.schema.json": FactsFile,
  "ui.schema.json": UiFile,
  "smalltalk.schema.json": SmalltalkFile,
  "out-of-scope.schema.json": OutOfScopeFile,
} as const;
