import { afterEach, describe, expect, it } from "vitest";
import { ADAPTERS } from "../../adapters/index.ts";
import { MemoryDeliverer } from "../../src/alerts/deliverer.ts";
import { createPanah, type Panah } from "../../src/app.ts";
import { ManualClock } from "../../src/core/clock.ts";
import type { InboundMessage } from "../../src/core/messages.ts";
import { toPlainText } from "../../src/core/richtext.ts";
import { BUNDLED_KNOWLEDGE_DIR } from "../../src/engine/knowledge.ts";
import { FIXTURE_NOW } from "../fixtures/status/fixture-time.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { tempDir } from "../helpers/knowledge.ts";
import { until } from "../ops/support/running.ts";
import { statusServer } from "./support/status-server.ts";

const panahs: Panah[] = [];
afterEach(async () => {
  for (const panah of panahs.splice(0)) await panah.close();
});

const MODERATOR = 42;
const SECOND = 43;
const MATRIX_MODERATOR = "@mod:example.org";
const MATRIX_ROOM = "!dm:example.org";

/** Panah with two Telegram moderators and one on Matrix, polling the loopback IODA. */
async function moderatedPanah(
  scenario: "drop" | "normal",
  prepare: (telegram: MemoryDeliverer) => void = () => undefined,
) {
  const server = await statusServer();
  server.ioda(scenario);
  server.ooni();
  const log = capturingLogger();
  const clock = new ManualClock(FIXTURE_NOW);
  const panah = await createPanah({
    logger: log.logger,
    knowledgeDir: BUNDLED_KNOWLEDGE_DIR,
    dataDir: tempDir(),
    clock,
    moderation: {
      moderators: { telegram: [MODERATOR, SECOND], matrix: [MATRIX_MODERATOR] },
      approvals: 2,
    },
    platforms: ADAPTERS,
    status: server.settings({ alerts: { moderatorChats: { [MATRIX_MODERATOR]: MATRIX_ROOM } } }),
  });
  panahs.push(panah);
  const telegram = new MemoryDeliverer("telegram");
  const matrix = new MemoryDeliverer("matrix");
  prepare(telegram);
  const live = panah.liveStatus;
  if (!live) throw new Error("live status should be on");
  const poller = live.startPolling({
    desk: panah.moderation,
    moderators: { telegram: [MODERATOR, SECOND], matrix: [MATRIX_MODERATOR] },
    moderatorChats: { [MATRIX_MODERATOR]: MATRIX_ROOM },
    platforms: panah.platforms,
    deliverer: (platform) => (platform === "telegram" ? telegram : matrix),
  });
  panahs.push({ close: () => poller.stop() } as Panah);
  const moderator = (userId: number, extra: Partial<InboundMessage>) =>
    panah.engine.handle({
      platform: "telegram",
      userId: String(userId),
      chatId: String(userId),
      isDirect: true,
      text: "",
      ...extra,
    });
  return { panah, server, clock, poller, telegram, matrix, moderator, log };
}

describe("moderators told of a drop, never bypassed", () => {
  it("offers each moderator one ready draft in both languages at its preview, whatever the number of polls", async () => {
    const { poller, telegram, matrix, clock } = await moderatedPanah("drop");
    await until(() => telegram.sent.length === 2 && matrix.sent.length === 1);
    for (let i = 0; i < 3; i++) {
      clock.advance(10 * 60_000);
      await poller.pollOnce();
    }
    expect(telegram.sent.map((m) => m.chatId)).toEqual(["42", "43"]);
    expect(matrix.sent.map((m) => m.chatId)).toEqual([MATRIX_ROOM]);

    const offer = telegram.sent[0];
    const text = toPlainText(offer?.blocks ?? []);
    expect(text).toContain("The live measurements changed.");
    expect(text).toContain("Preview. This alert goes to 0 subscribers");
    expect(text).toContain(
      "IODA's measurements at 14:10 UTC show connectivity from Iran at about 34% of its normal level (active probing), down sharply since 09:40 UTC.",
    );
    expect(text).toContain(
      "بنا بر اندازه‌گیری‌های IODA در ساعت ۱۴:۱۰ به وقت جهانی، اتصال اینترنت ایران حدود ۳۴ درصدِ حالت عادی است (کاوش فعال) و از حدود ساعت ۰۹:۴۰ افت شدیدی داشته است.",
    );
    expect(offer?.choices.map((c) => c.label)).toEqual(["Send it", "Cancel"]);
  });

  it("sends nothing to subscribers until a moderator confirms and, with approvals: 2, a second approves", async () => {
    const { panah, telegram, moderator } = await moderatedPanah("drop");
    await panah.store.subscribe({ platform: "telegram", userId: "7", chatId: "7", language: "fa" });
    await until(() => telegram.sent.length === 2);
    expect(await panah.store.alerts.listAlerts(10)).toEqual([]);

    const send = telegram.sent[0]?.choices.find((c) => c.action.startsWith("a:confirm:"));
    const [proposed] = await moderator(MODERATOR, { action: send?.action ?? "" });
    expect(toPlainText(proposed?.blocks ?? [])).toMatch(/waits for a second moderator/);
    const [alert] = await panah.store.alerts.listAlerts(10);
    expect(alert).toMatchObject({
      kind: "status",
      severity: "warning",
      status: "awaiting_approval",
    });
    expect(alert?.text.en).toContain("about 34% of its normal level");
    expect(await panah.store.alerts.claimDelivery("telegram", Date.now())).toBeUndefined();

    const [approved] = await moderator(SECOND, { text: `/approve ${alert?.id}` });
    expect(toPlainText(approved?.blocks ?? [])).toMatch(/Approved/);
    expect((await panah.store.alerts.getAlert(alert?.id ?? 0))?.status).toBe("sending");
  });

  it("leaves a moderator's own unfinished alert alone, and gives them the figures instead", async () => {
    const { telegram, moderator, panah, server, poller } = await moderatedPanah("normal");
    await until(
      async () => (await panah.liveStatus?.health())?.["ioda:country:IR:bgp"] === "fresh",
    );
    await moderator(MODERATOR, { text: "/alert" });
    await moderator(MODERATOR, { text: "My own words." });

    server.ioda("drop");
    await poller.pollOnce();
    await until(() => telegram.sent.length === 2);
    const [busy, ready] = [telegram.to("42")[0], telegram.to("43")[0]];
    expect(toPlainText(busy?.blocks ?? [])).toContain(
      "you are composing an alert, so I left your draft alone",
    );
    expect(toPlainText(busy?.blocks ?? [])).toContain("about 34% of its normal level");
    expect(busy?.choices).toEqual([]);
    expect(ready?.choices.map((c) => c.label)).toEqual(["Send it", "Cancel"]);
    // Their own draft goes on where they left it: skipping the Persian text asks for the kind.
    const [next] = await moderator(MODERATOR, { text: "/skip" });
    expect(toPlainText(next?.blocks ?? [])).toMatch(/^Is this an update on Iran's connectivity\?/);
    expect(
      (await panah.store.alerts.getDraft({ platform: "telegram", userId: "42" }, 0))?.text,
    ).toEqual({
      en: "My own words.",
    });
  });

  it("keeps no draft for a moderator the offer could not reach", async () => {
    const { telegram, matrix, panah } = await moderatedPanah("drop", (t) =>
      t.failures.set("43", [{ kind: "permanent", unsubscribe: true, label: "blocked" }]),
    );
    // Matrix's moderator is offered after both Telegram ones, each offer finished in turn.
    await until(() => matrix.sent.length === 1);
    expect(telegram.attempts.map((a) => a.chatId)).toEqual(["42", "43"]);
    const draftOf = (userId: string) =>
      panah.store.alerts.getDraft({ platform: "telegram", userId }, 0);
    expect((await draftOf("42"))?.step).toBe("preview");
    expect(await draftOf("43")).toBeUndefined();
  });

  it("offers nothing while connectivity stays normal", async () => {
    const { poller, telegram, panah } = await moderatedPanah("normal");
    await until(
      async () => (await panah.liveStatus?.health())?.["ioda:country:IR:bgp"] === "fresh",
    );
    await poller.pollOnce();
    expect(telegram.sent).toEqual([]);
  });
});
