import { type AutoRetryOptions, autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { type Api, Bot, type Context, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { InboundMessage, Panah } from "../../src/index.ts";
import { sendDocument } from "./document.ts";
import { describeError } from "./errors.ts";
import { callbackToInbound, messageToInbound } from "./inbound.ts";
import { answerInlineQuery } from "./inline.ts";
import { OptionalCalls } from "./optional-calls.ts";
import {
  type BotProfile,
  sendOptions,
  type TelegramMessage,
  toTelegramMessages,
} from "./outbound.ts";
import { retryReplyOnce } from "./retry-reply.ts";

export interface TelegramBotOptions {
  token: string;
  /** A Bot API server other than api.telegram.org (self-hosted, or an emulator in tests). */
  apiRoot?: string;
  panah: Panah;
  logger: Logger;
  /** Skips the getMe call at start-up (tests). */
  botInfo?: UserFromGetMe;
  /** Installed closest to the network, inside auto-retry (tests inject faults here). */
  transformers?: Transformer[];
  retry?: AutoRetryOptions;
  /**
   * How long one Bot API call may take before it fails (default 60 s, above the 30 s long
   * poll). grammy's own default is 500 s: a server that accepts a request and never answers
   * would hold that chat's queue for over eight minutes.
   */
  timeoutSeconds?: number;
}

/** A grammy bot wired to Panah's core, plus the optional calls it shares with start-up. */
export interface TelegramBot {
  bot: Bot;
  optional: OptionalCalls;
}

/**
 * Builds the bot: updates are handled one at a time per chat (concurrently across chats),
 * each message or button press goes to the core, and its replies come back as Telegram
 * HTML. Polling and webhooks both feed this same bot.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { panah, logger } = options;
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: {
      timeoutSeconds: options.timeoutSeconds ?? 60,
      ...(options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, "") } : {}),
    },
  });
  bot.api.config.use(...(options.transformers ?? []));
  // 429s wait for retry_after and 5xx are retried; network errors are not retried there
  // (polling retries on its own), but a reply lost to one is sent once more.
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: 3,
      maxDelaySeconds: 30,
      rethrowHttpErrors: true,
      ...options.retry,
    }),
  );
  bot.api.config.use(retryReplyOnce(logger));

  const optional = new OptionalCalls(logger);
  const logFailure = (error: unknown) =>
    logger.error({ err: describeError(error) }, "failed to handle a Telegram update");
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  // Webhooks do not reach bot.catch, so every handler sits behind the same boundary.
  const handlers = bot.errorBoundary(logFailure);

  handlers.on("callback_query:data", async (ctx) => {
    // Always answer, or the button keeps spinning on the person's screen.
    await optional.run("answerCallbackQuery", () => ctx.answerCallbackQuery());
    const inbound = callbackToInbound(ctx);
    if (inbound) await respond(ctx.api, inbound, ctx.me, undefined);
  });

  handlers.on("message", async (ctx) => {
    const inbound = messageToInbound(ctx);
    // In groups the first reply answers the question it replies to, so it is clear whose it is.
    if (inbound)
      await respond(
        ctx.api,
        inbound,
        ctx.me,
        inbound.isDirect ? undefined : ctx.message.message_id,
      );
  });

  // Sharing an answer into another chat: `@PanahBot bale` typed anywhere (inline mode).
  handlers.on("inline_query", (ctx) => answerInlineQuery(ctx, panah));

  handlers.on("my_chat_member", async (ctx) => {
    // Someone blocked the bot: they can no longer receive alerts, so stop sending them.
    if (ctx.chat.type === "private" && ctx.myChatMember.new_chat_member.status === "kicked")
      await panah.engine.recipientGone({
        platform: "telegram",
        userId: String(ctx.myChatMember.from.id),
      });
  });

  bot.catch(logFailure);

  async function respond(
    api: Api,
    inbound: InboundMessage,
    me: BotProfile,
    replyTo: number | undefined,
  ): Promise<void> {
    const [replies] = await Promise.all([
      panah.engine.handle(inbound),
      optional.run("sendChatAction", () => api.sendChatAction(inbound.chatId, "typing")),
    ]);
    for (const reply of replies) {
      const messages = toTelegramMessages(reply, me);
      await send(api, messages, replyTo);
      if (reply.document)
        await sendDocument(
          api,
          reply.chatId,
          reply.document,
          messages.length === 0 ? replyTo : undefined,
        );
    }
  }

  return { bot, optional };
}

/** Sends messages in order; in groups the first one replies to the message it answers. */
async function send(
  api: Api,
  messages: TelegramMessage[],
  replyTo: number | undefined,
): Promise<void> {
  for (const [i, message] of messages.entries()) {
    await api.sendMessage(message.chatId, message.html, {
      ...sendOptions(message),
      ...(i === 0 && replyTo !== undefined
        ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
        : {}),
    });
  }
}
