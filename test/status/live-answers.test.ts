import { afterEach, describe, expect, it } from "vitest";
import { createPanah, type Panah } from "../../src/app.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { toPlainText } from "../../src/core/richtext.ts";
import { BUNDLED_KNOWLEDGE_DIR } from "../../src/engine/knowledge.ts";
import { StatusPoller } from "../../src/status/status-poller.ts";
import { FIXTURE_NOW } from "../fixtures/status/fixture-time.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { tempDir } from "../helpers/knowledge.ts";
import { statusServer } from "./support/status-server.ts";

const panahs: Panah[] = [];
afterEach(async () => {
  for (const panah of panahs.splice(0)) await panah.close();
});

type Server = Awaited<ReturnType<typeof statusServer>>;

/** Panah on the bundled knowledge, with live status from the loopback server (or none). */
async function panahWith(server?: Server) {
  const log = capturingLogger();
  const clock = new ManualClock(FIXTURE_NOW);
  const settings = server?.settings();
  const panah = await createPanah({
    logger: log.logger,
    knowledgeDir: BUNDLED_KNOWLEDGE_DIR,
    dataDir: tempDir(),
    clock,
    ...(settings ? { status: settings } : {}),
  });
  panahs.push(panah);
  const poll = async () => {
    if (!panah.liveStatus || !settings) return;
    await new StatusPoller({
      cache: panah.liveStatus.cache,
      settings,
      clock,
      logger: log.logger,
    }).pollOnce();
  };
  const ask = async (text: string) =>
    (
      await panah.engine.handle({
        platform: "console",
        userId: "u1",
        chatId: "c1",
        isDirect: true,
        text,
      })
    )
      .map((r) => toPlainText(r.blocks))
      .join("\n\n");
  return { panah, clock, poll, ask, log };
}

const STATUS_EN = "is iran's internet down now";
const STATUS_FA = "اینترنت ایران الان وصله؟";

describe("answers with live measurements", () => {
  it("opens the blackout-status answer with IODA's figure, its time, when it fell and what it does not mean", async () => {
    const server = await statusServer();
    server.ioda("drop");
    server.ooni();
    const { poll, ask } = await panahWith(server);
    await poll();
    const answer = await ask(STATUS_EN);
    expect(answer.split("\n\n").slice(0, 3)).toEqual([
      "IODA, 14:10 UTC: connectivity from Iran is at about 34% of its normal level (active probing).",
      "It fell sharply at 09:40 UTC.",
      "These measurements describe Iran's networks as a whole, not one home or one phone: someone can be cut off while the figure looks normal, or online while it is low.",
    ]);
    // Then the answer as before: its title and dated facts.
    expect(answer).toContain("Is Iran's internet working now?");
    expect(answer).toContain("26 May 2026");
  });

  it("says the same in Persian, with Persian digits and the time in UTC", async () => {
    const server = await statusServer();
    server.ioda("drop");
    const { poll, ask } = await panahWith(server);
    await poll();
    const answer = await ask(STATUS_FA);
    expect(answer.split("\n\n").slice(0, 2)).toEqual([
      "IODA، ساعت ۱۴:۱۰ به وقت جهانی: اتصال اینترنت ایران حدود ۳۴ درصدِ حالت عادی است (کاوش فعال).",
      "افت شدید از ساعت ۰۹:۴۰ به وقت جهانی شروع شد.",
    ]);
    expect(answer).toContain("اینترنت ایران الان وصل است؟");
  });

  it("says connectivity looks normal when it is, with no fall to speak of", async () => {
    const server = await statusServer();
    server.ioda("recovery");
    const { poll, ask } = await panahWith(server);
    await poll();
    const answer = await ask(STATUS_EN);
    expect(answer.split("\n\n")[0]).toBe(
      "IODA, 14:10 UTC: connectivity from Iran looks normal, at about 93% of its usual level (active probing).",
    );
    expect(answer).not.toContain("fell sharply");
  });

  it("ends an app's answer with OONI's figure for that app, in both languages", async () => {
    const server = await statusServer();
    server.ooni();
    const { poll, ask, panah } = await panahWith(server);
    await poll();
    const en = await ask("is signal blocked in iran");
    expect(en.split("\n\n").slice(-2)).toEqual([
      "OONI, the 7 days to 14:15 UTC: 412 measurements of Signal from Iran; 96% showed signs of blocking.",
      "A sign of blocking in OONI's tests is not proof, and one network's result need not be another's: Signal may work differently for your family.",
    ]);
    const telegram = await panah.engine.handle({
      platform: "console",
      userId: "u2",
      chatId: "c2",
      isDirect: true,
      text: "",
      action: "t:telegram",
    });
    expect(toPlainText(telegram[0]?.blocks ?? [])).toContain(
      "OONI, the 7 days to 14:15 UTC: 1250 measurements of Telegram from Iran; 97% showed signs of blocking.",
    );
    const fa = await ask("سیگنال تو ایران فیلتره؟");
    expect(fa).toContain(
      "OONI، ۷ روز تا ساعت ۱۴:۱۵ به وقت جهانی: ۴۱۲ اندازه‌گیری از سیگنال در ایران؛ ۹۶ درصدشان نشانهٔ مسدودسازی داشتند.",
    );
  });

  it("quotes no OONI figure built on too few measurements", async () => {
    const server = await statusServer();
    server.ooni();
    const { poll, panah } = await panahWith(server);
    await poll();
    const [tor] = await panah.engine.handle({
      platform: "console",
      userId: "u1",
      chatId: "c1",
      isDirect: true,
      text: "",
      action: "t:tor",
    });
    expect(toPlainText(tor?.blocks ?? [])).not.toContain("OONI, the 7 days");
  });

  it("marks an old IODA figure as old and leaves an old OONI figure out", async () => {
    const server = await statusServer();
    server.ioda("drop");
    server.ooni();
    const { poll, ask, clock } = await panahWith(server);
    await poll();
    clock.advance(2 * 3_600_000);
    const status = await ask(STATUS_EN);
    expect(status.split("\n\n")[0]).toBe(
      "The newest IODA figure I have for Iran is from 7 December 2026, 14:10 UTC: too old to tell what is happening now.",
    );
    expect(status).not.toContain("34%");
    expect(await ask("is signal blocked in iran")).not.toContain("OONI, the 7 days");
    expect((await ask(STATUS_FA)).split("\n\n")[0]).toBe(
      "تازه‌ترین رقمی که از IODA برای ایران دارم مال ۱۶ آذر ۱۴۰۵، ساعت ۱۴:۱۰ به وقت جهانی است؛ قدیمی‌تر از آن است که بگوید الان چه خبر است.",
    );
  });

  it("answers exactly as without live status while every source fails", async () => {
    const server = await statusServer();
    server.answer("ioda:ping-slash24", { status: 500 });
    server.answer("ioda:bgp", { text: "<html>maintenance</html>" });
    server.answer("ooni:signal", { hugeMiB: 2 });
    const live = await panahWith(server);
    await live.poll();
    const plain = await panahWith();
    expect(plain.panah.liveStatus).toBeUndefined();
    for (const question of [STATUS_EN, STATUS_FA, "is signal blocked in iran"])
      expect(await live.ask(question)).toBe(await plain.ask(question));
  });
});
