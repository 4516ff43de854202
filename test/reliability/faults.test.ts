import Database from "better-sqlite3";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelegramDeliverer } from "../../adapters/telegram/deliverer.ts";
import { everyone } from "../../src/alerts/alert.ts";
import { startEmulator } from "../adapters/telegram/support/emulator.ts";
import { parseTelegramHtml } from "../adapters/telegram/support/telegram-html.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";
import { errorLines, startCrowd } from "./support/crowd.ts";
import { type Fault, startFlakyProxy } from "./support/flaky-proxy.ts";

let server: TelegramServer;
beforeAll(async () => {
  server = await startEmulator();
});
afterAll(async () => {
  await server?.stop();
});

/** Fails the first `n` sendMessage calls to a chat with the faults listed for it, in order. */
function perChat(faults: Map<string, Fault[]>) {
  return (method: string, payload: Record<string, unknown>) =>
    method === "sendMessage" ? faults.get(String(payload.chat_id))?.shift() : undefined;
}

describe("the Bot API failing", () => {
  it("while answering: 5xx answers are retried, a reply lost to a reset, a timeout or a proxy page is sent once more, and the bot keeps answering everyone", async () => {
    const faults = new Map<string, Fault[]>();
    const proxy = await startFlakyProxy(server.config.apiURL, perChat(faults));
    const crowd = await startCrowd(server, {
      knowledgeDir: FIXTURE_KNOWLEDGE,
      apiRoot: proxy.url,
      timeoutSeconds: 1,
    });
    try {
      // Eight kinds of people: five meet a fault on their first answer, three none.
      const kinds: (Fault | undefined)[] = [
        "reset",
        "hang",
        "bad-gateway",
        "html-500",
        "lost-reply",
        undefined,
        undefined,
        undefined,
      ];
      const people = Array.from({ length: 40 }, (_, i) => ({
        person: crowd.person(5_000_000 + i),
        fault: kinds[i % kinds.length],
      }));
      for (const { person, fault } of people) if (fault) faults.set(String(person.chatId), [fault]);

      await Promise.all(people.map(({ person }) => person.send("Is Signal safe?")));
      await crowd.pump();
      await Promise.all(people.map(({ person }) => person.send("Is Bale safe?")));
      await crowd.pump();

      const inbox = crowd.inbox();
      const read = (chatId: number) =>
        (inbox.get(String(chatId)) ?? []).map((m) => parseTelegramHtml(m.html));
      const [signal, bale] = read(people[5]?.person.chatId ?? 0);
      // Each answer opens with its topic's title.
      expect(signal).toMatch(/^Signal\n\nSignal encrypts/);
      expect(bale).toMatch(/^Is Bale safe\?\n\nNo\./);
      for (const { person, fault } of people) {
        // A 502 is retried by auto-retry; a reset, a timeout or a proxy's HTML page is sent once
        // more, so no answer is lost. A reply Telegram carried out before the connection dropped
        // cannot be told from one it never got: that person sees the answer twice.
        const first = fault === "lost-reply" ? [signal, signal] : [signal];
        expect(read(person.chatId), `${fault ?? "no fault"}, chat ${person.chatId}`).toEqual([
          ...first,
          bale,
        ]);
      }

      // Nothing was lost, so nothing is an error; each second try is one warning, saying what
      // failed and nothing about whom.
      expect(errorLines(crowd.logs)).toEqual([]);
      const retries = crowd.logs
        .flatMap((chunk) => chunk.split("\n"))
        .filter((line) => line.includes('"event":"reply-retry"'));
      expect(retries).toHaveLength(
        people.filter((p) => p.fault && p.fault !== "bad-gateway").length,
      );
      for (const line of retries) {
        expect(line).toContain('"level":40');
        expect(line).toContain('"method":"sendMessage"');
        expect(line).not.toMatch(/500\d{4}|Signal|Bale|reliability/);
      }
      expect(proxy.total()).toBe(25);
    } finally {
      await crowd.stop();
      await proxy.stop();
    }
  }, 30_000);

  it("while broadcasting: every subscriber ends with exactly one row, sent or a recorded failure, through resets, timeouts and 5xx", async () => {
    const faults = new Map<string, Fault[]>();
    const proxy = await startFlakyProxy(server.config.apiURL, perChat(faults));
    const dataDir = tempDir();
    const crowd = await startCrowd(server, { knowledgeDir: FIXTURE_KNOWLEDGE, dataDir });
    try {
      const { store } = crowd.panah;
      const always: Fault[] = Array.from({ length: 20 }, () => "reset");
      const plans: Fault[][] = [
        ["reset"],
        ["hang"],
        ["bad-gateway", "bad-gateway"],
        ["html-500"],
        ["html-500", "reset", "hang"],
        always,
        ["lost-reply"],
        [],
        [],
        [],
      ];
      const subscribers = Array.from({ length: 120 }, (_, i) => ({
        id: 6_000_000 + i,
        plan: [...(plans[i % plans.length] ?? [])],
        givesUp: plans[i % plans.length] === always,
        language: i % 2 === 0 ? ("en" as const) : ("fa" as const),
      }));
      for (const s of subscribers) {
        await store.subscribe({
          platform: "telegram",
          userId: String(s.id),
          chatId: String(s.id),
          language: s.language,
        });
        faults.set(String(s.id), [...s.plan]);
      }
      const released = await store.alerts.createAlert(
        {
          kind: "notice",
          severity: "warning",
          text: { en: "Fake Signal APK circulating.", fa: "نسخه جعلی سیگنال پخش شده است." },
          audience: everyone(["telegram", "matrix"]),
        },
        { platform: "cli", id: "operator" },
        { now: Date.now(), approved: true },
      );
      expect(released).toMatchObject({ outcome: "queued", recipients: 120 });

      const worker = crowd.panah.alerts.start(
        TelegramDeliverer.create(crowd.token, proxy.url, [], 1),
        {
          pace: { perSecond: 500, perChatSeconds: 0 },
          concurrency: 16,
          retry: { baseMs: 20, maxMs: 100, maxAttempts: 4 },
          idleMs: 20,
        },
      );
      while ((await store.alerts.getAlert(1))?.status !== "done")
        await new Promise((resolve) => setTimeout(resolve, 50));
      await worker.stop();

      const db = new Database(`${dataDir}/panah.db`, { readonly: true });
      const rows = db
        .prepare("SELECT user_id, status, failure, unsubscribed FROM alert_deliveries")
        .all() as { user_id: string; status: string; failure: string | null }[];
      db.close();
      const inbox = crowd.inbox();
      let duplicates = 0;
      for (const s of subscribers) {
        const mine = rows.filter((r) => r.user_id === String(s.id));
        const copies = (inbox.get(String(s.id)) ?? []).length;
        if (s.givesUp) {
          // Out of retries: recorded as given up, and still subscribed (nothing says they left).
          expect(mine, `chat ${s.id}`).toEqual([
            { user_id: String(s.id), status: "failed", failure: "gave_up", unsubscribed: 0 },
          ]);
          expect(copies).toBe(0);
          continue;
        }
        expect(mine, `chat ${s.id}`).toEqual([
          { user_id: String(s.id), status: "sent", failure: null, unsubscribed: 0 },
        ]);
        // A reply lost after Telegram sent the message is retried: at least once, so twice.
        const lost = s.plan.includes("lost-reply");
        expect(copies, `chat ${s.id}`).toBe(lost ? 2 : 1);
        if (lost) duplicates++;
      }
      expect(await store.alerts.progress(1)).toEqual({
        total: 120,
        pending: 0,
        sending: 0,
        sent: 108,
        failed: 12,
        unsubscribed: 0,
      });
      expect(duplicates).toBe(12);
      expect(
        await store.getSubscription({ platform: "telegram", userId: "6000005" }),
      ).toBeDefined();
      // Every transient failure was retried, up to the limit: 12 chats each 1 + 1 + 2 + 1 + 3 + 3 + 1.
      expect(worker.counts).toMatchObject({ sent: 108, failed: 12, retried: 12 * 12 });
      expect(errorLines(crowd.logs)).toEqual([]);
      // 12 chats each: 1 + 1 + 2 + 1 + 3 + 4 (out of retries) + 1
      expect(proxy.total()).toBe(12 * 13);
    } finally {
      await crowd.stop();
      await proxy.stop();
    }
  }, 30_000);
});
