import { type AlertDraft, everyone } from "../alerts/alert.ts";
import type { UiStrings } from "../knowledge/schema.ts";
import type { Language } from "../text/language.ts";
import type { Connectivity } from "./ioda.ts";
import { clock, fillLive, SIGNAL_NAMES } from "./live-lines.ts";
import type { ToldLevel } from "./status-cache.ts";
import type { IodaEntity } from "./status-settings.ts";

/** A drafted status alert stays in /alerts this long unless moderators choose otherwise. */
const DRAFT_EXPIRY_MS = 6 * 3_600_000;

/**
 * The status alert moderators are offered when a place's connectivity crossed a threshold
 * (`low`: it fell; `normal`: it came back), in both languages, with IODA's figures and a link
 * to IODA's own page for the place. A draft only: moderators check it, and send it or not.
 */
export function statusDraft(
  ui: Record<Language, UiStrings>,
  entity: IodaEntity,
  reading: Connectivity,
  level: ToldLevel,
  now: number,
  /** Every platform Panah runs: a connectivity alert is for everyone. */
  platforms: readonly string[],
): AlertDraft {
  const text = (language: Language) =>
    fillLive(
      ui[language],
      language,
      level === "normal"
        ? "draft_recovery"
        : reading.fellAt === undefined
          ? "draft_drop"
          : "draft_drop_since",
      {
        time: clock(reading.at),
        place: entity.name[language],
        percent: reading.percent,
        signal: ui[language].live_status[SIGNAL_NAMES[reading.datasource]],
        since: reading.fellAt === undefined ? "" : clock(reading.fellAt),
        link: `https://ioda.inetintel.cc.gatech.edu/${entity.type}/${encodeURIComponent(entity.code)}`,
      },
    );
  return {
    kind: "status",
    severity: level === "low" ? "warning" : "info",
    text: { en: text("en"), fa: text("fa") },
    expiresAt: now + DRAFT_EXPIRY_MS,
    audience: everyone(platforms),
  };
}

/**
 * The level moderators should know about after a new reading: a fall below `dropBelowPercent`
 * while they were last told "normal", a return above `recoverAbovePercent` after a fall; in
 * between, whatever they were told last (so a signal wavering at one line drafts nothing).
 */
export function levelAfter(
  told: ToldLevel,
  percent: number,
  {
    dropBelowPercent,
    recoverAbovePercent,
  }: { dropBelowPercent: number; recoverAbovePercent: number },
): ToldLevel {
  if (told === "normal" && percent < dropBelowPercent) return "low";
  if (told === "low" && percent >= recoverAbovePercent) return "normal";
  return told;
}
