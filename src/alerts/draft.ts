import type { Language } from "../text/language.ts";
import type { AlertKind, Audience, Severity } from "./alert.ts";

/** The steps of composing an alert in chat, in order. */
export type Step = "en" | "fa" | "kind" | "severity" | "expiry" | "audience" | "preview";

/**
 * An alert a moderator is halfway through composing in chat: what the steps so far chose.
 * Stored as JSON (table `alert_drafts`), so any replica can take the next step; a change to
 * this shape needs a migration that drops the drafts written in the old one.
 */
export interface Draft {
  step: Step;
  text: Partial<Record<Language, string>>;
  kind?: AlertKind;
  severity?: Severity;
  /** null: no expiry. */
  expiresAt?: number | null;
  audience?: Audience;
}
