import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPanah } from "../../src/app.ts";
import type { InboundMessage, Platform } from "../../src/core/messages.ts";
import { createLogger } from "../../src/log.ts";
import { scrubLogLine } from "../../src/ops/private-log.ts";
import { IN_MEMORY, openDatabase } from "../../src/store/open.ts";
import { SqlStore } from "../../src/store/sql-store.ts";
import { type Harness, startHarness } from "../adapters/telegram/support/harness.ts";
import { FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";

/** Unique strings a person's text and ids carry; no log line may contain any of them. */
const TEXT_MARKER = "Zqxv7Marker";
const TELEGRAM_USER = "918273645";
const TELEGRAM_GROUP = "-1009182736455";
const MATRIX_USER = "@zqxv7user:example.org";
const MATRIX_ROOM = "!zqxv7room:example.org";
const BOT_TOKEN = "7777777:AAHzqxv7TokenTokenTokenTokenToken_x";
const MARKERS = [TEXT_MARKER, TELEGRAM_USER, TELEGRAM_GROUP.slice(1), "zqxv7", BOT_TOKEN];

/** The production logger (redaction and scrubbing included), writing into an array. */
function productionLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: "trace", destination }) };
}

function expectNoMarker(lines: string[]) {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) for (const marker of MARKERS) expect(line).not.toContain(marker);
}

/** A store that fails like a database library quoting the row it choked on. */
class QuotingFailureStore extends SqlStore {
  override async subscribe(): Promise<boolean> {
    throw Object.assign(
      new Error(
        `UNIQUE constraint failed for ${MATRIX_USER} in ${MATRIX_ROOM} (chat ${TELEGRAM_GROUP}) via https://api.telegram.org/bot${BOT_TOKEN}/sendMessage`,
      ),
      { userId: MATRIX_USER, text: TEXT_MARKER, payload: { chat_id: TELEGRAM_USER } },
    );
  }
}

describe("private logs: a whole conversation leaves no text, id or token in the logs", () => {
  it("on every platform, through answers, choices, commands, errors and rate limits", async () => {
    const { lines, logger } = productionLogger();
    const panah = await createPanah({
      logger,
      knowledgeDir: FIXTURE_KNOWLEDGE,
      store: new QuotingFailureStore(await openDatabase({ dataDir: IN_MEMORY })),
      rateLimit: { burst: 12, perMinute: 1 },
    });
    const people: Record<Platform, Pick<InboundMessage, "userId" | "chatId">> = {
      telegram: { userId: TELEGRAM_USER, chatId: TELEGRAM_GROUP },
      matrix: { userId: MATRIX_USER, chatId: MATRIX_ROOM },
      console: { userId: `${TEXT_MARKER}-console`, chatId: `${TEXT_MARKER}-chat` },
    };
    const conversation = [
      "/start",
      `Is Bale safe? ${TEXT_MARKER}`,
      `آیا بله امن است؟ ${TEXT_MARKER}`,
      `help signal bale ${TEXT_MARKER}`,
      "1",
      `${TEXT_MARKER} ${"a very long message about nothing in particular ".repeat(80)}`,
      `/lang ${TEXT_MARKER}`,
      "/subscribe",
      `/${TEXT_MARKER}`,
      "/forget",
      "",
    ];
    for (const [platform, who] of Object.entries(people) as [
      Platform,
      (typeof people)[Platform],
    ][]) {
      const send = (text: string, extra: Partial<InboundMessage> = {}) =>
        panah.engine.handle({ platform, ...who, isDirect: true, text, ...extra });
      for (const text of conversation) await send(text);
      await send("", { action: `t:${TEXT_MARKER}` });
      await send("", { action: "t:bale" });
      // Over the rate limit: the notice, then silence, still without a trace of who.
      for (let i = 0; i < 4; i++) await send(`again ${TEXT_MARKER}`);
    }
    await panah.close();
    expectNoMarker(lines);
    // The lines that remain say what happened: platform, kind, topic, timing.
    expect(lines.some((l) => /"kind":"answer","topic":"bale"/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('"kind":"rate-limited"'))).toBe(true);
    expect(lines.some((l) => l.includes("failed to answer"))).toBe(true);
  });

  describe("on Telegram, with the real bot against the Bot API emulator", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h?.stop();
    });

    it("including the errors the Bot API and the network return", async () => {
      const lines = h.logs.splice(0);
      const client = h.server.getClient(h.token, {
        userId: Number(TELEGRAM_USER),
        chatId: Number(TELEGRAM_USER),
        firstName: TEXT_MARKER,
        userName: `${TEXT_MARKER}_user`,
      });
      const say = async (text: string) => {
        await client.sendMessage(client.makeMessage(text));
        await h.pump();
      };
      await say(`Is Bale safe? ${TEXT_MARKER}`);
      await say(`${TEXT_MARKER} what about the weather`);
      await client.sendCommand(client.makeCommand("/start"));
      await h.pump();
      h.faults.set("sendMessage", [
        { ok: false, error_code: 400, description: `Bad Request: chat ${TELEGRAM_USER} not found` },
        { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
      ]);
      await say(`Is Signal safe? ${TEXT_MARKER}`);
      await say(`Is Bale safe? ${TEXT_MARKER}`);
      lines.push(...h.logs.splice(0).flatMap((chunk) => chunk.split("\n").filter(Boolean)));
      expect(lines.some((l) => l.includes("Bad Request"))).toBe(true);
      expectNoMarker(lines);
    });
  });
});

describe("scrubLogLine", () => {
  it.each([
    ["a Telegram bot token in a URL", `{"msg":"GET /bot${BOT_TOKEN}/getMe"}`, "[token]"],
    ["a Matrix access token", '{"msg":"Authorization: Bearer syt_YWxpY2U_abcdef"}', "[token]"],
    ["a Matrix user id", `{"err":{"message":"User ${MATRIX_USER} not in room"}}`, "[id]"],
    ["a Matrix room id with a port", '{"message":"no room !abc:matrix.example.org:8448"}', "]"],
    [
      "a Telegram chat id in text",
      `{"description":"chat ${TELEGRAM_GROUP} not found"}`,
      "[number]",
    ],
    ["a Telegram id as a string value", `{"id":"${TELEGRAM_USER}"}`, "[number]"],
  ])("blanks out %s", (_, line, replacement) => {
    const scrubbed = scrubLogLine(line);
    expect(scrubbed).toContain(replacement);
    for (const marker of [...MARKERS, "syt_", "abc:matrix"]) expect(scrubbed).not.toContain(marker);
    expect(() => JSON.parse(scrubbed)).not.toThrow();
  });

  it("keeps what operators need: times, counts, durations, ports, stack frames", () => {
    const line = JSON.stringify({
      level: 30,
      time: 1_760_000_000_000,
      count: 1_234_567,
      ms: 12.75,
      msg: "listening on 127.0.0.1:8080",
      stack:
        "Error: x\n    at run (file:///app/node_modules/@grammyjs/runner/out/runner.js:123:45)",
      topic: "bale",
    });
    expect(scrubLogLine(line)).toBe(line);
  });
});

describe("the production logger keeps what went wrong and drops what people wrote", () => {
  it("logs an error's message, so an operator can tell what failed", () => {
    const { lines, logger } = productionLogger();
    logger.error({ err: new Error("connect ECONNREFUSED 127.0.0.1:5432") }, "database down");
    expect(JSON.parse(lines[0] ?? "{}").err.message).toBe("connect ECONNREFUSED 127.0.0.1:5432");
  });

  it("still blanks the text and sender of a platform update logged by a library, however deep", () => {
    const { lines, logger } = productionLogger();
    const update = { message: { text: TEXT_MARKER, from: { id: Number(TELEGRAM_USER) } } };
    logger.warn({ update }, "unhandled update");
    logger.warn({ ctx: { update } }, "unhandled update in a context");
    expectNoMarker(lines);
    expect(lines[0]).toContain('"text":"[redacted]"');
    expect(lines[1]).toContain('"text":"[redacted]"');
  });
});
