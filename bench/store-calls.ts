// Store calls per operation on a SQLite file, the way the answering path and the alert worker
// make them: `node bin/run-ts.js bench/store-calls.ts [ROOT]` prints microseconds per call as
// JSON. ROOT is a checkout whose store to measure (default this one); the comparison with an
// older checkout is made by running this once per checkout, alternately. Benchmarks, not tests: nothing is asserted.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AlertDraft } from "../src/alerts/alert.ts";
import type { Store } from "../src/store/store.ts";

/** Opens the store of the checkout at `root` on a new database in `dir`. */
async function openAt(root: string, dir: string): Promise<Store> {
  const open = async (file: string) => import(pathToFileURL(join(root, file)).href);
  try {
    return (await open("src/store/open.ts")).openStore({ dataDir: dir });
  } catch {
    // Before the Kysely store (6a9e710 and earlier).
    return (await open("src/store/sqlite-store.ts")).SqliteStore.open(dir);
  }
}

const draft: AlertDraft = {
  kind: "notice",
  severity: "info",
  text: { en: "Hello" },
  audience: { languages: ["en"], platforms: ["telegram"] },
};

/**
 * Microseconds of this process's CPU time per call of `call`, the best of five rounds of `n`
 * after a warm-up. CPU time rather than the clock: on a machine others share, the clock
 * counts their work too, and two runs of one checkout differed by half.
 */
async function perCall(n: number, call: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await call(i);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await call(i);
    const { user, system } = process.cpuUsage(start);
    best = Math.min(best, (user + system) / n);
  }
  return best;
}

export async function storeCallFigures(root: string) {
  const dir = mkdtempSync(join(tmpdir(), "panah-store-bench-"));
  const store = await openAt(root, dir);
  try {
    const user = (i: number) => ({ platform: "telegram" as const, userId: `u${i % 1000}` });
    const users = Array.from({ length: 1000 }, (_, i) => user(i));
    for (const user of users) await store.setLanguage(user, "en");
    const getLanguage = await perCall(2000, (i) => store.getLanguage(user(i)));
    // New the first time, unchanged after: a /subscribe repeated is common.
    const subscribe = await perCall(1000, (i) =>
      store.subscribe({ ...user(i), chatId: "c", language: "en" }),
    );
    const createAlert = await perCall(200, () =>
      store.alerts.createAlert(draft, { platform: "cli", id: "ops" }, { now: 1, approved: false }),
    );
    // Deliveries enough for every round: one alert to all 1000 subscribers, released many times.
    let claimed = 0;
    const claimAndMarkSent = await perCall(500, async () => {
      let delivery = await store.alerts.claimDelivery("telegram", 1);
      if (!delivery) {
        await store.alerts.createAlert(
          draft,
          { platform: "cli", id: "ops" },
          { now: 1, approved: true },
        );
        delivery = await store.alerts.claimDelivery("telegram", 1);
      }
      if (delivery) await store.alerts.markSent(delivery);
      claimed++;
    });
    return { getLanguage, subscribe, createAlert, claimAndMarkSent, claimed };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === resolve(process.argv[1] ?? "")) {
  const root = resolve(process.argv[2] ?? join(import.meta.dirname, ".."));
  console.log(JSON.stringify(await storeCallFigures(root)));
}
