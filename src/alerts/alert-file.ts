import { z } from "zod";
import type { Platforms } from "../core/platform.ts";
import type { Problem } from "../knowledge/problems.ts";
import { YamlFile } from "../knowledge/yaml-file.ts";
import {
  ALERT_KINDS,
  type AlertDraft,
  type AlertPlatform,
  type Audience,
  everyone,
  SEVERITIES,
} from "./alert.ts";

/** Longest alert text: one Telegram message (4096) with room for the title line. */
export const MAX_ALERT_TEXT = 3500;

const alertText = z
  .string()
  .trim()
  .min(1, "write the text, or leave this language out")
  .max(MAX_ALERT_TEXT, `an alert can have at most ${MAX_ALERT_TEXT} characters`);

/**
 * An alert file for `panah alert send FILE.yaml`:
 * ```yaml
 * kind: status            # status (connectivity) or notice (default)
 * severity: warning       # info, warning or critical
 * expires: 12h            # optional: 30m, 12h, 2d, or a date-time such as 2026-12-01T18:00Z
 * audience:               # optional: everyone when absent
 *   languages: [fa]
 *   platforms: [telegram]
 * text:
 *   en: Connectivity is partly back in Tehran.
 *   fa: اینترنت تهران تا حدی وصل شده است.
 * ```
 */
export function alertFileSchema(platforms: readonly AlertPlatform[]) {
  return z.strictObject({
    kind: z.enum(ALERT_KINDS).default("notice"),
    severity: z.enum(SEVERITIES, "severity is info, warning or critical"),
    expires: z
      .union([z.string(), z.date()])
      .optional()
      .refine(
        (value) => value === undefined || expiryFrom(value, 0) !== undefined,
        "write a duration such as 30m, 12h or 2d, or a date and time such as 2026-12-01T18:00Z",
      ),
    audience: z
      .strictObject({
        languages: z
          .array(z.enum(["en", "fa"]))
          .min(1)
          .default(["en", "fa"]),
        platforms: z
          .array(
            z
              .string()
              .refine(
                (name) => platforms.includes(name),
                `a platform is one of: ${platforms.join(", ") || "(none: no adapter is installed)"}`,
              ),
          )
          .min(1)
          .default([...platforms]),
      })
      .default(everyone(platforms)),
    text: z
      .strictObject({ en: alertText.optional(), fa: alertText.optional() })
      .refine((t) => t.en !== undefined || t.fa !== undefined, "give the text in en, fa or both"),
  });
}

/** Reads an alert file; problems name the file, line and column, and say what to fix. */
export function parseAlertFile(
  file: string,
  source: string,
  now: number,
  /** The platforms this Panah runs: an alert goes to all of them unless the file says otherwise. */
  platforms: readonly AlertPlatform[],
): { draft?: AlertDraft; problems: Problem[] } {
  const parsed = YamlFile.parse(file, source);
  if (parsed.problems.length > 0) return { problems: parsed.problems };
  const { value, problems } = parsed.yaml.validate(alertFileSchema(platforms));
  if (!value || problems.length > 0) return { problems };
  const expiresAt = value.expires === undefined ? undefined : expiryFrom(value.expires, now);
  if (expiresAt !== undefined && expiresAt <= now)
    return {
      problems: [{ severity: "error", file, message: "expires is in the past: give a later time" }],
    };
  return {
    draft: {
      kind: value.kind,
      severity: value.severity,
      text: {
        ...(value.text.en ? { en: value.text.en } : {}),
        ...(value.text.fa ? { fa: value.text.fa } : {}),
      },
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      audience: value.audience as Audience,
    },
    problems: [],
  };
}

/** "30m", "12h", "2d" after `now`, or an absolute date-time; undefined if it is neither. */
export function expiryFrom(value: string | Date, now: number): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  const duration = /^\s*(\d{1,4})\s*([mhd])\s*$/i.exec(value);
  if (duration) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[
      (duration[2] ?? "h").toLowerCase() as "m" | "h" | "d"
    ];
    const amount = Number(duration[1]);
    return amount > 0 ? now + amount * unit : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * An audience typed by a moderator: words such as "fa", "persian", "en", "telegram",
 * "matrix", "all", in any order. Undefined when a word is not understood.
 */
export function parseAudience(text: string, known: Platforms): Audience | undefined {
  const words = text
    .toLowerCase()
    .split(/[\s,،]+/)
    .filter(Boolean);
  if (words.length === 0) return undefined;
  const languages = new Set<"en" | "fa">();
  const platforms = new Set<AlertPlatform>();
  for (const word of words) {
    if (["all", "everyone", "همه"].includes(word)) continue;
    else if (["en", "english", "انگلیسی"].includes(word)) languages.add("en");
    else if (["fa", "persian", "farsi", "فارسی"].includes(word)) languages.add("fa");
    else {
      const platform = known.named(word);
      if (!platform) return undefined;
      platforms.add(platform);
    }
  }
  return {
    languages: languages.size > 0 ? [...languages] : ["en", "fa"],
    platforms: platforms.size > 0 ? [...platforms] : known.names,
  };
}
