import type { Clock } from "../clock.ts";
import type { Language } from "../text/language.ts";
import {
  ALERT_KINDS,
  type AlertDraft,
  type AlertKind,
  type Audience,
  EVERYONE,
  SEVERITIES,
  type Severity,
} from "./alert.ts";
import { expiryFrom, MAX_ALERT_TEXT, parseAudience } from "./alert-file.ts";

/** The steps of composing an alert in chat, in order. */
export type Step = "en" | "fa" | "kind" | "severity" | "expiry" | "audience" | "preview";

interface Draft {
  step: Step;
  text: Partial<Record<Language, string>>;
  kind?: AlertKind;
  severity?: Severity;
  /** null: no expiry. */
  expiresAt?: number | null;
  audience?: Audience;
  touched: number;
}

/** What one input did: moved to a step, or was not understood (the step is asked again). */
export type InputResult =
  | { step: Step }
  | { unclear: Step }
  | { tooLong: Step; length: number }
  | { noText: true };

/** A draft left alone this long is dropped: a half-written alert should not linger. */
const DRAFT_TTL_MS = 60 * 60_000;

export const EXPIRY_CHOICES = { "6h": 6 * 3_600_000, "1d": 86_400_000, "3d": 3 * 86_400_000 };

/**
 * The drafts moderators are composing in chat, one per moderator, in memory only: text per
 * language, kind, severity, expiry, audience, then a preview to confirm. Each input is a
 * typed text or a pressed choice's value.
 */
export class Composer {
  private readonly drafts = new Map<string, Draft>();

  constructor(private readonly clock: Clock) {}

  begin(key: string): Step {
    this.drafts.set(key, { step: "en", text: {}, touched: this.clock.now() });
    return "en";
  }

  composing(key: string): boolean {
    const draft = this.drafts.get(key);
    if (draft && this.clock.now() - draft.touched > DRAFT_TTL_MS) this.drafts.delete(key);
    return this.drafts.has(key);
  }

  cancel(key: string): boolean {
    return this.drafts.delete(key);
  }

  /** The draft as an alert, once every step is done. */
  finished(key: string): AlertDraft | undefined {
    const d = this.drafts.get(key);
    if (d?.step !== "preview" || !d.kind || !d.severity || !d.audience) return undefined;
    return {
      kind: d.kind,
      severity: d.severity,
      text: { ...d.text },
      ...(typeof d.expiresAt === "number" ? { expiresAt: d.expiresAt } : {}),
      audience: d.audience,
    };
  }

  /** Applies `/skip` (value undefined), a typed text or a choice's value to the current step. */
  input(key: string, value: string | undefined): InputResult {
    const draft = this.drafts.get(key);
    if (!draft) return { unclear: "en" };
    draft.touched = this.clock.now();
    const next = (step: Step): InputResult => {
      draft.step = step;
      return { step };
    };
    const v = value?.trim() ?? "";
    switch (draft.step) {
      case "en":
      case "fa": {
        if (v.length > MAX_ALERT_TEXT) return { tooLong: draft.step, length: v.length };
        if (v) draft.text[draft.step] = v;
        else delete draft.text[draft.step];
        if (draft.step === "en") return next("fa");
        if (!draft.text.en && !draft.text.fa) {
          draft.step = "en";
          return { noText: true };
        }
        return next("kind");
      }
      case "kind": {
        const kind = ALERT_KINDS.find((k) => k === v.toLowerCase());
        if (!kind) return { unclear: "kind" };
        draft.kind = kind;
        return next("severity");
      }
      case "severity": {
        const severity = SEVERITIES.find((s) => s === v.toLowerCase());
        if (!severity) return { unclear: "severity" };
        draft.severity = severity;
        return next("expiry");
      }
      case "expiry": {
        const now = this.clock.now();
        const key = v.toLowerCase();
        if (key === "never") draft.expiresAt = null;
        else if (key in EXPIRY_CHOICES)
          draft.expiresAt = now + EXPIRY_CHOICES[key as keyof typeof EXPIRY_CHOICES];
        else {
          const at = expiryFrom(v, now);
          if (at === undefined || at <= now) return { unclear: "expiry" };
          draft.expiresAt = at;
        }
        return next("audience");
      }
      case "audience": {
        const audience = v.toLowerCase() === "all" ? EVERYONE : parseAudience(v);
        if (!audience) return { unclear: "audience" };
        draft.audience = audience;
        return next("preview");
      }
      case "preview":
        return { unclear: "preview" };
    }
  }
}
