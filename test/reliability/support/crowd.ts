import type { Bot } from "grammy";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { createTelegramBot } from "../../../adapters/telegram/index.ts";
import { toTelegramMessages } from "../../../adapters/telegram/outbound.ts";
import type { ModerationSettings } from "../../../src/alerts/alert-desk.ts";
import { createPanah, type Panah } from "../../../src/app.ts";
import { DEFAULT_CONFIG } from "../../../src/config/schema.ts";
import type { Clock } from "../../../src/core/clock.ts";
import { BUNDLED_KNOWLEDGE_DIR } from "../../../src/engine/knowledge.ts";
import { loadParaphraseSet } from "../../../src/eval/paraphrase-set.ts";
import type { Language } from "../../../src/text/language.ts";
import { captureLogs, TEST_BOT_INFO } from "../../adapters/telegram/support/harness.ts";

/** What a person reads of one bot message: its HTML and the data of its buttons. */
export interface Received {
  messageId: number;
  html: string;
  buttons: string[];
}

/** A labelled question and the Telegram messages Panah answers it with when nobody else is asking. */
export interface Question {
  text: string;
  language: Language;
  topic: string;
  expected: Received[];
}

let nextToken = 1;

/**
 * Panah (on the bundled knowledge base by default) behind the real grammy bot (auto-retry, per-chat
 * order), talking to the Telegram emulator (or anything in front of it, via `apiRoot`).
 * People's messages go through the emulator's client API; `pump` hands every waiting update
 * to the bot at once, as the runner does, so chats are answered concurrently and each chat in
 * order. The production rate limit applies unless `rateLimit` says otherwise.
 */
export async function startCrowd(
  server: TelegramServer,
  options: {
    /** The bundled knowledge base unless set (the fixture one is enough for alerts). */
    knowledgeDir?: string;
    clock?: Clock;
    dataDir?: string;
    apiRoot?: string;
    moderation?: ModerationSettings;
    rateLimit?: { burst: number; perMinute: number };
    timeoutSeconds?: number;
  } = {},
) {
  const { lines, logger } = captureLogs();
  const panah: Panah = await createPanah({
    logger,
    knowledgeDir: options.knowledgeDir ?? BUNDLED_KNOWLEDGE_DIR,
    rateLimit: options.rateLimit ?? DEFAULT_CONFIG.rateLimit,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.moderation ? { moderation: options.moderation } : {}),
  });
  const token = `${700000 + nextToken++}:reliability`;
  const { bot } = createTelegramBot({
    token,
    apiRoot: options.apiRoot ?? server.config.apiURL,
    panah,
    logger,
    botInfo: TEST_BOT_INFO,
    ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}),
  });

  const pump = async () => {
    await Promise.all(
      server
        .getUpdates(token)
        .map((update) => bot.handleUpdate(update as Parameters<Bot["handleUpdate"]>[0])),
    );
  };
  /** Every message the bot sent, per chat, in order. */
  const inbox = (): Map<string, Received[]> => {
    const byChat = new Map<string, Received[]>();
    for (const m of server.storage.botMessages) {
      if (m.botToken !== token) continue;
      const chat = String(m.message.chat_id);
      const list = byChat.get(chat) ?? [];
      list.push(toReceived(m.messageId, m.message as unknown as Record<string, unknown>));
      byChat.set(chat, list);
    }
    return byChat;
  };
  /** Someone writing to the bot, in a private chat unless `where` says a group; `from` sets their name. */
  const person = (
    userId: number,
    where: { chatId?: number; type?: "private" | "group"; from?: Record<string, unknown> } = {},
  ) => {
    const chatId = where.chatId ?? userId;
    const client = server.getClient(token, {
      userId,
      chatId,
      type: where.type ?? "private",
      ...(where.from?.first_name ? { firstName: String(where.from.first_name) } : {}),
      ...(where.from?.username ? { userName: String(where.from.username) } : {}),
    });
    const extra = where.from ? { from: where.from } : {};
    return {
      userId,
      chatId,
      /** Puts a message in the emulator's queue; the bot sees it at the next `pump`. */
      send: (text: string) =>
        text.startsWith("/")
          ? client.sendCommand(client.makeCommand(text, extra as never))
          : client.sendMessage(client.makeMessage(text, extra as never)),
      /** Presses a button with `data` under the bot message `messageId`. */
      press: (data: string, messageId: number) =>
        client.sendCallback(
          client.makeCallbackQuery(data, { ...extra, message: { message_id: messageId } } as never),
        ),
    };
  };
  return { panah, bot, token, logs: lines, pump, inbox, person, stop: () => panah.close() };
}

export type Crowd = Awaited<ReturnType<typeof startCrowd>>;

/** Log lines at pino's error level or above. */
export function errorLines(lines: string[]): string[] {
  return lines
    .flatMap((chunk) => chunk.split("\n").filter(Boolean))
    .filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
}

/**
 * Real questions (the independent paraphrase sets in `test/eval`), each with the reply Panah
 * gives it in isolation; only those answered with their labelled topic are kept, so a
 * question answered otherwise under load is a fault of the load, not of routing.
 */
export async function labelledQuestions(): Promise<Record<Language, Question[]>> {
  const { logger } = captureLogs();
  const reference = await createPanah({
    logger,
    knowledgeDir: BUNDLED_KNOWLEDGE_DIR,
    rateLimit: { burst: Number.MAX_SAFE_INTEGER, perMinute: Number.MAX_SAFE_INTEGER },
  });
  const questions: Record<Language, Question[]> = { en: [], fa: [] };
  let n = 0;
  try {
    for (const language of ["en", "fa"] as const) {
      const set = await loadParaphraseSet(
        new URL(`../../eval/paraphrases.${language}.yaml`, import.meta.url).pathname,
        language,
      );
      for (const [topic, texts] of Object.entries(set.topics))
        for (const text of texts) {
          const replies = await reference.engine.handle({
            platform: "telegram",
            userId: `reference-${n++}`,
            chatId: "1",
            isDirect: true,
            text,
          });
          if (replies.length !== 1 || replies[0]?.kind !== "answer") continue;
          if (replies[0].topic !== topic || replies[0].language !== language) continue;
          const expected = replies
            .flatMap((reply) => toTelegramMessages(reply))
            .map((m) => ({
              messageId: 0,
              html: m.html,
              buttons: (m.keyboard?.inline_keyboard ?? [])
                .flat()
                .flatMap((b) => ("callback_data" in b && b.callback_data ? [b.callback_data] : [])),
            }));
          questions[language].push({ text, language, topic, expected });
        }
    }
  } finally {
    await reference.close();
  }
  return questions;
}

function toReceived(messageId: number, payload: Record<string, unknown>): Received {
  const markup = payload.reply_markup as
    | { inline_keyboard?: { callback_data?: string }[][] }
    | undefined;
  return {
    messageId,
    html: String(payload.text ?? ""),
    buttons: (markup?.inline_keyboard ?? []).flat().flatMap((b) => b.callback_data ?? []),
  };
}
