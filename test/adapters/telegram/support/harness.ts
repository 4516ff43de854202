import { dirname, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Bot, Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { createTelegramBot } from "../../../../adapters/telegram/index.ts";
import type { OptionalCalls } from "../../../../adapters/telegram/optional-calls.ts";
import { createLogger, createPanah, type Panah } from "../../../../src/index.ts";
import { startEmulator } from "./emulator.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

export const FIXTURE_KNOWLEDGE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../fixtures/knowledge",
);

/** The emulator's getMe answer, completed into what grammy expects (so no getMe call is needed). */
export const TEST_BOT_INFO: UserFromGetMe = {
  id: 666,
  is_bot: true,
  first_name: "Test First name",
  username: "TestNameBot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Log lines, captured so tests can prove what is (not) logged. */
export function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: "debug", destination }) };
}

/** A Bot API call the bot made, seen closest to the network. */
export interface Call {
  method: string;
  payload: Record<string, unknown>;
}

/**
 * A test transformer, installed closest to the network (inside auto-retry): records every
 * call and answers the next call of a method with a queued fake response instead of the
 * emulator, which cannot produce 429s or 403s itself.
 */
export function faultInjector(calls: Call[], faults: Map<string, object[]>): Transformer {
  return async (prev, method, payload, signal) => {
    calls.push({ method, payload: (payload ?? {}) as Record<string, unknown> });
    const fault = faults.get(method)?.shift();
    if (fault) return fault as Awaited<ReturnType<typeof prev>>;
    return prev(method, payload, signal);
  };
}

/** What a person sees of one bot message. */
export interface Seen {
  messageId: number;
  html: string;
  /** The visible text, after parsing the HTML as Telegram does. */
  text: string;
  buttons: { text: string; data?: string; url?: string; switchInlineQuery?: string }[];
  payload: Record<string, unknown>;
}

let nextId = 10_000;
/** A fresh id, so each test's person has their own chat and rate-limit bucket. */
export const freshId = () => ++nextId;

export interface Person {
  chatId: number;
  userId: number;
  say(text: string, extra?: Record<string, unknown>): Promise<Seen[]>;
  command(text: string, extra?: Record<string, unknown>): Promise<Seen[]>;
  press(data: string, messageId: number): Promise<Seen[]>;
}

export interface Harness {
  server: TelegramServer;
  token: string;
  bot: Bot;
  optional: OptionalCalls;
  panah: Panah;
  logs: string[];
  calls: Call[];
  faults: Map<string, object[]>;
  person(options?: {
    type?: "private" | "group" | "supergroup";
    languageCode?: string;
    chatId?: number;
  }): Person;
  /** Hands every update waiting in the emulator to the bot and waits until it has answered. */
  pump(): Promise<void>;
  /** Every message the bot has sent to a chat, checked as Telegram would check it. */
  seen(chatId: number): Seen[];
  stop(): Promise<void>;
}

let nextToken = 1;

/**
 * The real bot (createTelegramBot, with auto-retry and sequentialize) against the emulator,
 * on the fixture knowledge base. Updates are pumped through `bot.handleUpdate`, so each step
 * ends when the bot has answered: no sleeps, no races.
 */
export async function startHarness(
  options: {
    knowledgeDir?: string;
    server?: TelegramServer;
    /** What getMe says besides TEST_BOT_INFO (inline mode on, say). */
    botInfo?: Partial<UserFromGetMe>;
  } = {},
): Promise<Harness> {
  const server = options.server ?? (await startEmulator());
  const { lines, logger } = captureLogs();
  const panah = await createPanah({
    logger,
    knowledgeDir: options.knowledgeDir ?? FIXTURE_KNOWLEDGE,
  });
  const token = `${100000 + nextToken++}:panah-test-token`;
  const calls: Call[] = [];
  const faults = new Map<string, object[]>();
  const { bot, optional } = createTelegramBot({
    token,
    apiRoot: server.config.apiURL,
    panah,
    logger,
    botInfo: { ...TEST_BOT_INFO, ...options.botInfo },
    transformers: [faultInjector(calls, faults)],
  });

  const pump = async () => {
    for (const update of server.getUpdates(token))
      await bot.handleUpdate(update as Parameters<Bot["handleUpdate"]>[0]);
  };
  const seen = (chatId: number): Seen[] =>
    server.storage.botMessages
      .filter((m) => m.botToken === token && String(m.message.chat_id) === String(chatId))
      .map((m) => toSeen(m.messageId, m.message as unknown as Record<string, unknown>));

  const person: Harness["person"] = ({ type = "private", languageCode, chatId } = {}) => {
    const userId = freshId();
    const chat = chatId ?? (type === "private" ? userId : -freshId());
    const client = server.getClient(token, { userId, chatId: chat, type });
    const from = languageCode ? { from: { language_code: languageCode } } : {};
    const after = async (send: () => Promise<unknown>) => {
      const before = seen(chat).length;
      await send();
      await pump();
      return seen(chat).slice(before);
    };
    return {
      chatId: chat,
      userId,
      say: (text, extra = {}) =>
        after(() => client.sendMessage(client.makeMessage(text, { ...from, ...extra }))),
      command: (text, extra = {}) =>
        after(() => client.sendCommand(client.makeCommand(text, { ...from, ...extra }))),
      press: (data, messageId) =>
        after(() =>
          client.sendCallback(
            client.makeCallbackQuery(data, { ...from, message: { message_id: messageId } }),
          ),
        ),
    };
  };

  return {
    server,
    token,
    bot,
    optional,
    panah,
    logs: lines,
    calls,
    faults,
    person,
    pump,
    seen,
    async stop() {
      await panah.close();
      if (!options.server) await server.stop();
    },
  };
}

/** A sent message as the person sees it; throws if Telegram would have refused it. */
function toSeen(messageId: number, payload: Record<string, unknown>): Seen {
  const html = String(payload.text ?? "");
  if (payload.parse_mode !== "HTML") throw new Error("every message is sent as HTML");
  const text = parseTelegramHtml(html);
  if (text.length === 0 || text.length > 4096)
    throw new Error(`message length ${text.length} is outside 1..4096`);
  if ((payload.link_preview_options as { is_disabled?: boolean } | undefined)?.is_disabled !== true)
    throw new Error("link previews must be off");
  const markup = payload.reply_markup as
    | {
        inline_keyboard?: {
          text: string;
          callback_data?: string;
          url?: string;
          switch_inline_query?: string;
        }[][];
      }
    | undefined;
  const buttons = (markup?.inline_keyboard ?? []).flat().map((b) => {
    if (b.callback_data !== undefined && Buffer.byteLength(b.callback_data) > 64)
      throw new Error("callback data over 64 bytes");
    return {
      text: b.text,
      ...(b.callback_data ? { data: b.callback_data } : {}),
      ...(b.url ? { url: b.url } : {}),
      ...(b.switch_inline_query !== undefined ? { switchInlineQuery: b.switch_inline_query } : {}),
    };
  });
  return { messageId, html, text, buttons, payload };
}
