import { Writable } from "node:stream";
import type { Logger } from "pino";
import { createPanah, type Panah } from "../../src/app.ts";
import { ManualClock } from "../../src/core/clock.ts";
import type { InboundMessage, OutboundMessage } from "../../src/core/messages.ts";
import { toPlainText } from "../../src/core/richtext.ts";
import { createLogger } from "../../src/log.ts";
import { FIXTURE_KNOWLEDGE } from "./knowledge.ts";

/** A logger whose lines a test can read back, to prove what is (not) logged. */
export function capturingLogger(): { logger: Logger; lines: () => string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  // Panah's own logger, redaction and scrubbing included: what a test proves is not logged
  // is what production does not log.
  return { logger: createLogger({ level: "debug", destination: sink }), lines: () => lines };
}

/** A conversation with Panah as one person in one chat: `say` returns what they would read. */
export async function conversation(
  options: { knowledgeDir?: string; dataDir?: string; userId?: string; languageHint?: string } = {},
) {
  const log = capturingLogger();
  const clock = new ManualClock();
  const panah: Panah = await createPanah({
    logger: log.logger,
    knowledgeDir: options.knowledgeDir ?? FIXTURE_KNOWLEDGE,
    clock,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  const base = {
    platform: "console" as const,
    userId: options.userId ?? "user-1",
    chatId: "chat-1",
    isDirect: true,
  };
  const send = async (
    text: string,
    extra: Partial<InboundMessage> = {},
  ): Promise<OutboundMessage[]> =>
    panah.engine.handle({
      ...base,
      text,
      ...(options.languageHint ? { languageHint: options.languageHint } : {}),
      ...extra,
    });
  return {
    panah,
    clock,
    log,
    send,
    /** The text of the replies, as the person reads it. */
    say: async (text: string, extra?: Partial<InboundMessage>) =>
      (await send(text, extra)).map((r) => toPlainText(r.blocks)).join("\n\n"),
    press: (action: string) => send("", { action }),
  };
}
