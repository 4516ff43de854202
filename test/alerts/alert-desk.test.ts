import { describe, expect, it, onTestFinished } from "vitest";
import { ADAPTERS } from "../../adapters/index.ts";
import { toInbound } from "../../adapters/matrix/inbound.ts";
import type { ModerationSettings } from "../../src/alerts/alert-desk.ts";
import { createPanah } from "../../src/app.ts";
import { ManualClock } from "../../src/core/clock.ts";
import type { InboundMessage, OutboundMessage } from "../../src/core/messages.ts";
import { toPlainText } from "../../src/core/richtext.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { copyOfFixture, FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";

const MOD_A = 111;
const MOD_B = 222;

async function desk(approvals: 1 | 2 = 1, knowledgeDir = FIXTURE_KNOWLEDGE) {
  const log = capturingLogger();
  const clock = new ManualClock();
  const moderation: ModerationSettings = {
    moderators: { telegram: [MOD_A, MOD_B], matrix: ["@mod:example.org"] },
    approvals,
  };
  const panah = await createPanah({
    logger: log.logger,
    knowledgeDir,
    clock,
    moderation,
    platforms: ADAPTERS,
  });
  const as = (userId: number | string, extra: Partial<InboundMessage> = {}) => {
    const send = (text: string, more: Partial<InboundMessage> = {}) =>
      panah.engine.handle({
        platform: typeof userId === "number" ? "telegram" : "matrix",
        userId: String(userId),
        chatId: String(userId),
        isDirect: true,
        text,
        ...extra,
        ...more,
      });
    return {
      send,
      say: async (text: string) => plain(await send(text)),
      press: async (action: string) => plain(await send("", { action })),
      last: async (text: string) => (await send(text)).at(-1) as OutboundMessage,
    };
  };
  return { panah, clock, log, as };
}

const plain = (replies: OutboundMessage[]) =>
  replies.map((r) => toPlainText(r.blocks)).join("\n\n");

type Moderator = ReturnType<Awaited<ReturnType<typeof desk>>["as"]>;
type ComposeOptions = { en?: string; fa?: string; kind?: string; audience?: string };

/** Walks a moderator through the whole composition; returns the preview, buttons and all. */
async function composeToPreview(mod: Moderator, options: ComposeOptions = {}) {
  await mod.say("/alert");
  await (options.en === undefined ? mod.say("/skip") : mod.say(options.en));
  await (options.fa === undefined ? mod.say("/skip") : mod.say(options.fa));
  await mod.press(`a:set:${options.kind ?? "notice"}`);
  await mod.press("a:set:warning");
  await mod.press("a:set:6h");
  return mod.send("", { action: `a:set:${options.audience ?? "all"}` });
}

/** Walks a moderator through the whole composition, up to the preview (as plain text). */
async function compose(mod: Moderator, options: ComposeOptions = {}) {
  return plain(await composeToPreview(mod, options));
}

describe("moderators composing alerts in chat", () => {
  it("answers a second tap on the preview's buttons with what happened to the alert, never 'Cancelled'", async () => {
    const { panah, as } = await desk();
    await panah.store.subscribe({
      platform: "telegram",
      userId: "s1",
      chatId: "s1",
      language: "en",
    });
    const mod = as(MOD_A);
    const [preview] = await composeToPreview(mod, { en: "Fake Signal APK circulating." });
    const [sendIt = "", cancel = ""] = preview?.choices.map((c) => c.action) ?? [];
    expect(await mod.press(sendIt)).toContain("Alert #1 is being sent");
    expect(await mod.press(sendIt)).toBe(
      "Alert #1 is already being sent. This press did nothing: it was not sent twice, and it was not cancelled.",
    );
    expect(await mod.press(cancel)).toContain("Alert #1 is already being sent");
    expect(await panah.store.alerts.listAlerts(10)).toHaveLength(1);
    expect((await panah.store.alerts.getAlert(1))?.status).toBe("sending");

    // A preview left behind, then a new draft: its button acts on neither.
    const [abandoned] = await composeToPreview(mod, { en: "Another text." });
    await mod.press(abandoned?.choices[1]?.action ?? "");
    expect(await mod.press(abandoned?.choices[0]?.action ?? "")).toMatch(
      /^That button belongs to an alert draft that no longer exists/,
    );
    expect(await panah.store.alerts.listAlerts(10)).toHaveLength(1);
  });

  it("takes a Matrix moderator's long alert whole, and says when a text is over the alert's limit", async () => {
    const { as } = await desk();
    const inbound = (body: string) =>
      toInbound(
        {
          sender: "@mod:example.org",
          roomId: "!dm:example.org",
          content: { msgtype: "m.text", body },
        },
        { botUserId: "@panah:example.org", isDirect: true },
      );
    const mod = as("@mod:example.org");
    await mod.say("/alert");
    const long = `${"Fake Signal APK circulating. ".repeat(115)}End.`;
    expect(long.length).toBeGreaterThan(3_300);
    expect(await mod.say(inbound(long)?.text ?? "")).toMatch(/text in Persian/);
    await mod.say("/skip");
    await mod.press("a:set:notice");
    await mod.press("a:set:warning");
    await mod.press("a:set:6h");
    expect(await mod.press("a:set:all")).toContain("circulating. End.");

    await mod.say("/alert");
    expect(await mod.say(inbound("x".repeat(3_600))?.text ?? "")).toContain(
      "That text is 3600 characters; an alert can have at most 3500",
    );
  });

  it("walks through text, kind, severity, expiry and audience to a preview with the recipient count", async () => {
    const { panah, as } = await desk();
    for (let i = 1; i <= 5; i++)
      await panah.store.subscribe({
        platform: "telegram",
        userId: `s${i}`,
        chatId: `s${i}`,
        language: i <= 2 ? "fa" : "en",
      });
    const mod = as(MOD_A);
    expect(await mod.say("/alert")).toMatch(/New alert\. Send its text in English/);
    expect(await mod.say("Fake Signal APK circulating.")).toMatch(/text in Persian/);
    expect(await mod.say("نسخه جعلی سیگنال پخش شده است.")).toMatch(/connectivity/);
    expect(await mod.press("a:set:notice")).toMatch(/How urgent/);
    expect(await mod.press("a:set:warning")).toMatch(/stop showing/);
    expect(await mod.press("a:set:12h")).toMatch(/Who should get it/);
    const preview = await mod.send("", { action: "a:set:all" });
    const text = plain(preview);
    expect(text).toContain("This alert goes to 5 subscribers (3 English, 2 Persian)");
    expect(text).toContain("Fake Signal APK circulating.");
    expect(text).toContain("نسخه جعلی سیگنال پخش شده است.");
    // Both buttons name the draft they belong to, within Telegram's 64 bytes of button data.
    expect(preview[0]?.choices.map((c) => c.action)).toEqual([
      expect.stringMatching(/^a:confirm:[\w-]{12}$/),
      expect.stringMatching(/^a:cancel:[\w-]{12}$/),
    ]);
    expect(await mod.press("a:confirm")).toContain("Alert #1 is being sent to 5 subscribers");
    expect(await panah.store.alerts.progress(1)).toMatchObject({ total: 5, pending: 5 });
  });

  it("counts only the chosen audience, and cancels without sending anything", async () => {
    const { panah, as } = await desk();
    await panah.store.subscribe({ platform: "telegram", userId: "1", chatId: "1", language: "fa" });
    await panah.store.subscribe({
      platform: "matrix",
      userId: "@u:x.org",
      chatId: "!r:x.org",
      language: "fa",
    });
    await panah.store.subscribe({ platform: "telegram", userId: "2", chatId: "2", language: "en" });
    const mod = as(MOD_A);
    const preview = await compose(mod, { fa: "متن", audience: "fa" });
    expect(preview).toContain("2 subscribers (0 English, 2 Persian)");
    expect(preview).toContain("other language get this text too");
    expect(await mod.press("a:cancel")).toContain("Cancelled. Nothing was sent.");
    expect(await panah.store.alerts.listAlerts(10)).toEqual([]);
  });

  it("accepts a typed audience such as 'fa telegram' and asks again when it does not understand", async () => {
    const { as } = await desk();
    const mod = as(MOD_A);
    await mod.say("/alert");
    await mod.say("Text");
    await mod.say("/skip");
    expect(await mod.say("maybe")).toMatch(/didn't understand/);
    await mod.press("a:set:status");
    await mod.press("a:set:info");
    expect(await mod.say("2d")).toMatch(/Who should get it/);
    expect(await mod.say("fa telegram")).toMatch(/Audience: fa, telegram/);
  });

  it("asks for a text again when both languages were skipped", async () => {
    const { as } = await desk();
    const mod = as(MOD_A);
    await mod.say("/alert");
    await mod.say("/skip");
    expect(await mod.say("/skip")).toMatch(/needs a text in at least one language/);
  });

  it("refuses everyone who is not a configured moderator, with a plain refusal, and logs no id", async () => {
    const { as, log, panah } = await desk();
    const stranger = as(999_999);
    expect(await stranger.say("/alert")).toBe(
      "Sorry, that command is only for Panah's moderators.",
    );
    expect(await stranger.press("a:confirm")).toBe(
      "Sorry, that command is only for Panah's moderators.",
    );
    expect(await stranger.say("/approve 1")).toBe(
      "Sorry, that command is only for Panah's moderators.",
    );
    // A moderator's display name is not an id: a Matrix user with another id is refused too.
    expect(await as("@mod:evil.org").say("!alert")).toBe(
      "Sorry, that command is only for Panah's moderators.",
    );
    expect(log.lines().join("\n")).not.toContain("999999");
    expect(await panah.store.alerts.auditLog(10)).toEqual([]);
  });

  it("answers moderators only in a direct chat", async () => {
    const { as } = await desk();
    expect(await as(MOD_A, { isDirect: false, chatId: "-100" }).say("/alert")).toBe(
      "Moderator commands only work in a direct chat with me.",
    );
  });

  it("with approvals: 2, sends nothing until a second moderator approves, and audits who did what", async () => {
    const { panah, as } = await desk(2);
    await panah.store.subscribe({ platform: "telegram", userId: "1", chatId: "1", language: "en" });
    const a = as(MOD_A);
    await compose(a, { en: "Connectivity partly back in Tehran.", kind: "status" });
    expect(await a.press("a:confirm")).toContain(
      "Alert #1 waits for a second moderator. Nothing is sent until another moderator sends /approve 1",
    );
    expect(await panah.store.alerts.progress(1)).toMatchObject({ total: 0 });
    expect(await a.say("/approve 1")).toContain("a different moderator must approve it");
    expect(await panah.store.alerts.progress(1)).toMatchObject({ total: 0 });
    expect(await as(MOD_B).say("/approve 1")).toContain(
      "Approved. Alert #1 is being sent to 1 subscribers.",
    );
    expect(await panah.store.alerts.progress(1)).toMatchObject({ total: 1, pending: 1 });
    expect(await as(MOD_B).say("/approve 1")).toContain("No alert #1 is waiting for approval.");
    const audit = await panah.store.alerts.auditLog(10);
    expect(audit.map((e) => [e.action, e.actor.id, e.alertId])).toEqual([
      ["approve", String(MOD_B), 1],
      ["propose", String(MOD_A), 1],
    ]);
  });

  it("lets a moderator reject a proposed alert", async () => {
    const { panah, as } = await desk(2);
    const a = as(MOD_A);
    await compose(a, { en: "x" });
    await a.press("a:confirm");
    expect(await as(MOD_B).say("/reject 1")).toContain("Alert #1 was rejected.");
    expect((await panah.store.alerts.getAlert(1))?.status).toBe("cancelled");
    expect(await as(MOD_B).say("/approve 1")).toContain("No alert #1 is waiting");
  });
});

describe("moderators composing alerts with several replicas", () => {
  it("goes on with a draft whichever of two Panah instances on one database gets each step, and sends it once", async () => {
    const clock = new ManualClock();
    const dataDir = tempDir();
    const moderation: ModerationSettings = {
      moderators: { telegram: [MOD_A], matrix: [] },
      approvals: 1,
    };
    const start = () =>
      createPanah({
        logger: capturingLogger().logger,
        knowledgeDir: FIXTURE_KNOWLEDGE,
        clock,
        moderation,
        dataDir,
        platforms: ADAPTERS,
      });
    const replicas = [await start(), await start()] as const;
    onTestFinished(async () => {
      for (const replica of replicas) await replica.close();
    });
    await replicas[0].store.subscribe({
      platform: "telegram",
      userId: "1",
      chatId: "1",
      language: "en",
    });
    const send = (replica: 0 | 1, text: string, action?: string) =>
      replicas[replica].engine.handle({
        platform: "telegram",
        userId: String(MOD_A),
        chatId: String(MOD_A),
        isDirect: true,
        text,
        ...(action ? { action } : {}),
      });
    // Each step reaches the other replica than the step before, as a round-robin balancer does.
    expect(plain(await send(0, "/alert"))).toMatch(/Send its text in English/);
    expect(plain(await send(1, "Connectivity partly back."))).toMatch(/text in Persian/);
    expect(plain(await send(0, "/skip"))).toMatch(/connectivity/);
    expect(plain(await send(1, "", "a:set:status"))).toMatch(/How urgent/);
    expect(plain(await send(0, "", "a:set:warning"))).toMatch(/stop showing/);
    expect(plain(await send(1, "", "a:set:6h"))).toMatch(/Who should get it/);
    const previewReply = await send(0, "", "a:set:all");
    const preview = plain(previewReply);
    expect(preview).toContain("1 subscribers (1 English, 0 Persian)");
    expect(preview).toContain("Connectivity partly back.");
    const sendIt = previewReply[0]?.choices[0]?.action ?? "";
    // "Send it" pressed twice, each press reaching a different replica at once.
    const confirmed = await Promise.all([send(1, "", sendIt), send(0, "", sendIt)]);
    expect(confirmed.map(plain).sort()).toEqual([
      "Alert #1 is already being sent. This press did nothing: it was not sent twice, and it was not cancelled.",
      "Alert #1 is being sent to 1 subscribers. I'll report the progress here.",
    ]);
    expect(await replicas[1].store.alerts.listAlerts(10)).toHaveLength(1);
    expect(await replicas[0].store.alerts.progress(1)).toMatchObject({ total: 1, pending: 1 });
    // The draft is gone from both: a plain text is a question again, not an alert's text.
    expect(plain(await send(1, "/skip"))).not.toMatch(/Persian|connectivity/);
  });
});

describe("people reading alerts", () => {
  it("/alerts lists the active alerts with their time, and drops expired ones", async () => {
    const { as, clock } = await desk();
    const reader = as(5555);
    expect(await reader.say("/alerts")).toBe("There are no active alerts right now.");
    const a = as(MOD_A);
    await compose(a, { en: "Fake Signal APK circulating." });
    await a.press("a:confirm");
    const listed = await reader.say("/alerts");
    expect(listed).toContain("Active alerts:");
    expect(listed).toContain("Panah alert · Warning");
    expect(listed).toContain("Fake Signal APK circulating.");
    expect(listed).toContain("Sent 2026-11-28 12:00 UTC");
    clock.advance(7 * 3_600_000);
    expect(await reader.say("/alerts")).toBe("There are no active alerts right now.");
  });

  it("shows the latest unexpired status alert, with its time, before the blackout-status answer", async () => {
    const kb = copyOfFixture();
    kb.write(
      "topics/blackout-status.yaml",
      `id: blackout-status
category: shutdowns
sources: [signal-support]
reviewed: 2026-11-28
en:
  title: Is Iran's internet working now?
  examples: ["is the internet in iran working now", "is iran offline today", "has the internet come back in iran"]
  answer: I can't see live network data.
fa:
  title: اینترنت ایران الان وصل است؟
  examples: ["اینترنت ایران الان وصله؟", "امروز ایران اینترنت داره؟", "اینترنت ایران برگشته؟"]
  answer: من به داده‌های زنده دسترسی ندارم.
`,
    );
    const { as, clock } = await desk(1, kb.dir);
    const reader = as(5556);
    expect(await reader.press("t:blackout-status")).toMatch(
      /^Is Iran's internet working now\?\n\nI can't see live network data\./,
    );
    const a = as(MOD_A);
    await compose(a, {
      en: "Connectivity partly back in Tehran.",
      fa: "اینترنت تهران تا حدی وصل شد.",
      kind: "status",
    });
    await a.press("a:confirm");
    clock.advance(60_000);
    await compose(a, { en: "Fake app warning.", kind: "notice" });
    await a.press("a:confirm");
    const answer = await reader.say("is the internet in iran working now");
    expect(answer).toMatch(
      /^Latest status from Panah's moderators \(2026-11-28 12:00 UTC\):\n\nConnectivity partly back in Tehran\.\n\nIs Iran's internet working now\?\n\nI can't see live network data\./,
    );
    expect(answer).not.toContain("Fake app warning");
    clock.advance(7 * 3_600_000);
    expect(await reader.say("is the internet in iran working now")).toMatch(
      /^Is Iran's internet working now\?\n\nI can't see live network data\./,
    );
  });
});
