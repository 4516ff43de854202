// Runs the telegram-test-api emulator on a free loopback port in its own process, so a
// benchmark's sender and the "Telegram" it sends to do not share one event loop. Prints the API
// root when ready and stops on SIGTERM. With ROUND_TRIP_MS, every Bot API call is answered that
// much later, as a Telegram far away would.
// Usage: node bin/run-ts.js bench/emulator.ts [ROUND_TRIP_MS]
import { startEmulator } from "../test/adapters/telegram/support/emulator.ts";

const server = await startEmulator({ roundTripMs: Number(process.argv[2] ?? 0) });
console.log(server.config.apiURL);
process.once("SIGTERM", () => {
  void server.stop().then(() => process.exit(0));
});
