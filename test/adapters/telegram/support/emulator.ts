import type { Server } from "node:http";
import { createServer } from "node:net";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";

/**
 * telegram-test-api on a free loopback port. It cannot pick a port itself (port 0 means its
 * default 9000), so one is found first. With `roundTripMs`, every Bot API call is answered that
 * much later, as a Telegram far away would: loopback answers in a fraction of a millisecond,
 * which hides how a sender behaves under real latency.
 */
export async function startEmulator({ roundTripMs = 0 } = {}): Promise<TelegramServer> {
  const port = await freePort();
  const server = new TelegramServer({ port, host: "127.0.0.1", storage: "RAM", storeTimeout: 600 });
  await server.start();
  if (roundTripMs > 0) holdRequests(server, roundTripMs);
  return server;
}

/** Makes every request wait `ms` before the emulator sees it. */
function holdRequests(emulator: TelegramServer, ms: number): void {
  // The emulator's HTTP server is private; its "request" listeners are Node's public API.
  const http = (emulator as unknown as { server: Server }).server;
  for (const listener of http.listeners("request") as ((...args: unknown[]) => void)[]) {
    http.off("request", listener);
    http.on("request", (...args: unknown[]) => setTimeout(() => listener.apply(http, args), ms));
  }
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
