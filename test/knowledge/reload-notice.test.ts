import { EventEmitter } from "node:events";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { telegram } from "../../adapters/telegram/platform.ts";
import { MemoryDeliverer } from "../../src/alerts/deliverer.ts";
import { createPanah } from "../../src/app.ts";
import type { CliContext } from "../../src/cli/context.ts";
import { start } from "../../src/cli/start.ts";
import { DEFAULT_CONFIG } from "../../src/config/schema.ts";
import { toPlainText } from "../../src/core/richtext.ts";
import type { ReloadEvents } from "../../src/engine/reloader.ts";
import { reloadRefusedNotice } from "../../src/knowledge/reload-notice.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";

const problem = {
  severity: "error" as const,
  file: "topics/signal.yaml",
  line: 3,
  column: 19,
  message: 'related topic "x" does not exist: fix the id or remove it',
};

describe("maintainers' chats", () => {
  it("get a notice with every problem's file and line when an edit is refused", () => {
    const text = toPlainText(reloadRefusedNotice("-100", [problem]).blocks);
    expect(text).toContain("still answers with the last good version");
    expect(text).toContain('topics/signal.yaml:3:19: error: related topic "x" does not exist');
  });

  it("are told by the running bot, on the platforms configured, when the reloader refuses an edit", async () => {
    const log = capturingLogger();
    const panah = await createPanah({ logger: log.logger, knowledgeDir: FIXTURE_KNOWLEDGE });
    const deliverer = new MemoryDeliverer("telegram");
    const stdin = new PassThrough();
    stdin.end();
    const cli: CliContext = {
      stdin,
      stdout: new Writable({ write: (_c, _e, done) => done() }),
      stderr: new Writable({ write: (_c, _e, done) => done() }),
      env: { TELEGRAM_BOT_TOKEN: "on" },
      logger: log.logger,
      adapters: [{ ...telegram, connect: async () => ({ stop: async () => {}, deliverer }) }],
      config: {
        ...DEFAULT_CONFIG,
        maintainers: { telegram: ["-100123"], matrix: ["!room:example.org"] },
      },
    };
    const reloads = new EventEmitter<ReloadEvents>();
    const running = start(cli, panah, { ms: 5000, exit: () => {} }, reloads);
    await new Promise((r) => setTimeout(r, 50));
    reloads.emit("failed", { problems: [problem] });
    await new Promise((r) => setTimeout(r, 50));
    process.emit("SIGTERM", "SIGTERM");
    expect(await running).toBe(0);
    await panah.close();
    // Telegram is running, so its maintainers' chat is told; Matrix is not, so nothing is tried there.
    expect(deliverer.sent.map((m) => m.chatId)).toEqual(["-100123"]);
    expect(toPlainText(deliverer.sent[0]?.blocks ?? [])).toContain("topics/signal.yaml:3:19");
  });
});
