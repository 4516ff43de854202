// Alert broadcast throughput against the Telegram emulator: 5,000 subscribers, a high
// configured rate, the real deliverer and worker on SQLite. Reports the achieved rate as a
// fraction of the configured one (target ≥ 0.95). A figure, not a test: nothing is asserted.
// With ROUND_TRIP_MS, every Bot API call takes that long, as with a Telegram far away: the
// pace must hold under latency too, not only against an emulator that answers at once.
// Usage: node bin/run-ts.js bench/alerts.ts [RECIPIENTS] [PER_SECOND] [ROUND_TRIP_MS]

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TelegramDeliverer } from "../adapters/telegram/deliverer.ts";
import { createLogger, createPanah } from "../src/index.ts";
import { startEmulatorProcess } from "./emulator-process.ts";

const recipients = Number(process.argv[2] ?? 5000);
const perSecond = Number(process.argv[3] ?? 500);
const roundTripMs = Number(process.argv[4] ?? 0);
// The emulator runs in a process of its own: in this one it would compete with the sender.
const emulator = await startEmulatorProcess(roundTripMs);
const apiURL = emulator.apiRoot;
const dataDir = mkdtempSync(join(tmpdir(), "panah-bench-"));
const panah = await createPanah({ logger: createLogger({ level: "warn" }), dataDir });
for (let i = 0; i < recipients; i++)
  await panah.store.subscribe({
    platform: "telegram",
    userId: String(1_000_000 + i),
    chatId: String(1_000_000 + i),
    language: i % 2 ? "fa" : "en",
  });
await panah.store.alerts.createAlert(
  {
    kind: "notice",
    severity: "info",
    text: { en: "Benchmark alert.", fa: "هشدار آزمایشی." },
    audience: { languages: ["en", "fa"], platforms: ["telegram"] },
  },
  { platform: "cli", id: "bench" },
  { now: Date.now(), approved: true },
);
const token = "900001:bench";
const started = performance.now();
const worker = panah.alerts.start(TelegramDeliverer.create(token, apiURL), {
  pace: { perSecond, perChatSeconds: 1 },
  idleMs: 20,
});
for (;;) {
  const progress = await panah.store.alerts.progress(1);
  if (progress.sent + progress.failed === recipients) break;
  await new Promise((r) => setTimeout(r, 20));
}
const seconds = (performance.now() - started) / 1000;
await worker.stop();
await panah.close();
await emulator.stop();
rmSync(dataDir, { recursive: true, force: true });
const achieved = recipients / seconds;
console.log(
  JSON.stringify({
    recipients,
    perSecond,
    roundTripMs,
    seconds,
    achieved,
    fraction: achieved / perSecond,
  }),
);
