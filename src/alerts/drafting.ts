import type { Clock } from "../core/clock.ts";
import type { UserKey } from "../core/messages.ts";
import type { Platforms } from "../core/platform.ts";
import { ALERT_KINDS, type AlertDraft, everyone, SEVERITIES } from "./alert.ts";
import { expiryFrom, MAX_ALERT_TEXT, parseAudience } from "./alert-file.ts";
import type { AlertStore } from "./alert-store.ts";
import type { Draft, Step } from "./draft.ts";

export type { Step } from "./draft.ts";

/** What one input did: moved to a step, or was not understood (the step is asked again). */
export type InputResult =
  | { step: Step }
  | { unclear: Step }
  | { tooLong: Step; length: number }
  | { noText: true };

/** A draft left alone this long is dropped: a half-written alert should not linger. */
export const DRAFT_TTL_MS = 60 * 60_000;

export const EXPIRY_CHOICES = { "6h": 6 * 3_600_000, "1d": 86_400_000, "3d": 3 * 86_400_000 };

/**
 * The drafts moderators are composing in chat, one per moderator: text per language, kind,
 * severity, expiry, audience, then a preview to confirm. Each input is a typed text or a
 * pressed choice's value. The drafts live in the store, not here, so with several replicas
 * each step may reach a different one.
 */
export class Drafting {
  constructor(
    private readonly store: Pick<AlertStore, "getDraft" | "saveDraft" | "deleteDraft">,
    private readonly clock: Clock,
    /** The platforms an audience may name; "all" is every one of them. */
    private readonly platforms: Platforms,
  ) {}

  async begin(moderator: UserKey): Promise<Step> {
    await this.store.saveDraft(moderator, { step: "en", text: {} }, this.clock.now());
    return "en";
  }

  async composing(moderator: UserKey): Promise<boolean> {
    return (await this.draft(moderator)) !== undefined;
  }

  /** Drops the draft; false if there was none (or another replica just took it). */
  cancel(moderator: UserKey): Promise<boolean> {
    return this.store.deleteDraft(moderator);
  }

  /** The draft as an alert, once every step is done. */
  async finished(moderator: UserKey): Promise<AlertDraft | undefined> {
    const d = await this.draft(moderator);
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
  async input(moderator: UserKey, value: string | undefined): Promise<InputResult> {
    const draft = await this.draft(moderator);
    if (!draft) return { unclear: "en" };
    const now = this.clock.now();
    const result = advance(draft, value?.trim() ?? "", now, this.platforms);
    // Saved even when the input was not understood: the moderator is still at it.
    await this.store.saveDraft(moderator, draft, now);
    return result;
  }

  private draft(moderator: UserKey): Promise<Draft | undefined> {
    return this.store.getDraft(moderator, this.clock.now() - DRAFT_TTL_MS);
  }
}

/** Applies one input to the draft's current step, changing the draft in place. */
function advance(draft: Draft, v: string, now: number, platforms: Platforms): InputResult {
  const next = (step: Step): InputResult => {
    draft.step = step;
    return { step };
  };
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
      const audience =
        v.toLowerCase() === "all" ? everyone(platforms.names) : parseAudience(v, platforms);
      if (!audience) return { unclear: "audience" };
      draft.audience = audience;
      return next("preview");
    }
    case "preview":
      return { unclear: "preview" };
  }
}
