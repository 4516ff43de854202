import { z } from "zod";
import type { Adapter } from "../../../src/index.ts";
import type { LoopbackNetwork } from "./network.ts";

/**
 * A third platform, written the way adapters/telegram and adapters/matrix are: it imports only
 * the core's barrel, declares what the core needs to know, and connects. Nothing under src/
 * knows it exists; `panah start` runs it because it is in the adapter list it was given.
 */
export function loopbackAdapter(network: LoopbackNetwork): Adapter {
  return {
    name: "loopback",
    title: { en: "Loopback", fa: "لوپ‌بک" },
    environment: ["LOOPBACK_NETWORK"],
    moderatorId: z.string().regex(/^lb-\d+$/, 'a loopback id looks like "lb-1"'),
    maintainerChat: z.string(),
    pace: { perSecond: 50 },
    directChatIsUserId: true,
    receivesInOneReplica: false,
    async connect(panah, context) {
      context.logger.info("loopback: connected");
      const disconnect = network.connect(async ({ userId, text }) => {
        const replies = await panah.engine.handle({
          platform: "loopback",
          userId,
          chatId: userId,
          isDirect: true,
          text,
        });
        for (const reply of replies) network.deliver(reply);
      });
      return {
        stop: async () => disconnect(),
        ready: () => network.connected,
        deliverer: {
          platform: "loopback",
          send: async (message) =>
            network.deliver(message)
              ? undefined
              : { kind: "permanent", unsubscribe: true, label: "blocked" },
        },
      };
    },
  };
}
