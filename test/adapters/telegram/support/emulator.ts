import { createServer } from "node:net";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";

/**
 * telegram-test-api on a free loopback port. It cannot pick a port itself (port 0 means its
 * default 9000), so one is found first.
 */
export async function startEmulator(): Promise<TelegramServer> {
  const port = await freePort();
  const server = new TelegramServer({ port, host: "127.0.0.1", storage: "RAM", storeTimeout: 600 });
  await server.start();
  return server;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}
