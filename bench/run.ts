// `npm run bench`: routing latency, throughput and accuracy on the bundled knowledge base,
// beside a plain fuse.js baseline measured in the same process. Prints a table and writes
// bench/results.json. Benchmarks, not tests: figures are reported, never asserted.
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { BUNDLED_KNOWLEDGE_DIR, loadRouter } from "../src/app.ts";
import { BUNDLED_EVAL_DIR } from "../src/cli/eval.ts";
import { loadParaphraseSet } from "../src/eval/paraphrase-set.ts";
import { LANGUAGES } from "../src/text/language.ts";
import { fuseBaselineFigures, type Question, routerFigures } from "./routing.ts";

const { kb, router } = await loadRouter(BUNDLED_KNOWLEDGE_DIR);
const questions: Question[] = [];
for (const language of LANGUAGES) {
  const set = await loadParaphraseSet(join(BUNDLED_EVAL_DIR, `paraphrases.${language}.yaml`), language);
  for (const [intent, texts] of Object.entries(set.topics)) for (const text of texts) questions.push({ text, language, intent });
  for (const text of set.out_of_scope) questions.push({ text, language, intent: null });
}

const panah = routerFigures(router, questions, 50);
const baseline = fuseBaselineFigures(kb, questions, 1);
const examples = [...kb.topics.values()].reduce((n, t) => n + (t.content.en?.examples.length ?? 0) + (t.content.fa?.examples.length ?? 0), 0);

const rows = [
  ["", "Panah router", "fuse.js baseline", "ratio"],
  ["median latency (µs)", panah.medianUs.toFixed(1), baseline.medianUs.toFixed(0), `${(baseline.medianUs / panah.medianUs).toFixed(0)}× faster`],
  ["p99 latency (µs)", panah.p99Us.toFixed(1), baseline.p99Us.toFixed(0), `${(baseline.p99Us / panah.p99Us).toFixed(0)}× faster`],
  ["questions / s (one core)", panah.questionsPerSecond.toFixed(0), baseline.questionsPerSecond.toFixed(0), `${(panah.questionsPerSecond / baseline.questionsPerSecond).toFixed(0)}×`],
  ["top-1 accuracy (paraphrases)", pct(panah.top1), pct(baseline.top1), `${((panah.top1 - baseline.top1) * 100).toFixed(1)} points`],
];
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
console.log(`Routing: ${kb.topics.size} topics, ${examples} examples, ${questions.length} labelled questions (en + fa, incl. out-of-scope)`);
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  "));

const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version };
console.log(`\nMachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
const results = { date: new Date().toISOString().slice(0, 10), machine, routing: { topics: kb.topics.size, examples, questions: questions.length, panah, baseline } };
writeFileSync(join(import.meta.dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
