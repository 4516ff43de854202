// Runs the telegram-test-api emulator on a loopback port in its own process, so a benchmark's
// sender and the "Telegram" it sends to do not share one event loop. Prints the API root
// when ready and stops on SIGTERM. Usage: node bin/run-ts.js bench/emulator.ts PORT
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";

const port = Number(process.argv[2]);
const server = new TelegramServer({ port, host: "127.0.0.1", storage: "RAM", storeTimeout: 600 });
await server.start();
console.log(server.config.apiURL);
process.once("SIGTERM", () => {
  void server.stop().then(() => process.exit(0));
});
