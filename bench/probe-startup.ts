// Run as a child process by the benchmark: prints how long it took, from the process's start,
// to have the knowledge loaded and the router built, to answer the first question, and the
// resident memory after start-up and after 10,000 questions.
import { BUNDLED_KNOWLEDGE_DIR, loadRouter } from "../src/engine/knowledge.ts";

const sinceStart = () => performance.now();
const { router } = await loadRouter(BUNDLED_KNOWLEDGE_DIR);
const readyMs = sinceStart();
router.route("Is Bale safe?");
const firstAnswerMs = sinceStart();
globalThis.gc?.();
const { rss: rssAfterStart, heapUsed: heapAfterStart } = process.memoryUsage();
const questions = [
  "Is Bale safe?",
  "بله امن است؟",
  "which vpn works in iran",
  "واتساپ امنه؟",
  "how do i help people get online",
  "what's the weather",
];
for (let i = 0; i < 10_000; i++) router.route(`${questions[i % questions.length]} ${i % 97}`);
globalThis.gc?.();
const { rss: rssAfter10k, heapUsed: heapAfter10k } = process.memoryUsage();
const mb = (bytes: number) => bytes / 2 ** 20;
console.log(
  JSON.stringify({
    readyMs,
    firstAnswerMs,
    rssAfterStartMb: mb(rssAfterStart),
    rssAfter10kMb: mb(rssAfter10k),
    heapAfterStartMb: mb(heapAfterStart),
    heapAfter10kMb: mb(heapAfter10k),
  }),
);
