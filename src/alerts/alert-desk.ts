import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { type Action, encodeAction } from "../core/actions.ts";
import type { Clock } from "../core/clock.ts";
import type { Choice, InboundMessage, OutboundMessage, UserKey } from "../core/messages.ts";
import type { Platforms } from "../core/platform.ts";
import type { Block } from "../core/richtext.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { parseMarkup } from "../knowledge/markup.ts";
import type { AlertingKey } from "../knowledge/schema.ts";
import type { Language } from "../text/language.ts";
import type { Actor, Alert, AlertDraft, AlertPlatform, RefusedAction } from "./alert.ts";
import { MAX_ALERT_TEXT } from "./alert-file.ts";
import type { AlertStore, ReleaseResult } from "./alert-store.ts";
import { Drafting, type InputResult, type Step } from "./drafting.ts";
import {
  activeAlertsBlocks,
  alertBlocks,
  alertBody,
  alertString,
  formatTime,
  latestStatusBlocks,
} from "./render.ts";

/** The moderators, by immutable platform id, and how many must agree before an alert goes out. */
export interface ModerationSettings {
  /** Per platform (`moderators.<platform>` in panah.yaml), compared as text with the sender's id. */
  moderators: Readonly<Record<string, readonly (string | number)[]>>;
  approvals: 1 | 2;
}

export interface AlertDeskOptions {
  store: AlertStore;
  settings: ModerationSettings;
  /** The platforms this Panah runs: the audiences a moderator can pick. */
  platforms: Platforms;
  clock: Clock;
  logger: Logger;
  /** Called when an alert is released, so delivery starts at once. */
  released?: () => void;
}

/** Who is asking, in what language, where: everything a desk reply needs. */
export interface DeskContext {
  message: InboundMessage;
  language: Language;
  kb: KnowledgeBase;
}

/**
 * The engine's side of alerts: moderators compose in chat (text per language, kind,
 * severity, expiry, audience, preview with the recipient count, confirm), a second moderator
 * approves when `approvals` is 2, everyone reads the active alerts. Only configured ids in a
 * direct chat may moderate; every moderator action is audited by the store.
 */
export class AlertDesk {
  private readonly drafting: Drafting;

  constructor(private readonly options: AlertDeskOptions) {
    this.drafting = new Drafting(options.store, options.clock, options.platforms);
  }

  isModerator(message: InboundMessage): boolean {
    const ids = this.options.settings.moderators[message.platform] ?? [];
    return ids.some((id) => String(id) === message.userId);
  }

  /** Whether this person is halfway through composing an alert (their next text belongs to it). */
  async composing(message: InboundMessage): Promise<boolean> {
    // Checked in this order so only a moderator's direct message reaches the database.
    return message.isDirect && this.isModerator(message) && this.drafting.composing(keyOf(message));
  }

  /**
   * `alert`: starts a draft. Like every moderator command (the registry in
   * src/engine/commands.ts says which), refused outside a configured moderator's direct chat.
   */
  async begin(ctx: DeskContext): Promise<OutboundMessage[]> {
    const refusal = await this.refusal(ctx, "alert");
    if (refusal) return [refusal];
    return [this.prompt(await this.drafting.begin(keyOf(ctx.message)), ctx)];
  }

  /** `approve ID` or `reject ID`: a second moderator's decision on an alert awaiting one. */
  async decide(
    verb: "approve" | "reject",
    args: string,
    ctx: DeskContext,
  ): Promise<OutboundMessage[]> {
    const refusal = await this.refusal(ctx, verb);
    if (refusal) return [refusal];
    return [await this.decision(verb, args, ctx)];
  }

  /**
   * `skip` or `cancel` typed: steps of a moderator's draft, refused like the moderator commands
   * outside a moderator's direct chat. Undefined for a moderator with no draft, so the engine
   * handles the words as it would anyone's.
   */
  async draftStep(
    name: "skip" | "cancel",
    ctx: DeskContext,
  ): Promise<OutboundMessage[] | undefined> {
    const { message } = ctx;
    if (
      this.isModerator(message) &&
      message.isDirect &&
      !(await this.drafting.composing(keyOf(message)))
    )
      return undefined;
    const refusal = await this.refusal(ctx, name);
    if (refusal) return [refusal];
    if (name === "skip") return this.input(undefined, ctx);
    await this.drafting.cancel(keyOf(message));
    return [this.notice(ctx, "cancelled")];
  }

  /** A pressed alert choice (an `alert` action: see src/core/actions.ts). */
  async action(
    { verb, value }: Extract<Action, { kind: "alert" }>,
    ctx: DeskContext,
  ): Promise<OutboundMessage[]> {
    const refusal = await this.refusal(ctx, "button");
    if (refusal) return [refusal];
    const key = keyOf(ctx.message);
    // The preview's buttons name the draft they belong to (`value`); a press on an older
    // preview, or a second press after the draft became an alert, must not act on (or cancel)
    // something else.
    if (verb === "confirm") return [await this.confirm(ctx, value)];
    if (verb === "cancel") {
      if (value !== undefined && !(await this.finishedDraft(key, value)))
        return [await this.pressedTooLate(ctx, value)];
      await this.drafting.cancel(key);
      return [this.notice(ctx, "cancelled")];
    }
    if (!(await this.drafting.composing(key))) return [await this.pressedTooLate(ctx)];
    if (verb === "skip") return this.input(undefined, ctx);
    return this.input(value ?? "", ctx);
  }

  /** A moderator's typed text while composing. */
  text(ctx: DeskContext): Promise<OutboundMessage[]> {
    return this.input(ctx.message.text, ctx);
  }

  /** `/alerts`: the active alerts, newest first, or undefined when there are none. */
  async active(ctx: DeskContext): Promise<Block[] | undefined> {
    const alerts = await this.options.store.activeAlerts(this.options.clock.now(), 5);
    return alerts.length > 0 ? activeAlertsBlocks(ctx.kb, alerts, ctx.language) : undefined;
  }

  /** The latest unexpired status alert, introduced with its time (before `blackout-status`). */
  async latestStatus(kb: KnowledgeBase, language: Language): Promise<Block[]> {
    const [latest] = await this.options.store.activeAlerts(this.options.clock.now(), 1, "status");
    return latest ? latestStatusBlocks(kb, latest, language) : [];
  }

  /**
   * Offers a moderator an alert Panah drafted itself (from live measurements), at its preview
   * and saved as their draft: **Send it**, **Cancel** and a second moderator's approval then work
   * exactly as for one they composed. A moderator halfway through their own alert keeps it, and
   * gets the drafted texts to use as they like. `intro` and `busy` say which of the two it is.
   * `send` delivers the message; when it cannot, the draft is dropped again, so a moderator who
   * never saw it is not found halfway through an alert they know nothing of. Returns whether
   * the message was delivered.
   */
  async offer(
    draft: AlertDraft,
    to: { moderator: UserKey; chatId: string; language: Language; kb: KnowledgeBase },
    notes: { intro: Block[]; busy: Block[] },
    send: (message: OutboundMessage) => Promise<boolean>,
  ): Promise<boolean> {
    const message: InboundMessage = {
      ...to.moderator,
      chatId: to.chatId,
      isDirect: true,
      text: "",
    };
    const ctx: DeskContext = { message, language: to.language, kb: to.kb };
    if (await this.drafting.composing(to.moderator))
      return send(reply(ctx, "notice", [...notes.busy, ...bodies(to.kb, draft)]));
    await this.options.store.saveDraft(
      to.moderator,
      { step: "preview", ...draft, text: { ...draft.text }, expiresAt: draft.expiresAt ?? null },
      this.options.clock.now(),
    );
    const preview = await this.preview(ctx);
    if (await send({ ...preview, blocks: [...notes.intro, ...preview.blocks] })) return true;
    await this.drafting.cancel(to.moderator);
    return false;
  }

  /** A refusal, logged and audited (with no id unless a moderator's), or undefined if allowed. */
  private async refusal(
    ctx: DeskContext,
    action: RefusedAction,
  ): Promise<OutboundMessage | undefined> {
    const { message } = ctx;
    const moderator = this.isModerator(message);
    if (moderator && message.isDirect) return undefined;
    const reason = moderator ? "not_direct" : "not_moderator";
    this.options.logger.warn(
      { platform: message.platform, event: "moderator-command-refused", action, reason },
      "a moderator action was refused",
    );
    await this.options.store.auditRefusal({
      at: this.options.clock.now(),
      platform: message.platform,
      action,
      reason,
      ...(moderator ? { moderatorId: message.userId } : {}),
    });
    const key = moderator ? "moderator_direct_only" : "not_allowed";
    return reply(ctx, "notice", parseMarkup(ctx.kb.ui[ctx.language][key]));
  }

  private async input(value: string | undefined, ctx: DeskContext): Promise<OutboundMessage[]> {
    const result: InputResult = await this.drafting.input(keyOf(ctx.message), value);
    if ("noText" in result)
      return [this.prompt("en", ctx, alertBlocks(ctx.kb, ctx.language, "compose_no_text"))];
    if ("tooLong" in result)
      return [
        this.prompt(
          result.tooLong,
          ctx,
          alertBlocks(ctx.kb, ctx.language, "compose_too_long", {
            length: result.length,
            max: MAX_ALERT_TEXT,
          }),
        ),
      ];
    if ("unclear" in result)
      return [
        this.prompt(result.unclear, ctx, alertBlocks(ctx.kb, ctx.language, "compose_unclear")),
      ];
    if (result.step === "preview") return [await this.preview(ctx)];
    return [this.prompt(result.step, ctx)];
  }

  /** The question for a step, with its choices; `before` says why it is asked again. */
  private prompt(step: Step, ctx: DeskContext, before: Block[] = []): OutboundMessage {
    const { kb, language } = ctx;
    const s = (key: AlertingKey) => alertString(kb, language, key);
    const cancel: Choice = { label: s("cancel"), action: alertAction("cancel") };
    const questions: Record<Exclude<Step, "preview">, [AlertingKey, Choice[]]> = {
      en: ["compose_en", [{ label: "/skip", action: alertAction("skip") }, cancel]],
      fa: ["compose_fa", [{ label: "/skip", action: alertAction("skip") }, cancel]],
      kind: [
        "compose_kind",
        [
          { label: s("kind_status"), action: alertAction("set", "status") },
          { label: s("kind_notice"), action: alertAction("set", "notice") },
          cancel,
        ],
      ],
      severity: [
        "compose_severity",
        [
          ...(["info", "warning", "critical"] as const).map((severity) => ({
            label: kb.ui[language].severity[severity],
            action: alertAction("set", severity),
          })),
          cancel,
        ],
      ],
      expiry: [
        "compose_expiry",
        [
          { label: s("expiry_6h"), action: alertAction("set", "6h") },
          { label: s("expiry_1d"), action: alertAction("set", "1d") },
          { label: s("expiry_3d"), action: alertAction("set", "3d") },
          { label: s("expiry_never"), action: alertAction("set", "never") },
          cancel,
        ],
      ],
      audience: [
        "compose_audience",
        [
          { label: s("audience_all"), action: alertAction("set", "all") },
          { label: s("audience_en"), action: alertAction("set", "en") },
          { label: s("audience_fa"), action: alertAction("set", "fa") },
          ...this.options.platforms.specs.map((p) => ({
            label: s("audience_platform").replace("{platform}", p.title[language]),
            action: alertAction("set", p.name),
          })),
          cancel,
        ],
      ],
    };
    if (step === "preview") return reply(ctx, "notice", before);
    const [question, choices] = questions[step];
    return reply(ctx, "notice", [...before, ...alertBlocks(kb, language, question)], choices);
  }

  private async preview(ctx: DeskContext): Promise<OutboundMessage> {
    const draft = await this.drafting.finished(keyOf(ctx.message));
    if (!draft) return this.notice(ctx, "cancelled");
    const { kb, language } = ctx;
    const counts = await this.options.store.countRecipients(draft.audience);
    const s = (key: AlertingKey) => alertString(kb, language, key);
    const { names } = this.options.platforms;
    const everyone =
      draft.audience.languages.length === 2 &&
      names.every((name) => draft.audience.platforms.includes(name));
    const blocks: Block[] = [
      ...alertBlocks(kb, language, "preview", {
        count: counts.en + counts.fa,
        count_en: counts.en,
        count_fa: counts.fa,
        kind: s(draft.kind === "status" ? "kind_status" : "kind_notice"),
        severity: kb.ui[language].severity[draft.severity],
        expires: draft.expiresAt === undefined ? s("expiry_never") : formatTime(draft.expiresAt),
        audience: everyone
          ? s("audience_all")
          : [...draft.audience.languages, ...draft.audience.platforms].join(", "),
      }),
      ...bodies(kb, draft),
      ...(draft.text.en && draft.text.fa ? [] : alertBlocks(kb, language, "preview_one_language")),
    ];
    const fingerprint = draftFingerprint(draft);
    return reply(ctx, "notice", blocks, [
      { label: s("confirm"), action: alertAction("confirm", fingerprint) },
      { label: s("cancel"), action: alertAction("cancel", fingerprint) },
    ]);
  }

  private async confirm(ctx: DeskContext, fingerprint?: string): Promise<OutboundMessage> {
    const key = keyOf(ctx.message);
    const draft = await this.finishedDraft(key, fingerprint);
    if (!draft) return this.pressedTooLate(ctx, fingerprint);
    const approved = this.options.settings.approvals === 1;
    const result = await this.options.store.createAlert(draft, actorOf(ctx.message), {
      now: this.options.clock.now(),
      approved,
      report: {
        platform: ctx.message.platform as AlertPlatform,
        chatId: ctx.message.chatId,
        language: ctx.language,
      },
      // Only the replica that deletes the draft sends it (in the transaction that creates the
      // alert): a double press reaching two replicas must not create the alert twice, and the
      // other press says what became of the draft.
      draftOf: key,
    });
    if (result.outcome === "draft_gone") return this.pressedTooLate(ctx, fingerprint);
    return this.outcome(result, ctx, "queued");
  }

  private async decision(
    verb: "approve" | "reject",
    args: string,
    ctx: DeskContext,
  ): Promise<OutboundMessage> {
    const id = Number(args.replace(/^#/, ""));
    if (!Number.isInteger(id) || id <= 0) return this.notice(ctx, "approve_usage");
    const { store, clock } = this.options;
    if (verb === "reject") {
      const rejected = await store.rejectAlert(id, actorOf(ctx.message), clock.now());
      this.options.logger.info({ alert: id, action: "reject", done: rejected }, "alert decision");
      return this.notice(ctx, rejected ? "rejected" : "not_pending", { id });
    }
    const result = await store.approveAlert(id, actorOf(ctx.message), clock.now());
    if (result.outcome === "same_moderator") return this.notice(ctx, "approve_self", { id });
    if (result.outcome === "not_found" || result.outcome === "not_awaiting")
      return this.notice(ctx, "not_pending", { id });
    return this.outcome(result, ctx, "approved");
  }

  private outcome(
    result: ReleaseResult,
    ctx: DeskContext,
    done: "queued" | "approved",
  ): OutboundMessage {
    if (result.outcome === "queued") {
      this.options.logger.info(
        { alert: result.alert.id, action: done, recipients: result.recipients },
        "alert released",
      );
      this.options.released?.();
      return this.notice(ctx, done, { id: result.alert.id, count: result.recipients });
    }
    if (result.outcome === "awaiting_approval") {
      this.options.logger.info(
        { alert: result.alert.id, action: "propose" },
        "alert awaits a second moderator",
      );
      return this.notice(ctx, "awaiting_approval", { id: result.alert.id });
    }
    return this.notice(ctx, "cancelled");
  }

  /** The moderator's finished draft, if it is the one `fingerprint` names (any, without one). */
  private async finishedDraft(key: UserKey, fingerprint?: string) {
    const draft = await this.drafting.finished(key);
    return draft && (fingerprint === undefined || draftFingerprint(draft) === fingerprint)
      ? draft
      : undefined;
  }

  /**
   * A preview button pressed when its draft is gone: if the draft became an alert (the same
   * content, created in the last day), what is happening to that alert; otherwise that the
   * button is stale. Never "Cancelled": a moderator who reads that sends the alert again.
   */
  private async pressedTooLate(ctx: DeskContext, fingerprint?: string): Promise<OutboundMessage> {
    const since = this.options.clock.now() - 86_400_000;
    const alert =
      fingerprint === undefined
        ? undefined
        : (await this.options.store.listAlerts(20)).find(
            (a) => a.createdAt >= since && draftFingerprint(a) === fingerprint,
          );
    if (!alert) return this.notice(ctx, "button_stale");
    const state = {
      awaiting_approval: "button_alert_awaiting",
      sending: "button_alert_sending",
      done: "button_alert_done",
      cancelled: "button_alert_cancelled",
    } as const satisfies Record<Alert["status"], AlertingKey>;
    return this.notice(ctx, state[alert.status], { id: alert.id });
  }

  private notice(
    ctx: DeskContext,
    key: AlertingKey,
    values: Record<string, string | number> = {},
  ): OutboundMessage {
    return reply(ctx, "notice", alertBlocks(ctx.kb, ctx.language, key, values));
  }
}

/** An alert's body in each language it has, as moderators check it before it goes out. */
function bodies(kb: KnowledgeBase, draft: AlertDraft): Block[] {
  return (["en", "fa"] as const).flatMap((l) =>
    draft.text[l] ? alertBody(kb, { ...draft, text: { [l]: draft.text[l] } }, l) : [],
  );
}

function reply(
  ctx: DeskContext,
  kind: OutboundMessage["kind"],
  blocks: Block[],
  choices: Choice[] = [],
): OutboundMessage {
  return { chatId: ctx.message.chatId, kind, language: ctx.language, blocks, choices };
}

/** A draft step's button data (`a:set:6h`). */
const alertAction = (verb: string, value?: string) =>
  encodeAction({ kind: "alert", verb, ...(value === undefined ? {} : { value }) });

const keyOf = (message: InboundMessage): UserKey => ({
  platform: message.platform,
  userId: message.userId,
});
const actorOf = (message: InboundMessage): Actor => ({
  platform: message.platform,
  id: message.userId,
});

/**
 * A short digest of what an alert says and to whom, the same for a finished draft and the
 * alert made from it: the preview's buttons carry it (Telegram allows 64 bytes of button data).
 */
export function draftFingerprint(draft: {
  kind?: string;
  severity?: string;
  text: Partial<Record<Language, string>>;
  expiresAt?: number | null;
  audience?: unknown;
}): string {
  const canonical = sortedJson([
    draft.kind ?? null,
    draft.severity ?? null,
    draft.text.en ?? null,
    draft.text.fa ?? null,
    draft.expiresAt ?? null,
    draft.audience ?? null,
  ]);
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 12);
}

/** JSON with object keys sorted: a store may give an alert's audience back in another order. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
