import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { createPanah, type Panah } from "../../src/app.ts";
import { KnowledgeReloader } from "../../src/knowledge/reloader.ts";
import { toPlainText } from "../../src/richtext.ts";
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
  return { kb, log, reloader, ask };
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
});
