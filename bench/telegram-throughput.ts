// Messages answered per second end to end through the grammy adapter: many simulated people
// each ask a few real questions; every update goes through the bot as a webhook delivers it,
// and every answer is an HTTP sendMessage to the telegram-test-api emulator, which runs in a
// process of its own on loopback. Prints one JSON line. Usage:
//   node bin/run-ts.js bench/telegram-throughput.ts [PEOPLE] [QUESTIONS_EACH]
import type { UserFromGetMe } from "grammy/types";
import { createTelegramBot } from "../adapters/telegram/bot.ts";
import { BUNDLED_KNOWLEDGE_DIR, createLogger, createPanah } from "../src/index.ts";
import { startEmulatorProcess } from "./emulator-process.ts";

const people = Number(process.argv[2] ?? 500);
const questionsEach = Number(process.argv[3] ?? 4);
const QUESTIONS = [
  "Is Bale safe?",
  "بله امن است؟",
  "does signal work in iran",
  "واتساپ امنه؟",
  "which vpn should my family use",
  "فیلترشکن امن چی نصب کنم؟",
  "how can I reach my parents during a shutdown",
  "is telegram end to end encrypted",
];

// The emulator runs in a process of its own: in this one it would compete with the sender.
const emulator = await startEmulatorProcess();
const apiRoot = emulator.apiRoot;

const panah = await createPanah({
  logger: createLogger({ level: "error" }),
  knowledgeDir: BUNDLED_KNOWLEDGE_DIR,
});
const botInfo = {
  id: 777,
  is_bot: true,
  first_name: "Panah",
  username: "PanahBenchBot",
} as UserFromGetMe;
const { bot } = createTelegramBot({
  token: "900002:bench",
  apiRoot,
  panah,
  logger: createLogger({ level: "error" }),
  botInfo,
});
// Counts the answers the emulator accepted, so the figure is answers delivered, not attempts.
let answered = 0;
bot.api.config.use(async (prev, method, payload, signal) => {
  const result = await prev(method, payload, signal);
  if (method === "sendMessage" && result.ok) answered++;
  return result;
});

const updates = Array.from({ length: people * questionsEach }, (_, i) => {
  const person = 1_000_000 + (i % people);
  return {
    update_id: i + 1,
    message: {
      message_id: i + 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: person, type: "private" as const, first_name: "P" },
      from: { id: person, is_bot: false, first_name: "P" },
      text: QUESTIONS[i % QUESTIONS.length] ?? "",
    },
  };
});

// As grammY's runner does: many updates in flight, each chat's in order (sequentialize).
const CONCURRENCY = 64;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < updates.length) {
      const update = updates[next++];
      if (update) await bot.handleUpdate(update);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await panah.close();
await emulator.stop();
console.log(
  JSON.stringify({
    people,
    messages: updates.length,
    answered,
    seconds,
    perSecond: answered / seconds,
  }),
);
