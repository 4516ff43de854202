// Run as a child process by the benchmark: how fast `/healthz` answers while the process is
// quiet, and while attackers flood the engine with the adversarial corpus (one event loop
// serves both, so a message that stalls routing stalls the health check, every other chat and
// alert delivery with it). Prints one JSON line.
import { request } from "node:http";
import pino from "pino";
import { createPanah } from "../src/app.ts";
import { BUNDLED_KNOWLEDGE_DIR } from "../src/engine/knowledge.ts";
import { startOpsServer } from "../src/ops/ops-server.ts";
import { adversarialMessages } from "./adversarial.ts";

const ATTACKERS = Number(process.argv[2] ?? 20);
const PROBES = Number(process.argv[3] ?? 200);

const logger = pino({ level: "silent" });
const panah = await createPanah({
  logger,
  knowledgeDir: BUNDLED_KNOWLEDGE_DIR,
  // Measured here is the engine's work, not the rate limiter turning the flood away.
  rateLimit: { burst: 1_000_000, perMinute: 1_000_000 },
});
const ops = await startOpsServer({
  port: 0,
  host: "127.0.0.1",
  metrics: panah.metrics,
  readiness: () => ({ ready: true, phase: "running", checks: {} }),
  logger,
});

const healthz = () =>
  new Promise<number>((resolve, reject) => {
    const started = performance.now();
    request({ host: "127.0.0.1", port: ops.port, path: "/healthz", agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(performance.now() - started));
    })
      .on("error", reject)
      .end();
  });

async function probe(): Promise<{ medianMs: number; p99Ms: number; worstMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    times.push(await healthz());
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { medianMs: at(0.5), p99Ms: at(0.99), worstMs: times.at(-1) ?? 0 };
}

const quiet = await probe();
let flooding = true;
let handled = 0;
const corpus = adversarialMessages();
const attackers = Array.from({ length: ATTACKERS }, async (_, i) => {
  for (let n = 0; flooding; n++) {
    const { text } = corpus[(i + n) % corpus.length] ?? { text: "" };
    await panah.engine.handle({
      platform: "telegram",
      userId: `attacker-${i}`,
      chatId: `attacker-${i}`,
      isDirect: true,
      text: `${text} ${n}`,
    });
    handled++;
    await new Promise((resolve) => setImmediate(resolve));
  }
});
const floodStarted = performance.now();
const flood = await probe();
flooding = false;
await Promise.all(attackers);
const messagesPerSecond = handled / ((performance.now() - floodStarted) / 1000);
await ops.close();
await panah.close();
console.log(JSON.stringify({ attackers: ATTACKERS, quiet, flood, messagesPerSecond }));
