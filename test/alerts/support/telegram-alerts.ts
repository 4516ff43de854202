import type { Bot, Transformer } from "grammy";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { ADAPTERS } from "../../../adapters/index.ts";
import { TelegramDeliverer } from "../../../adapters/telegram/deliverer.ts";
import { createTelegramBot } from "../../../adapters/telegram/index.ts";
import { createPanah, type Panah } from "../../../src/app.ts";
import {
  captureLogs,
  FIXTURE_KNOWLEDGE,
  TEST_BOT_INFO,
} from "../../adapters/telegram/support/harness.ts";
import { parseTelegramHtml } from "../../adapters/telegram/support/telegram-html.ts";
import { tempDir } from "../../helpers/knowledge.ts";

/** A Bot API call the alert deliverer made, when, and the fault it was answered with. */
export interface DeliveryCall {
  chatId: string;
  at: number;
  fault?: number;
}

let nextToken = 1;

/**
 * Panah on Telegram against the emulator, as `panah start` wires it: the real bot for
 * conversations (updates pumped through `bot.handleUpdate`), a SQLite store, and the alert
 * worker with the real {@link TelegramDeliverer}, whose calls pass a fault injector keyed by
 * chat (the emulator cannot answer 429 or 403 itself).
 */
export async function startTelegramAlerts(
  server: TelegramServer,
  options: { moderators: number[]; approvals: 1 | 2; perSecond: number },
) {
  const { lines, logger } = captureLogs();
  const panah: Panah = await createPanah({
    logger,
    knowledgeDir: FIXTURE_KNOWLEDGE,
    dataDir: tempDir(),
    moderation: {
      moderators: { telegram: options.moderators, matrix: [] },
      approvals: options.approvals,
    },
    platforms: ADAPTERS,
    // Hundreds of people subscribe within a second here; that is not what the limit is about.
    rateLimit: { burst: 100, perMinute: 600 },
  });
  const token = `${300000 + nextToken++}:alerts-test`;
  const { bot } = createTelegramBot({
    token,
    apiRoot: server.config.apiURL,
    panah,
    logger,
    botInfo: TEST_BOT_INFO,
  });
  const faults = new Map<string, object[]>();
  const calls: DeliveryCall[] = [];
  const injector: Transformer = async (prev, method, payload, signal) => {
    if (method !== "sendMessage") return prev(method, payload, signal);
    const chatId = String((payload as { chat_id: unknown }).chat_id);
    const fault = faults.get(chatId)?.shift() as { error_code: number } | undefined;
    calls.push({ chatId, at: performance.now(), ...(fault ? { fault: fault.error_code } : {}) });
    if (fault) return fault as Awaited<ReturnType<typeof prev>>;
    return prev(method, payload, signal);
  };
  const worker = panah.alerts.start(
    TelegramDeliverer.create(token, server.config.apiURL, [injector]),
    { pace: { perSecond: options.perSecond, perChatSeconds: 1 }, idleMs: 50 },
  );
  panah.workers.add({ name: "telegram alerts", stop: () => worker.stop() });

  const pump = async () => {
    for (const update of server.getUpdates(token))
      await bot.handleUpdate(update as Parameters<Bot["handleUpdate"]>[0]);
  };
  /** The visible text of every message the bot sent to a chat. */
  const received = (chatId: number | string) =>
    server.storage.botMessages
      .filter((m) => m.botToken === token && String(m.message.chat_id) === String(chatId))
      .map((m) => ({
        id: m.messageId,
        text: parseTelegramHtml(String(m.message.text ?? "")),
        buttons: (
          (m.message.reply_markup as { inline_keyboard?: { callback_data?: string }[][] })
            ?.inline_keyboard ?? []
        )
          .flat()
          .map((b) => b.callback_data),
      }));
  const person = (userId: number, languageCode?: string) => {
    const client = server.getClient(token, { userId, chatId: userId, type: "private" });
    const from = languageCode ? { from: { language_code: languageCode } } : {};
    return {
      userId,
      /** Sends without waiting for the bot (call `pump` after a batch). */
      queue: (text: string) =>
        text.startsWith("/")
          ? client.sendCommand(client.makeCommand(text, from as never))
          : client.sendMessage(client.makeMessage(text, from as never)),
      /** Sends, lets the bot answer, and returns the bot's last message. */
      say: async (text: string) => {
        await (text.startsWith("/")
          ? client.sendCommand(client.makeCommand(text, from as never))
          : client.sendMessage(client.makeMessage(text, from as never)));
        await pump();
        return received(userId).at(-1);
      },
      /**
       * Presses the button with `data` under the bot's last message that has it; `a:confirm`
       * also finds the preview's `a:confirm:<draft>`, as a person finds "Send it".
       */
      press: async (data: string) => {
        const matches = (button?: string) =>
          button === data || Boolean(button?.startsWith(`${data}:`));
        const message = received(userId).findLast((m) => m.buttons.some(matches));
        const button = message?.buttons.find(matches);
        if (!message || !button) throw new Error(`no button ${data}`);
        await client.sendCallback(
          client.makeCallbackQuery(button, {
            ...from,
            message: { message_id: message.id },
          } as never),
        );
        await pump();
        return received(userId).at(-1);
      },
    };
  };
  return {
    panah,
    token,
    faults,
    calls,
    worker,
    logs: lines,
    pump,
    received,
    person,
    async stop() {
      await panah.close();
    },
  };
}
