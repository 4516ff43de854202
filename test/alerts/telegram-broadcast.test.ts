import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../adapters/telegram/support/emulator.ts";
import { until } from "../adapters/telegram/support/wait.ts";
import { startTelegramAlerts } from "./support/telegram-alerts.ts";

const MOD_A = 7001;
const MOD_B = 7002;
const EN = "Fake Signal APK circulating: install Signal only from signal.org or the app store.";
const FA = "نسخه جعلی سیگنال پخش شده است: سیگنال را فقط از signal.org یا فروشگاه برنامه نصب کنید.";

let server: TelegramServer;
beforeAll(async () => {
  server = await startEmulator();
});
afterAll(async () => {
  await server?.stop();
});

/** Subscribes `count` people through the bot: a third choose Persian with /lang, a third have a Persian app. */
async function subscribers(
  t: Awaited<ReturnType<typeof startTelegramAlerts>>,
  count: number,
  firstId: number,
) {
  const people = Array.from({ length: count }, (_, i) => {
    const id = firstId + i;
    const language = i % 3 === 2 ? "en" : "fa";
    return { id, language, person: t.person(id, i % 3 === 1 ? "fa" : "en") };
  });
  for (const { person, id } of people) if ((id - firstId) % 3 === 0) await person.queue("/lang fa");
  await t.pump();
  for (const { person } of people) await person.queue("/subscribe");
  await t.pump();
  return people;
}

async function composeAndConfirm(
  mod: ReturnType<Awaited<ReturnType<typeof startTelegramAlerts>>["person"]>,
) {
  expect((await mod.say("/alert"))?.text).toMatch(/New alert/);
  expect((await mod.say(EN))?.text).toMatch(/in Persian/);
  expect((await mod.say(FA))?.text).toMatch(/connectivity/);
  await mod.press("a:set:notice");
  await mod.press("a:set:warning");
  await mod.press("a:set:1d");
  return mod.press("a:set:all");
}

describe("alerts on Telegram, end to end against the emulator", () => {
  it("delivers one copy to each of 300 subscribers in their language, waits out 429s, unsubscribes on 403", async () => {
    const t = await startTelegramAlerts(server, {
      moderators: [MOD_A],
      approvals: 1,
      perSecond: 400,
    });
    try {
      const people = await subscribers(t, 300, 100_000);
      // The fixture's Persian interface strings are marked "[fa]".
      expect(t.received(100_000).at(-1)?.text).toMatch(/^\[fa\] You're subscribed/);
      expect(t.received(100_001).at(-1)?.text).toMatch(/^\[fa\] You're subscribed/);
      expect(t.received(100_002).at(-1)?.text).toMatch(/You're subscribed/);

      // Someone who is not a moderator tries first.
      const stranger = t.person(100_005);
      expect((await stranger.say("/alert"))?.text).toBe(
        "Sorry, that command is only for Panah's moderators.",
      );

      const blocked = [100_010, 100_050, 100_111, 100_200, 100_299];
      for (const chat of blocked)
        t.faults.set(String(chat), [
          { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
        ]);
      const limited = [100_020, 100_150];
      for (const chat of limited)
        t.faults.set(String(chat), [
          {
            ok: false,
            error_code: 429,
            description: "Too Many Requests: retry after 1",
            parameters: { retry_after: 1 },
          },
        ]);

      const mod = t.person(MOD_A);
      const preview = await composeAndConfirm(mod);
      expect(preview?.text).toContain(
        "This alert goes to 300 subscribers (100 English, 200 Persian)",
      );
      expect(preview?.buttons).toEqual([
        expect.stringMatching(/^a:confirm:/),
        expect.stringMatching(/^a:cancel:/),
      ]);
      expect((await mod.press(preview?.buttons[0] ?? ""))?.text).toBe(
        "Alert #1 is being sent to 300 subscribers. I'll report the progress here.",
      );

      await until(() => t.received(MOD_A).some((m) => m.text.startsWith("Alert #1 is finished")));
      expect(t.received(MOD_A).at(-1)?.text).toBe(
        "Alert #1 is finished: 295 sent, 5 failed, of them 5 unsubscribed because they blocked the bot or no longer exist.",
      );

      for (const { id, language } of people) {
        const alerts = t.received(id).filter((m) => /Panah alert|هشدار پناه/.test(m.text));
        if (blocked.includes(id)) {
          expect(alerts, `chat ${id}`).toHaveLength(0);
          expect(
            await t.panah.store.getSubscription({ platform: "telegram", userId: String(id) }),
          ).toBeUndefined();
          continue;
        }
        expect(alerts, `chat ${id}`).toHaveLength(1);
        expect(alerts[0]?.text).toBe(
          language === "fa" ? `هشدار پناه · Warning\n\n${FA}` : `Panah alert · Warning\n\n${EN}`,
        );
      }
      // Each 429 paused every send for its retry_after (1 s), then the held row went out.
      for (const chat of limited) {
        const i = t.calls.findIndex((c) => c.chatId === String(chat) && c.fault === 429);
        const pausedAt = t.calls[i]?.at ?? 0;
        const later = t.calls.slice(i + 1).filter((c) => c.at > pausedAt + 50);
        expect(later.length).toBeGreaterThan(0);
        for (const c of later) expect(c.at - pausedAt).toBeGreaterThanOrEqual(950);
      }
      expect(t.calls.filter((c) => c.fault === 429)).toHaveLength(2);
      expect(t.worker.counts).toMatchObject({ sent: 295, failed: 5, rateLimited: 2 });
      expect(await t.panah.store.alerts.progress(1)).toMatchObject({
        total: 300,
        sent: 295,
        failed: 5,
        unsubscribed: 5,
        pending: 0,
        sending: 0,
      });
      const log = t.logs.join("");
      expect(log).not.toContain("Fake Signal");
      expect(log).not.toMatch(/\b1000\d\d\b/);
    } finally {
      await t.stop();
    }
  }, 60_000);

  it("sends each subscriber the alert in the language they last chose, even when they chose it after subscribing", async () => {
    const t = await startTelegramAlerts(server, {
      moderators: [MOD_A],
      approvals: 1,
      perSecond: 400,
    });
    try {
      const thenPersian = t.person(300_001, "en");
      const backToEnglish = t.person(300_002, "en");
      await thenPersian.queue("/subscribe");
      await backToEnglish.queue("/lang fa");
      await t.pump();
      await thenPersian.queue("/lang fa");
      await backToEnglish.queue("/subscribe");
      await t.pump();
      await backToEnglish.queue("/lang en");
      await t.pump();
      const mod = t.person(MOD_A);
      await composeAndConfirm(mod);
      await mod.press("a:confirm");
      await until(() => t.received(MOD_A).some((m) => m.text.startsWith("Alert #1 is finished")));
      const alertTo = (id: number) =>
        t.received(id).find((m) => /Panah alert|هشدار پناه/.test(m.text))?.text;
      expect(alertTo(300_001)).toBe(`هشدار پناه · Warning\n\n${FA}`);
      expect(alertTo(300_002)).toBe(`Panah alert · Warning\n\n${EN}`);
    } finally {
      await t.stop();
    }
  }, 60_000);

  it("with approvals: 2, sends nothing until a second moderator approves", async () => {
    const t = await startTelegramAlerts(server, {
      moderators: [MOD_A, MOD_B],
      approvals: 2,
      perSecond: 400,
    });
    try {
      const people = await subscribers(t, 12, 200_000);
      const a = t.person(MOD_A);
      await composeAndConfirm(a);
      expect((await a.press("a:confirm"))?.text).toMatch(/Alert #1 waits for a second moderator/);
      // The worker is idle and polling: give it several rounds to (wrongly) send something.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(t.calls).toHaveLength(0);
      expect((await a.say("/approve 1"))?.text).toMatch(/a different moderator must approve/);
      const b = t.person(MOD_B);
      expect((await b.say("/approve 1"))?.text).toBe(
        "Approved. Alert #1 is being sent to 12 subscribers.",
      );
      await until(() => t.received(MOD_A).some((m) => m.text.startsWith("Alert #1 is finished")));
      for (const { id } of people)
        expect(
          t
            .received(id)
            .filter((m) => m.text.startsWith("Panah alert") || m.text.startsWith("هشدار پناه")),
        ).toHaveLength(1);
    } finally {
      await t.stop();
    }
  }, 30_000);
});
