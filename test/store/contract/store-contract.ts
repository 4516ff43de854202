import { describe, expect, it } from "vitest";
import type { AlertDraft } from "../../../src/alerts/alert.ts";
import type { Draft } from "../../../src/alerts/draft.ts";
import type { UserKey } from "../../../src/core/messages.ts";
import { migrations } from "../../../src/store/migrations.ts";
import { type Store, USER_TABLES } from "../../../src/store/store.ts";

/** One implementation of {@link Store}, as the contract drives it. */
export interface StoreUnderTest {
  /** A fresh, empty store; closed (and its database removed) after the test. */
  open(): Promise<Store>;
  /** A second store on the same database (a restart, or another replica); absent in memory. */
  reopen?(store: Store): Promise<Store>;
  /** A look at the tables themselves, for the databases. */
  tables?: {
    /** Rows about `user` in `table`. */
    countAbout(store: Store, table: string, user: UserKey): Promise<number>;
    /** Every (platform, user_id) left in `table`. */
    people(store: Store, table: string): Promise<{ platform: string; user_id: string }[]>;
    /** Every column of every table, the migrations' own included. */
    columns(store: Store): Promise<{ table: string; column: string }[]>;
    /** The newest migration the database ran. */
    schemaVersion(store: Store): Promise<string | undefined>;
  };
}

const alice = { platform: "telegram" as const, userId: "1001" };
const bob = { platform: "matrix" as const, userId: "@bob:example.org" };
const op = { platform: "cli" as const, id: "ops" };
const mod1 = { platform: "telegram" as const, id: "42" };
const mod2 = { platform: "matrix" as const, id: "@mod:example.org" };
const draft: AlertDraft = {
  kind: "notice",
  severity: "info",
  text: { en: "Hello" },
  audience: { languages: ["en", "fa"], platforms: ["telegram", "matrix"] },
};
const halfDone: Draft = {
  step: "audience",
  text: { en: "Back online.", fa: "دوباره وصل است." },
  kind: "status",
  severity: "warning",
  expiresAt: null,
};

async function subscribeAll(store: Store, ids: string[], language: "en" | "fa" = "en") {
  for (const id of ids)
    await store.subscribe({ platform: "telegram", userId: id, chatId: `c${id}`, language });
}

/**
 * The behaviour every {@link Store} keeps, whatever holds the data: the same tests run on
 * SQLite (a file, and in memory) and on PostgreSQL (test/store/contract/*.test.ts).
 */
export function storeContract(subject: StoreUnderTest): void {
  const { open, reopen, tables } = subject;

  describe("language choices and subscriptions", () => {
    it("remembers a language choice, and knows none for someone who made none", async () => {
      const store = await open();
      expect(await store.getLanguage(alice)).toBeUndefined();
      await store.setLanguage(alice, "fa");
      await store.setLanguage(alice, "en");
      expect(await store.getLanguage(alice)).toBe("en");
      expect(await store.getLanguage(bob)).toBeUndefined();
    });

    it("says whether subscribing changed anything, and updates the chat and language", async () => {
      const store = await open();
      expect(await store.subscribe({ ...alice, chatId: "1001", language: "fa" })).toBe(true);
      expect(await store.subscribe({ ...alice, chatId: "1001", language: "fa" })).toBe(false);
      expect(await store.subscribe({ ...alice, chatId: "1001", language: "en" })).toBe(true);
      expect(await store.subscribe({ ...alice, chatId: "2002", language: "en" })).toBe(true);
      expect(await store.getSubscription(alice)).toEqual({
        ...alice,
        chatId: "2002",
        language: "en",
      });
      expect(await store.unsubscribe(alice)).toBe(true);
      expect(await store.unsubscribe(alice)).toBe(false);
      expect(await store.getSubscription(alice)).toBeUndefined();
    });

    it.skipIf(!reopen)("keeps language choices and subscriptions across a restart", async () => {
      const first = await open();
      await first.setLanguage(alice, "fa");
      await first.subscribe({ ...alice, chatId: "1001", language: "fa" });
      const second = await (reopen as NonNullable<typeof reopen>)(first);
      await first.close();
      expect(await second.getLanguage(alice)).toBe("fa");
      expect(await second.getSubscription(alice)).toEqual({
        ...alice,
        chatId: "1001",
        language: "fa",
      });
    });
  });

  describe("forget", () => {
    it("forgets everything about one person, and nothing about anyone else", async () => {
      const store = await open();
      for (const user of [alice, bob]) {
        await store.setLanguage(user, "en");
        await store.subscribe({ ...user, chatId: user.userId, language: "en" });
      }
      await store.alerts.createAlert(draft, op, { now: 1, approved: true });
      expect(await store.forget(alice)).toBe(3);
      expect(await store.getLanguage(alice)).toBeUndefined();
      expect(await store.getSubscription(alice)).toBeUndefined();
      expect(await store.alerts.progress(1)).toMatchObject({ total: 1, pending: 1 });
      expect(await store.getLanguage(bob)).toBe("en");
      expect(await store.getSubscription(bob)).toBeDefined();
      expect(await store.forget(alice)).toBe(0);
    });

    it("forgets a moderator's unfinished alert draft", async () => {
      const store = await open();
      await store.alerts.saveDraft(alice, halfDone, 1);
      await store.alerts.saveDraft(bob, halfDone, 1);
      expect(await store.forget(alice)).toBe(1);
      expect(await store.alerts.getDraft(alice, 0)).toBeUndefined();
      expect(await store.alerts.getDraft(bob, 0)).toEqual(halfDone);
    });

    it.skipIf(!tables)("leaves no row about the person in any table", async () => {
      const store = await open();
      const t = tables as NonNullable<typeof tables>;
      for (const user of [alice, bob]) {
        await store.setLanguage(user, "en");
        await store.subscribe({ ...user, chatId: user.userId, language: "en" });
        await store.alerts.saveDraft(user, halfDone, 1);
      }
      await store.alerts.createAlert(draft, op, { now: 1, approved: true });
      await store.forget(alice);
      for (const table of USER_TABLES) {
        expect(await t.countAbout(store, table, alice), table).toBe(0);
        expect(await t.people(store, table), table).toEqual([
          { platform: "matrix", user_id: "@bob:example.org" },
        ]);
      }
    });
  });

  describe.skipIf(!tables)("the schema", () => {
    it("keeps no text in any table about a person: only ids, languages, chats, states and times", async () => {
      const store = await open();
      const columns = await (tables as NonNullable<typeof tables>).columns(store);
      const aboutPeople = new Set(
        columns.filter((c) => c.column === "user_id").map((c) => c.table),
      );
      expect([...aboutPeople].sort()).toEqual([...USER_TABLES].sort());
      // The one exception, by name: a moderator's alert draft holds what they wrote for
      // broadcast, not anything a person sent, and goes when sent, cancelled or an hour old.
      const broadcastDraft = (c: { table: string; column: string }) =>
        c.table === "alert_drafts" && c.column === "draft";
      const texty = columns.filter(
        (c) =>
          aboutPeople.has(c.table) &&
          /text|message|body|question|name|content|draft|json/i.test(c.column) &&
          !broadcastDraft(c),
      );
      expect(texty).toEqual([]);
      expect(columns.filter(broadcastDraft)).toHaveLength(1);
    });

    it("holds the moderators' audit log with only configured ids and actions", async () => {
      const store = await open();
      const columns = await (tables as NonNullable<typeof tables>).columns(store);
      expect(columns.filter((c) => c.table === "moderator_audit").map((c) => c.column)).toEqual([
        "id",
        "at",
        "actor_platform",
        "actor_id",
        "action",
        "alert_id",
      ]);
    });

    it.skipIf(!reopen)(
      "runs its migrations once: opening an up-to-date database changes nothing",
      async () => {
        const t = tables as NonNullable<typeof tables>;
        const store = await open();
        const version = await t.schemaVersion(store);
        expect(version).toBe(Object.keys(migrations("sqlite")).at(-1));
        await store.setLanguage(alice, "fa");
        const again = await (reopen as NonNullable<typeof reopen>)(store);
        expect(await t.schemaVersion(again)).toBe(version);
        expect(await again.getLanguage(alice)).toBe("fa");
      },
    );
  });

  describe("live status readings", () => {
    it("keeps the newest reading per source, and a second store on the same database sees it", async () => {
      const store = await open();
      expect(await store.statusReading("ioda:country:IR")).toBeUndefined();
      await store.saveStatusReading("ioda:country:IR", 1_000, '{"percent":40}');
      await store.saveStatusReading("ioda:country:IR", 2_000, '{"percent":90}');
      await store.saveStatusReading("ooni:IR:signal", 1_500, "{}");
      expect(await store.statusReading("ioda:country:IR")).toEqual({
        fetchedAt: 2_000,
        body: '{"percent":90}',
      });
      if (!reopen) return;
      const replica = await reopen(store);
      expect(await replica.statusReading("ioda:country:IR")).toEqual({
        fetchedAt: 2_000,
        body: '{"percent":90}',
      });
      expect(await replica.statusReading("ooni:IR:signal")).toEqual({
        fetchedAt: 1_500,
        body: "{}",
      });
    });
  });

  describe("alert drafts", () => {
    it("keeps a moderator's draft until it is deleted, one per moderator", async () => {
      const store = await open();
      expect(await store.alerts.getDraft(alice, 0)).toBeUndefined();
      await store.alerts.saveDraft(alice, { step: "en", text: {} }, 10);
      await store.alerts.saveDraft(alice, halfDone, 20);
      await store.alerts.saveDraft(bob, { step: "fa", text: { en: "Bob's" } }, 20);
      expect(await store.alerts.getDraft(alice, 0)).toEqual(halfDone);
      expect(await store.alerts.getDraft(bob, 0)).toEqual({ step: "fa", text: { en: "Bob's" } });
      expect(await store.alerts.deleteDraft(alice)).toBe(true);
      expect(await store.alerts.deleteDraft(alice)).toBe(false);
      expect(await store.alerts.getDraft(alice, 0)).toBeUndefined();
      expect(await store.alerts.getDraft(bob, 0)).toBeDefined();
    });

    it("drops drafts left alone too long, anyone's, when a draft is read", async () => {
      const store = await open();
      await store.alerts.saveDraft(alice, halfDone, 100);
      await store.alerts.saveDraft(bob, halfDone, 50);
      expect(await store.alerts.getDraft(alice, 100)).toEqual(halfDone);
      expect(await store.alerts.getDraft(alice, 101)).toBeUndefined();
      // Bob's draft went with Alice's read: an abandoned draft does not wait for its author.
      expect(await store.alerts.deleteDraft(bob)).toBe(false);
      expect(await store.alerts.deleteDraft(alice)).toBe(false);
    });

    it.skipIf(!reopen)("shares drafts between stores on one database, as replicas do", async () => {
      const first = await open();
      const second = await (reopen as NonNullable<typeof reopen>)(first);
      await first.alerts.saveDraft(alice, halfDone, 1);
      expect(await second.alerts.getDraft(alice, 0)).toEqual(halfDone);
      const taken = await Promise.all([
        first.alerts.deleteDraft(alice),
        second.alerts.deleteDraft(alice),
      ]);
      expect(taken.sort()).toEqual([false, true]);
    });
  });

  describe("unanswered questions", () => {
    it("counts repeats per day and language, lists newest day first, most asked first, and prunes old days", async () => {
      const store = await open();
      await store.recordUnanswered({ day: "2026-01-01", language: "en", question: "old one" });
      await store.recordUnanswered({ day: "2026-01-02", language: "en", question: "rare" });
      for (let i = 0; i < 3; i++)
        await store.recordUnanswered({ day: "2026-01-02", language: "fa", question: "سوال" });
      expect(await store.listUnanswered()).toEqual([
        { day: "2026-01-02", language: "fa", question: "سوال", count: 3 },
        { day: "2026-01-02", language: "en", question: "rare", count: 1 },
        { day: "2026-01-01", language: "en", question: "old one", count: 1 },
      ]);
      expect(await store.pruneUnanswered("2026-01-02")).toBe(1);
      expect((await store.listUnanswered()).map((q) => q.question)).toEqual(["سوال", "rare"]);
    });
  });

  describe("live-status readings", () => {
    const reading = JSON.stringify({ iran: { connectivity: 0.35 } });

    it("keeps the newest reading per source, replacing the one before", async () => {
      const store = await open();
      expect(await store.statusReading("ioda")).toBeUndefined();
      await store.saveStatusReading("ioda", 1000, reading);
      await store.saveStatusReading("ooni", 1500, "{}");
      expect(await store.statusReading("ioda")).toEqual({ fetchedAt: 1000, body: reading });
      await store.saveStatusReading("ioda", 2_000_000_000_000, "[]");
      expect(await store.statusReading("ioda")).toEqual({
        fetchedAt: 2_000_000_000_000,
        body: "[]",
      });
      expect(await store.statusReading("ooni")).toEqual({ fetchedAt: 1500, body: "{}" });
    });

    it("refuses a reading over 64 KiB, saying so, and keeps the one before", async () => {
      const store = await open();
      await store.saveStatusReading("ioda", 1000, reading);
      const huge = JSON.stringify({ padding: "x".repeat(64 * 1024) });
      await expect(store.saveStatusReading("ioda", 2000, huge)).rejects.toThrow(/over the 64 KiB/);
      expect(await store.statusReading("ioda")).toEqual({ fetchedAt: 1000, body: reading });
      const atTheLimit = "x".repeat(64 * 1024);
      await store.saveStatusReading("ioda", 3000, atTheLimit);
      expect((await store.statusReading("ioda"))?.body).toHaveLength(64 * 1024);
    });

    it("is not about anyone: forget leaves it", async () => {
      const store = await open();
      await store.saveStatusReading("ioda", 1000, reading);
      await store.setLanguage(alice, "en");
      expect(await store.forget(alice)).toBe(1);
      expect(await store.statusReading("ioda")).toEqual({ fetchedAt: 1000, body: reading });
    });

    it.skipIf(!reopen)(
      "shares readings between stores on one database, as replicas do",
      async () => {
        const first = await open();
        const second = await (reopen as NonNullable<typeof reopen>)(first);
        await first.saveStatusReading("ioda", 1000, reading);
        expect(await second.statusReading("ioda")).toEqual({ fetchedAt: 1000, body: reading });
        await second.saveStatusReading("ioda", 2000, "{}");
        expect(await first.statusReading("ioda")).toEqual({ fetchedAt: 2000, body: "{}" });
      },
    );
  });

  describe("alerts", () => {
    it("counts the recipients an audience reaches, per language", async () => {
      const store = await open();
      await subscribeAll(store, ["1", "2"], "en");
      await subscribeAll(store, ["3"], "fa");
      await store.subscribe({ ...bob, chatId: "!r:x.org", language: "fa" });
      expect(await store.alerts.countRecipients(draft.audience)).toEqual({ en: 2, fa: 2 });
      expect(
        await store.alerts.countRecipients({ languages: ["fa"], platforms: ["telegram"] }),
      ).toEqual({ en: 0, fa: 1 });
    });

    it("snapshots the audience when the alert is released: later subscribers are not added", async () => {
      const store = await open();
      await store.subscribe({ platform: "telegram", userId: "1", chatId: "1", language: "fa" });
      await store.subscribe({
        platform: "matrix",
        userId: "@a:x.org",
        chatId: "!r:x.org",
        language: "en",
      });
      const result = await store.alerts.createAlert(
        { ...draft, audience: { languages: ["fa"], platforms: ["telegram", "matrix"] } },
        op,
        { now: 1, approved: true },
      );
      expect(result).toMatchObject({
        outcome: "queued",
        recipients: 1,
        alert: { id: 1, status: "sending", sentAt: 1, createdAt: 1, text: { en: "Hello" } },
      });
      await store.subscribe({ platform: "telegram", userId: "2", chatId: "2", language: "fa" });
      expect(await store.alerts.progress(1)).toEqual({
        total: 1,
        pending: 1,
        sending: 0,
        sent: 0,
        failed: 0,
        unsubscribed: 0,
      });
    });

    it("keeps an alert that needs a second moderator until another one approves it", async () => {
      const store = await open();
      await subscribeAll(store, ["1"]);
      const report = { platform: "telegram" as const, chatId: "42", language: "fa" as const };
      const proposed = await store.alerts.createAlert(draft, mod1, {
        now: 5,
        approved: false,
        report,
      });
      expect(proposed).toMatchObject({
        outcome: "awaiting_approval",
        alert: { id: 1, status: "awaiting_approval" },
      });
      expect(await store.alerts.progress(1)).toMatchObject({ total: 0 });
      expect(await store.alerts.approveAlert(1, mod1, 6)).toEqual({ outcome: "same_moderator" });
      expect(await store.alerts.approveAlert(9, mod2, 6)).toEqual({ outcome: "not_found" });
      expect(await store.alerts.approveAlert(1, mod2, 7)).toMatchObject({
        outcome: "queued",
        recipients: 1,
        alert: { status: "sending", sentAt: 7 },
      });
      expect(await store.alerts.approveAlert(1, mod2, 8)).toEqual({ outcome: "not_awaiting" });
      expect(await store.alerts.reportTarget(1)).toEqual(report);
      await store.alerts.clearReportTarget(1);
      expect(await store.alerts.reportTarget(1)).toBeUndefined();
      expect(await store.alerts.auditLog(10)).toEqual([
        { at: 7, actor: mod2, action: "approve", alertId: 1 },
        { at: 5, actor: mod1, action: "propose", alertId: 1 },
      ]);
    });

    it("makes an alert from a moderator's draft once: the draft goes with it", async () => {
      const store = await open();
      await store.alerts.saveDraft(alice, halfDone, 1);
      const made = await store.alerts.createAlert(draft, mod1, {
        now: 2,
        approved: true,
        draftOf: alice,
      });
      expect(made).toMatchObject({ outcome: "queued", alert: { id: 1 } });
      expect(await store.alerts.getDraft(alice, 0)).toBeUndefined();
      expect(
        await store.alerts.createAlert(draft, mod1, { now: 3, approved: true, draftOf: alice }),
      ).toEqual({ outcome: "draft_gone" });
      expect((await store.alerts.listAlerts(10)).map((a) => a.id)).toEqual([1]);
      expect(await store.alerts.auditLog(10)).toHaveLength(1);
    });

    it("rejects only an alert that awaits approval, and audits it", async () => {
      const store = await open();
      await store.alerts.createAlert(draft, mod1, { now: 1, approved: false });
      expect(await store.alerts.rejectAlert(1, mod2, 2)).toBe(true);
      expect(await store.alerts.rejectAlert(1, mod2, 3)).toBe(false);
      expect(await store.alerts.getAlert(1)).toMatchObject({ status: "cancelled", finishedAt: 2 });
      expect(await store.alerts.getAlert(2)).toBeUndefined();
      expect((await store.alerts.auditLog(1))[0]).toEqual({
        at: 2,
        actor: mod2,
        action: "reject",
        alertId: 1,
      });
      await store.alerts.audit({ at: 4, actor: op, action: "send" });
      expect((await store.alerts.auditLog(1))[0]).toEqual({ at: 4, actor: op, action: "send" });
    });

    it("records refused moderator actions newest first, with an id only for a moderator's", async () => {
      const store = await open();
      await store.alerts.auditRefusal({
        at: 1,
        platform: "telegram",
        action: "alert",
        reason: "not_moderator",
      });
      await store.alerts.auditRefusal({
        at: 2,
        platform: "matrix",
        action: "button",
        reason: "not_direct",
        moderatorId: "@mod:example.org",
      });
      expect(await store.alerts.refusals(5)).toEqual([
        {
          at: 2,
          platform: "matrix",
          action: "button",
          reason: "not_direct",
          moderatorId: "@mod:example.org",
        },
        { at: 1, platform: "telegram", action: "alert", reason: "not_moderator" },
      ]);
      expect(await store.alerts.refusals(1)).toHaveLength(1);
    });

    it("lists alerts newest first, and the active ones: released, unexpired, of a kind", async () => {
      const store = await open();
      await store.alerts.createAlert({ ...draft, kind: "status" }, op, { now: 1, approved: true });
      await store.alerts.createAlert({ ...draft, expiresAt: 50 }, op, { now: 2, approved: true });
      await store.alerts.createAlert({ ...draft, text: { fa: "سلام" }, severity: "critical" }, op, {
        now: 3,
        approved: true,
      });
      await store.alerts.createAlert(draft, mod1, { now: 4, approved: false });
      expect((await store.alerts.listAlerts(10)).map((a) => a.id)).toEqual([4, 3, 2, 1]);
      expect((await store.alerts.listAlerts(2)).map((a) => a.id)).toEqual([4, 3]);
      expect((await store.alerts.activeAlerts(10, 10)).map((a) => a.id)).toEqual([3, 2, 1]);
      expect((await store.alerts.activeAlerts(60, 10)).map((a) => a.id)).toEqual([3, 1]);
      expect((await store.alerts.activeAlerts(60, 10, "status")).map((a) => a.id)).toEqual([1]);
      expect(await store.alerts.getAlert(3)).toEqual({
        id: 3,
        kind: "notice",
        severity: "critical",
        text: { fa: "سلام" },
        audience: draft.audience,
        status: "sending",
        createdAt: 3,
        sentAt: 3,
      });
      expect(await store.alerts.getAlert(2)).toMatchObject({ expiresAt: 50 });
    });

    it("claims each delivery once, and puts rows left in flight back after a restart", async () => {
      const store = await open();
      await subscribeAll(store, ["1", "2"]);
      await store.alerts.createAlert(draft, op, { now: 1, approved: true });
      const a = await store.alerts.claimDelivery("telegram", 10);
      const b = await store.alerts.claimDelivery("telegram", 10);
      expect([a?.userId, b?.userId].sort()).toEqual(["1", "2"]);
      expect(a).toMatchObject({ alertId: 1, platform: "telegram", language: "en", attempts: 0 });
      expect(a?.chatId).toBe(`c${a?.userId}`);
      expect(await store.alerts.claimDelivery("telegram", 10)).toBeUndefined();
      expect(await store.alerts.claimDelivery("matrix", 10)).toBeUndefined();
      expect(await store.alerts.progress(1)).toMatchObject({ sending: 2 });
      expect(await store.alerts.requeueInFlight("matrix")).toBe(0);
      expect(await store.alerts.requeueInFlight("telegram")).toBe(2);
      expect(await store.alerts.finishAlerts(10)).toEqual([]);
      expect(await store.alerts.progress(1)).toMatchObject({ pending: 2, sending: 0 });
    });

    it("hands out no delivery of an alert still awaiting approval", async () => {
      const store = await open();
      await subscribeAll(store, ["1"]);
      await store.alerts.createAlert(draft, mod1, { now: 1, approved: false });
      expect(await store.alerts.claimDelivery("telegram", 10)).toBeUndefined();
      expect(await store.alerts.nextDue("telegram")).toBeUndefined();
    });

    it("holds a delivery put back for later until it is due, counting tries", async () => {
      const store = await open();
      await subscribeAll(store, ["1"]);
      await store.alerts.createAlert(draft, op, { now: 1, approved: true });
      expect(await store.alerts.nextDue("telegram")).toBe(0);
      const first = await store.alerts.claimDelivery("telegram", 10);
      await store.alerts.retryLater(first as NonNullable<typeof first>, 500, true);
      expect(await store.alerts.nextDue("telegram")).toBe(500);
      expect(await store.alerts.claimDelivery("telegram", 499)).toBeUndefined();
      const again = await store.alerts.claimDelivery("telegram", 500);
      expect(again).toMatchObject({ userId: "1", attempts: 1 });
      await store.alerts.retryLater(again as NonNullable<typeof again>, 600, false);
      expect(await store.alerts.claimDelivery("telegram", 600)).toMatchObject({ attempts: 1 });
    });

    it("finishes an alert once everything is sent or failed, reporting it once", async () => {
      const store = await open();
      await subscribeAll(store, ["1", "2", "3"]);
      await store.alerts.createAlert(draft, op, { now: 1, approved: true });
      const claimed = [];
      for (let i = 0; i < 3; i++) claimed.push(await store.alerts.claimDelivery("telegram", 10));
      const [one, two, three] = claimed as NonNullable<(typeof claimed)[number]>[];
      if (!one || !two || !three) throw new Error("three deliveries were due");
      await store.alerts.markSent(one);
      await store.alerts.markFailed(two, "rejected", false);
      expect(await store.alerts.finishAlerts(20)).toEqual([]);
      await store.alerts.markFailed(three, "gone", true);
      expect(await store.getSubscription({ platform: "telegram", userId: three.userId })).toBe(
        undefined,
      );
      expect(
        await store.getSubscription({ platform: "telegram", userId: two.userId }),
      ).toBeDefined();
      expect(await store.alerts.progress(1)).toEqual({
        total: 3,
        pending: 0,
        sending: 0,
        sent: 1,
        failed: 2,
        unsubscribed: 1,
      });
      expect(await store.alerts.finishAlerts(30)).toEqual([1]);
      expect(await store.alerts.finishAlerts(40)).toEqual([]);
      expect(await store.alerts.getAlert(1)).toMatchObject({ status: "done", finishedAt: 30 });
    });

    it("finishes an alert with nobody to send to at once", async () => {
      const store = await open();
      await store.alerts.createAlert(draft, op, { now: 1, approved: true });
      expect(await store.alerts.finishAlerts(2)).toEqual([1]);
    });
  });
}
