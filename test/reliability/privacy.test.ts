import { existsSync, readFileSync } from "node:fs";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { startEmulator } from "../adapters/telegram/support/emulator.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";
import { startCrowd } from "./support/crowd.ts";
import { everyStoredValue } from "./support/database.ts";

const PERSON = 7_100_001;
const MODERATOR = 7_100_002;
const GROUP = -7_100_003;

let server: TelegramServer;
beforeAll(async () => {
  server = await startEmulator();
});
afterAll(async () => {
  await server?.stop();
});

describe("what the database keeps after a whole conversation", () => {
  it("holds none of the text anyone sent: not in any column of any table, not in the file's free pages or journal", async () => {
    const clock = new ManualClock();
    const dataDir = tempDir();
    const crowd = await startCrowd(server, {
      knowledgeDir: FIXTURE_KNOWLEDGE,
      clock,
      dataDir,
      moderation: { moderators: { telegram: [MODERATOR], matrix: [] }, approvals: 1 },
    });
    // Each marker is in one message; a marker found anywhere in the database is a leak.
    let n = 0;
    const markers: string[] = [];
    const mark = (latin = true) => {
      const marker = latin ? `zqxprivacy${++n}zqx` : `رازپنهان${++n}رازپنهان`;
      markers.push(marker);
      return marker;
    };
    try {
      const me = crowd.person(PERSON);
      const inGroup = crowd.person(PERSON, { chatId: GROUP, type: "group" });
      const moderator = crowd.person(MODERATOR);
      const lastMessage = () => crowd.inbox().get(String(PERSON))?.at(-1)?.messageId ?? 1;
      const say = async (who: typeof me, text: string) => {
        clock.advance(5_000);
        await who.send(text);
        await crowd.pump();
      };
      const press = async (data: string) => {
        clock.advance(5_000);
        await me.press(data, lastMessage());
        await crowd.pump();
      };

      await say(me, "/start");
      await say(me, `Is Signal safe? ${mark()}`);
      await say(me, `سیگنال امن است؟ ${mark(false)}`);
      await say(me, `${mark()} something Panah knows nothing about`);
      await say(me, "1");
      await say(me, `/lang ${mark()}`);
      await say(me, "/lang fa");
      await say(me, "/subscribe");
      await say(me, `/start ${mark()}`);
      await say(me, `/subscribe ${mark()}`);
      for (const kind of ["t", "k", "c", "l", "a:set"]) await press(`${kind}:${mark()}`);
      await say(me, `/alert ${mark()}`);
      await say(me, `/approve ${mark()}`);
      await say(me, `${mark()} ${"a long question about bale and signal ".repeat(150)}`);
      await say(me, "/unsubscribe");
      await say(me, "/subscribe");
      await say(inGroup, `@TestNameBot is bale safe ${mark()}`);
      await say(inGroup, `/forget ${mark()}`);
      await say(inGroup, `/alert ${mark()}`);
      // A moderator's draft is theirs until confirmed; a cancelled one leaves nothing behind.
      await say(moderator, "/alert");
      await say(moderator, `${mark()} a draft never sent`);
      await say(moderator, "/cancel");

      // The conversation happened and left what the features need: a language, a subscription.
      expect(crowd.inbox().get(String(PERSON))?.length).toBeGreaterThanOrEqual(20);
      expect(
        await crowd.panah.store.getLanguage({ platform: "telegram", userId: String(PERSON) }),
      ).toBe("fa");
      expect(
        await crowd.panah.store.getSubscription({ platform: "telegram", userId: String(PERSON) }),
      ).toMatchObject({ chatId: String(PERSON), language: "fa" });
      expect(await crowd.panah.store.alerts.refusals(10)).toHaveLength(4);

      const stored = everyStoredValue(`${dataDir}/panah.db`);
      expect(stored.length).toBeGreaterThan(10);
      const leaks = stored.filter(({ value }) =>
        markers.some((m) => value.toLowerCase().includes(m.toLowerCase())),
      );
      expect(leaks).toEqual([]);
      // Nor in the bytes on disk: deleted rows, free pages, the write-ahead log. (The scan does
      // see what is stored: the person's id, kept for their subscription, is found.)
      const files = ["panah.db", "panah.db-wal"]
        .map((f) => `${dataDir}/${f}`)
        .filter((f) => existsSync(f));
      const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
      expect(bytes.includes(Buffer.from(String(PERSON)))).toBe(true);
      for (const marker of markers)
        expect(bytes.includes(Buffer.from(marker, "utf8")), marker).toBe(false);
      expect(markers).toHaveLength(18);
    } finally {
      await crowd.stop();
    }
  });

  it("after a confirmed /forget, the person's id and choices are gone from every database file while Panah runs", async () => {
    const clock = new ManualClock();
    const dataDir = tempDir();
    const crowd = await startCrowd(server, { knowledgeDir: FIXTURE_KNOWLEDGE, clock, dataDir });
    const FORGETFUL = 7_100_077;
    try {
      const me = crowd.person(FORGETFUL);
      const step = async (action: () => Promise<unknown>) => {
        clock.advance(5_000);
        await action();
        await crowd.pump();
      };
      await step(() => me.send("/lang fa"));
      await step(() => me.send("/subscribe"));
      const onDisk = () =>
        Buffer.concat(
          ["panah.db", "panah.db-wal", "panah.db-shm"]
            .map((f) => `${dataDir}/${f}`)
            .filter((f) => existsSync(f))
            .map((f) => readFileSync(f)),
        );
      expect(onDisk().includes(Buffer.from(String(FORGETFUL)))).toBe(true);
      await step(() => me.send("/forget"));
      const question = crowd.inbox().get(String(FORGETFUL))?.at(-1);
      await step(() => me.press("f:yes", question?.messageId ?? 1));
      expect(question?.buttons).toEqual(["f:yes", "f:no"]);
      expect(crowd.inbox().get(String(FORGETFUL))?.at(-1)?.html).toContain("(2 records)");
      // Still running, database still open: no row, no free page, no log frame keeps it.
      expect(onDisk().includes(Buffer.from(String(FORGETFUL)))).toBe(false);
    } finally {
      await crowd.stop();
    }
  });
});
