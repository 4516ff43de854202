import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { createPanah, type Panah } from "../../src/app.ts";
import { toPlainText } from "../../src/core/richtext.ts";
import { KnowledgeReloader } from "../../src/engine/reloader.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { copyOfFixture } from "../helpers/knowledge.ts";

const running: { panah: Panah; reloader: KnowledgeReloader }[] = [];
afterEach(async () => {
  for (const { panah, reloader } of running.splice(0)) {
    await reloader.stop();
    await panah.close();
  }
});

async function runningBot() {
  const kb = copyOfFixture();
  const log = capturingLogger();
  const panah = await createPanah({ logger: log.logger, knowledgeDir: kb.dir });
  const reloader = new KnowledgeReloader({
    dir: kb.dir,
    logger: log.logger,
    swap: (next) => panah.replaceKnowledge(next),
    debounceMs: 50,
  });
  reloader.start();
  running.push({ panah, reloader });
  const ask = async (text: string, userId = "u") =>
    toPlainText(
      (
        await panah.engine.handle({
          platform: "console",
          userId,
          chatId: userId,
          isDirect: true,
          text,
        })
      )[0]?.blocks ?? [],
    );
  return { kb, log, reloader, ask, panah };
}

describe("KnowledgeReloader", () => {
  it("publishes an edited answer to the running bot without a restart", async () => {
    const bot = await runningBot();
    expect(await bot.ask("Is Signal safe?")).toContain("Signal encrypts every chat");
    const reloaded = once(bot.reloader, "reloaded");
    bot.kb.edit("topics/signal.yaml", (t) =>
      t.replace(
        "Signal encrypts every chat end to end by default.",
        "UPDATED: Signal is still end-to-end encrypted.",
      ),
    );
    await reloaded;
    expect(await bot.ask("Is Signal safe?")).toContain(
      "UPDATED: Signal is still end-to-end encrypted.",
    );
  });

  it("keeps serving the last good answer when an edit is broken, logs where, and publishes the fix", async () => {
    const bot = await runningBot();
    const failed = once(bot.reloader, "failed");
    bot.kb.edit("topics/signal.yaml", (t) =>
      t
        .replace("related: [bale]", "related: [bale, no-such-topic]")
        .replace("by default.", "by default. BROKEN EDIT"),
    );
    const [{ problems }] = await failed;
    expect(problems[0]).toMatchObject({ file: "topics/signal.yaml", line: 3 });
    expect(await bot.ask("Is Signal safe?")).not.toContain("BROKEN EDIT");
    expect(bot.log.lines().join("\n")).toContain("topics/signal.yaml:3:");

    const reloaded = once(bot.reloader, "reloaded");
    bot.kb.edit("topics/signal.yaml", (t) =>
      t.replace("related: [bale, no-such-topic]", "related: [bale]"),
    );
    await reloaded;
    expect(await bot.ask("Is Signal safe?")).toContain("BROKEN EDIT");
  });

  it("keeps answering while the knowledge is swapped under a stream of questions", async () => {
    const bot = await runningBot();
    const reloaded = once(bot.reloader, "reloaded");
    bot.kb.edit("topics/bale.yaml", (t) =>
      t.replace("Use it only for things", "Use Bale only for things"),
    );
    const answers: string[] = [];
    const asking = (async () => {
      for (let i = 0; i < 40; i++) answers.push(await bot.ask("/start bale", `person-${i}`));
    })();
    await Promise.all([reloaded, asking]);
    expect(answers.every((a) => a.includes("No."))).toBe(true);
  });

  it("answers the questions of a topic a maintainer adds, its gate retrained on the new base", async () => {
    const bot = await runningBot();
    expect(await bot.ask("how do I use tor browser in iran")).not.toContain("TOR ANSWER");
    const reloaded = once(bot.reloader, "reloaded");
    bot.kb.write(
      "topics/tor.yaml",
      [
        "id: tor",
        "category: circumvention",
        "related: [signal]",
        "sources: [signal-support]",
        "reviewed: 2026-12-07",
        "en:",
        "  title: Tor",
        "  keywords: [tor, onion]",
        "  examples:",
        "    - how do I use tor browser in iran",
        "    - does tor work in iran",
        "    - what are tor bridges",
        "    - is tor safe",
        "    - snowflake bridge for tor",
        "  answer: |",
        "    TOR ANSWER: Tor Browser hides which sites you visit.",
        "fa:",
        "  title: تور",
        "  keywords: [تور, tor]",
        "  examples:",
        "    - مرورگر تور تو ایران کار میکنه؟",
        "    - پل‌های تور چیه؟",
        "    - تور امنه؟",
        "  answer: |",
        "    پاسخ تور: مرورگر تور پنهان می‌کند چه سایت‌هایی را باز می‌کنید.",
        "",
      ].join("\n"),
    );
    await reloaded;
    expect(bot.panah.knowledge().router.gate?.gate.classes).toContain("tor");
    expect(await bot.ask("does tor work in iran")).toContain("TOR ANSWER");
    expect(await bot.ask("can I use tor bridges from tehran")).toContain("TOR ANSWER");
    expect(await bot.ask("تور تو ایران کار میکنه؟")).toContain("پاسخ تور");
  });
});
