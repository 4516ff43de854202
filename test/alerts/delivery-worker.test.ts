import { afterEach, describe, expect, it } from "vitest";
import type { AlertDraft } from "../../src/alerts/alert.ts";
import { MemoryDeliverer } from "../../src/alerts/deliverer.ts";
import { DeliveryWorker } from "../../src/alerts/delivery-worker.ts";
import { alertMessage } from "../../src/alerts/render.ts";
import type { OutboundMessage } from "../../src/core/messages.ts";
import { toPlainText } from "../../src/core/richtext.ts";
import { loadRouter } from "../../src/engine/knowledge.ts";
import { IN_MEMORY, openStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/store.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";

const { kb } = await loadRouter(FIXTURE_KNOWLEDGE);
const moderator = { platform: "telegram" as const, id: "1" };
const draft: AlertDraft = {
  kind: "notice",
  severity: "warning",
  text: { en: "Fake Signal APK circulating.", fa: "نسخه جعلی سیگنال پخش شده است." },
  audience: { languages: ["en", "fa"], platforms: ["telegram", "matrix"] },
};

async function subscribe(
  store: Store,
  count: number,
  platform: "telegram" | "matrix" = "telegram",
) {
  for (let i = 1; i <= count; i++)
    await store.subscribe({
      platform,
      userId: String(i),
      chatId: `chat-${i}`,
      language: i % 3 === 0 ? "fa" : "en",
    });
}

const workers: DeliveryWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
});

function worker(store: Store, deliverer: MemoryDeliverer, extra: { concurrency?: number } = {}) {
  const { logger, lines } = capturingLogger();
  const finished: number[] = [];
  const w = new DeliveryWorker({
    deliverer,
    store: store.alerts,
    render: (alert, d) => alertMessage(kb, alert, d.language, d.chatId),
    pace: { perSecond: 1000 },
    retry: { baseMs: 5, maxAttempts: 3 },
    ...extra,
    idleMs: 20,
    logger,
    onFinished: (ids) => finished.push(...ids),
  });
  workers.push(w);
  return { w, finished, lines };
}

async function until(condition: () => boolean | Promise<boolean>) {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 10));
}

describe("the delivery worker", () => {
  it("sends every subscriber exactly one copy, in their language, then finishes the alert", async () => {
    const store = await openStore({ dataDir: IN_MEMORY });
    await subscribe(store, 30);
    const deliverer = new MemoryDeliverer("telegram");
    const { w, finished, lines } = worker(store, deliverer);
    const released = await store.alerts.createAlert(draft, moderator, {
      now: Date.now(),
      approved: true,
    });
    expect(released).toMatchObject({ outcome: "queued", recipients: 30 });
    w.start();
    await until(() => finished.length === 1);
    for (let i = 1; i <= 30; i++) {
      const got = deliverer.to(`chat-${i}`);
      expect(got).toHaveLength(1);
      expect(toPlainText(got[0]?.blocks ?? [])).toContain(
        i % 3 === 0 ? "نسخه جعلی سیگنال" : "Fake Signal APK",
      );
    }
    expect(await store.alerts.progress(1)).toMatchObject({ total: 30, sent: 30, failed: 0 });
    const log = lines().join("\n");
    expect(log).not.toContain("Fake Signal");
    expect(log).not.toContain("chat-1");
  });

  it("waits out a rate limit before sending anything else, then delivers the row it held", async () => {
    const store = await openStore({ dataDir: IN_MEMORY });
    await subscribe(store, 5);
    const deliverer = new MemoryDeliverer("telegram");
    deliverer.failures.set("chat-2", [{ kind: "retry-after", ms: 300, label: "429" }]);
    // One send in flight, so "after the 429" is well defined (more in flight may still land).
    const { w, finished } = worker(store, deliverer, { concurrency: 1 });
    await store.alerts.createAlert(draft, moderator, { now: Date.now(), approved: true });
    w.start();
    await until(() => finished.length === 1);
    const limited = deliverer.attempts.findIndex((a) => a.failure?.kind === "retry-after");
    const after = deliverer.attempts.slice(limited + 1);
    expect(after.length).toBeGreaterThan(0);
    const limitedAt = deliverer.attempts[limited]?.at ?? 0;
    for (const a of after) expect(a.at - limitedAt).toBeGreaterThanOrEqual(295);
    expect(deliverer.to("chat-2")).toHaveLength(1);
    expect(w.counts.rateLimited).toBe(1);
  });

  it("retries transient errors with backoff and gives up after the last try, keeping the subscription", async () => {
    const store = await openStore({ dataDir: IN_MEMORY });
    await subscribe(store, 3);
    const deliverer = new MemoryDeliverer("telegram");
    const transient = { kind: "transient" as const, label: "500" };
    deliverer.failures.set("chat-1", [transient]);
    deliverer.failures.set("chat-2", [transient, transient, transient]);
    const { w, finished } = worker(store, deliverer);
    await store.alerts.createAlert(draft, moderator, { now: Date.now(), approved: true });
    w.start();
    await until(() => finished.length === 1);
    expect(deliverer.to("chat-1")).toHaveLength(1);
    expect(deliverer.to("chat-2")).toHaveLength(0);
    expect(await store.alerts.progress(1)).toMatchObject({ sent: 2, failed: 1, unsubscribed: 0 });
    expect(await store.getSubscription({ platform: "telegram", userId: "2" })).toBeDefined();
  });

  it("unsubscribes people who blocked the bot, and keeps those whose message alone was refused", async () => {
    const store = await openStore({ dataDir: IN_MEMORY });
    await subscribe(store, 3);
    const deliverer = new MemoryDeliverer("telegram");
    deliverer.failures.set("chat-1", [{ kind: "permanent", unsubscribe: true, label: "403" }]);
    deliverer.failures.set("chat-2", [{ kind: "permanent", unsubscribe: false, label: "400" }]);
    const { w, finished } = worker(store, deliverer);
    await store.alerts.createAlert(draft, moderator, { now: Date.now(), approved: true });
    w.start();
    await until(() => finished.length === 1);
    expect(await store.alerts.progress(1)).toMatchObject({ sent: 1, failed: 2, unsubscribed: 1 });
    expect(await store.getSubscription({ platform: "telegram", userId: "1" })).toBeUndefined();
    expect(await store.getSubscription({ platform: "telegram", userId: "2" })).toBeDefined();
  });

  it("delivers only its own platform's rows", async () => {
    const store = await openStore({ dataDir: IN_MEMORY });
    await subscribe(store, 4, "telegram");
    await store.subscribe({
      platform: "matrix",
      userId: "@m:x.org",
      chatId: "!room:x.org",
      language: "en",
    });
    const deliverer = new MemoryDeliverer("telegram");
    const { w } = worker(store, deliverer);
    await store.alerts.createAlert(draft, moderator, { now: Date.now(), approved: true });
    w.start();
    await until(() => deliverer.sent.length === 4);
    await new Promise((r) => setTimeout(r, 50));
    expect(deliverer.sent.map((m) => m.chatId)).not.toContain("!room:x.org");
    expect(await store.alerts.progress(1)).toMatchObject({ sent: 4, pending: 1 });
  });

  it("resumes after a restart: rows left 'sending' are sent again, rows already sent are not", async () => {
    const dir = tempDir();
    const first = await openStore({ dataDir: dir });
    await subscribe(first, 10);
    await first.alerts.createAlert(draft, moderator, { now: Date.now(), approved: true });
    // A crash: three rows sent, one claimed but never confirmed.
    for (let i = 0; i < 3; i++) {
      const d = await first.alerts.claimDelivery("telegram", Date.now());
      if (d) await first.alerts.markSent(d);
    }
    await first.alerts.claimDelivery("telegram", Date.now());
    await first.close();

    const second = await openStore({ dataDir: dir });
    const deliverer = new MemoryDeliverer("telegram");
    const { w, finished } = worker(second, deliverer);
    w.start();
    await until(() => finished.length === 1);
    expect(deliverer.sent).toHaveLength(7);
    expect(await second.alerts.progress(1)).toMatchObject({ total: 10, sent: 10 });
    await w.stop();
    await second.close();
  });

  it("stops when asked, finishing the sends in flight and leaving the rest pending", async () => {
    const store = await openStore({ dataDir: IN_MEMORY });
    await subscribe(store, 50);
    // After five sends, the next ones hang until released: the stop then lands mid-broadcast
    // however slowly this machine runs, instead of racing a worker that may finish first.
    const held: (() => void)[] = [];
    const deliverer = new (class extends MemoryDeliverer {
      override async send(message: OutboundMessage) {
        if (this.sent.length >= 5) await new Promise<void>((go) => held.push(go));
        return super.send(message);
      }
    })("telegram");
    const { w } = worker(store, deliverer);
    await store.alerts.createAlert(draft, moderator, { now: Date.now(), approved: true });
    w.start();
    await until(() => deliverer.sent.length === 5 && held.length > 0);
    const stopped = w.stop();
    for (const go of held.splice(0)) go();
    await stopped;
    const progress = await store.alerts.progress(1);
    expect(progress.sending).toBe(0);
    expect(progress.sent).toBe(deliverer.sent.length);
    expect(progress.sent + progress.pending).toBe(50);
    expect(progress.pending).toBeGreaterThan(0);
  });

  it("keeps delivering after the database fails for a moment, instead of stopping until a restart", async () => {
    const store = await openStore({ dataDir: IN_MEMORY });
    await subscribe(store, 12);
    const deliverer = new MemoryDeliverer("telegram");
    const { w, finished, lines } = worker(store, deliverer);
    await store.alerts.createAlert(draft, moderator, { now: Date.now(), approved: true });
    const claim = store.alerts.claimDelivery.bind(store.alerts);
    let failures = 2;
    store.alerts.claimDelivery = async (...args) => {
      if (failures-- > 0) throw new Error("connection terminated");
      return claim(...args);
    };
    w.start();
    await until(() => finished.length === 1);
    for (let i = 1; i <= 12; i++) expect(deliverer.to(`chat-${i}`)).toHaveLength(1);
    expect(lines().filter((l) => l.includes("restarting it"))).toHaveLength(2);
  }, 15_000);
});
