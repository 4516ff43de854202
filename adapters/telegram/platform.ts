import { z } from "zod";
import type { Adapter } from "../../src/index.ts";

/**
 * Telegram as the core knows it. The bot itself (grammy) is loaded only when Panah connects,
 * so `panah ask` and `validate` do not pay for it.
 */
export const telegram: Adapter = {
  name: "telegram",
  title: { en: "Telegram", fa: "تلگرام" },
  environment: [
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_ROOT",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_WEBHOOK_SECRET",
    "TELEGRAM_WEBHOOK_PORT",
    "TELEGRAM_WEBHOOK_HOST",
  ],
  moderatorId: z.number().int().positive("a Telegram user id is a positive number"),
  maintainerChat: z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform(String),
  // Telegram's documented limits: about 30 messages a second overall, one a second per chat.
  pace: { perSecond: 25, perChatSeconds: 1 },
  directChatIsUserId: true,
  receivesInOneReplica: false,
  async connect(panah, context) {
    const { connectTelegram } = await import("./index.ts");
    return connectTelegram(panah, context);
  },
};
