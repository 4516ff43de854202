import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { startEmulator } from "../adapters/telegram/support/emulator.ts";
import { errorLines, labelledQuestions, type Question, startCrowd } from "./support/crowd.ts";

// Time is simulated (a manual clock) so "100 messages a second" and "a person reading an
// answer before asking again" mean the same on a loaded CI machine as on a fast laptop; the
// bot, its per-chat queues, the emulator and every HTTP call are real.

let server: TelegramServer;
let questions: Record<"en" | "fa", Question[]>;
beforeAll(async () => {
  server = await startEmulator();
  questions = await labelledQuestions();
});
afterAll(async () => {
  await server?.stop();
});

/** The `n`th question of a language, cycling through all of them. */
const pick = (language: "en" | "fa", n: number) =>
  questions[language][n % questions[language].length] as Question;

describe("under load, through the real bot and the Telegram emulator", () => {
  it("rate-limits a person flooding 100 messages a second with one polite notice, while 50 others keep getting answers", async () => {
    const clock = new ManualClock();
    const crowd = await startCrowd(server, { clock });
    try {
      const flooder = crowd.person(900_001);
      const others = Array.from({ length: 50 }, (_, i) => crowd.person(910_000 + i));
      const asked = new Map<number, Question[]>();
      const floodSent: Question[] = [];
      for (let tick = 0; tick < 100; tick++) {
        clock.advance(10);
        const mine = pick("en", tick);
        floodSent.push(mine);
        const other = others[tick % others.length];
        const theirs = pick(tick % 2 === 0 ? "fa" : "en", 1000 + tick);
        if (!other) throw new Error("no such person");
        asked.set(other.userId, [...(asked.get(other.userId) ?? []), theirs]);
        await Promise.all([flooder.send(mine.text), other.send(theirs.text)]);
        await crowd.pump();
      }

      const inbox = crowd.inbox();
      // The burst (8) is answered, then exactly one notice, then silence for the rest.
      const answered = floodSent.slice(0, 8).flatMap((q) => q.expected.map((e) => e.html));
      const flood = (inbox.get(String(flooder.chatId)) ?? []).map((m) => m.html);
      expect(flood).toEqual([
        ...answered,
        "You're sending messages faster than I can answer. Please wait a minute, then ask again.",
      ]);
      // Everyone else got every answer, in order, the same as when nobody floods.
      for (const person of others)
        expect(
          (inbox.get(String(person.chatId)) ?? []).map((m) => m.html),
          `person ${person.userId}`,
        ).toEqual((asked.get(person.userId) ?? []).flatMap((q) => q.expected.map((e) => e.html)));

      // A minute later the flooder is a person like any other again.
      clock.advance(60_000);
      const later = pick("fa", 7);
      await flooder.send(later.text);
      await crowd.pump();
      expect(
        (crowd.inbox().get(String(flooder.chatId)) ?? []).slice(flood.length).map((m) => m.html),
      ).toEqual(later.expected.map((e) => e.html));
      expect(errorLines(crowd.logs)).toEqual([]);
    } finally {
      await crowd.stop();
    }
  });

  it("answers 200 people asking 10 real questions each, in English and Persian, every one with its topic", async () => {
    const clock = new ManualClock();
    const crowd = await startCrowd(server, { clock });
    try {
      // A third ask in English, a third in Persian, a third switch language every question.
      const people = Array.from({ length: 200 }, (_, i) => ({
        person: crowd.person(920_000 + i),
        asks: Array.from({ length: 10 }, (_, j) => {
          const language = i % 3 === 0 ? "en" : i % 3 === 1 ? "fa" : j % 2 === 0 ? "en" : "fa";
          return pick(language, i * 10 + j);
        }),
      }));
      for (let round = 0; round < 10; round++) {
        // Each person reads the previous answer for a few seconds before asking the next question.
        clock.advance(3_000);
        await Promise.all(people.map(({ person, asks }) => person.send(asks[round]?.text ?? "")));
        await crowd.pump();
      }

      const inbox = crowd.inbox();
      let answers = 0;
      const topics = new Map<string, number>();
      for (const { person, asks } of people) {
        const got = (inbox.get(String(person.chatId)) ?? []).map(({ html, buttons }) => ({
          html,
          buttons,
        }));
        // Question by question: the answer of the labelled topic, with its buttons, in order.
        let at = 0;
        for (const [j, question] of asks.entries()) {
          const expected = question.expected.map(({ html, buttons }) => ({ html, buttons }));
          expect(
            got.slice(at, at + expected.length),
            `person ${person.userId}, question ${j}`,
          ).toEqual(expected);
          at += expected.length;
          answers++;
          topics.set(question.topic, (topics.get(question.topic) ?? 0) + 1);
        }
        expect(got).toHaveLength(at);
      }
      expect(answers).toBe(2000);
      // The questions cover the knowledge base, not one easy topic.
      expect(topics.size).toBeGreaterThanOrEqual(25);
      expect(errorLines(crowd.logs)).toEqual([]);
      const log = crowd.logs.join("");
      for (const { person } of people.slice(0, 20))
        expect(log).not.toContain(String(person.userId));
    } finally {
      await crowd.stop();
    }
  }, 60_000);
});
