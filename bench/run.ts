// `npm run bench`: routing latency, throughput and accuracy on the bundled knowledge base
// beside a plain fuse.js baseline measured in the same process; how latency grows with the
// knowledge base; start-up time and memory. Prints each figure beside its target and writes
// bench/results.json. Benchmarks, not tests: figures are reported, never asserted.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { BUNDLED_EVAL_DIR } from "../src/cli/eval.ts";
import { BUNDLED_KNOWLEDGE_DIR, loadRouter } from "../src/engine/knowledge.ts";
import { loadParaphraseSet } from "../src/eval/paraphrase-set.ts";
import { Router } from "../src/router/router.ts";
import { LANGUAGES } from "../src/text/language.ts";
import { adversarialFigures } from "./adversarial.ts";
import { gateFigures } from "./gate.ts";
import { fuseBaselineFigures, type Question, routerFigures } from "./routing.ts";
import { scaledKnowledge } from "./synthetic.ts";

const ROOT = join(import.meta.dirname, "..");
const { kb, router } = await loadRouter(BUNDLED_KNOWLEDGE_DIR);
const questions: Question[] = [];
for (const language of LANGUAGES) {
  const set = await loadParaphraseSet(
    join(BUNDLED_EVAL_DIR, `paraphrases.${language}.yaml`),
    language,
  );
  for (const [intent, texts] of Object.entries(set.topics))
    for (const text of texts) questions.push({ text, language, intent });
  for (const text of set.out_of_scope) questions.push({ text, language, intent: null });
}
const countExamples = (k: typeof kb) =>
  [...k.topics.values()].reduce(
    (n, t) => n + (t.content.en?.examples.length ?? 0) + (t.content.fa?.examples.length ?? 0),
    0,
  );

// Routing beside the baseline
const panah = routerFigures(router, questions, 50);
const baseline = fuseBaselineFigures(kb, questions, 1);
// What the out-of-scope gate costs, and the lexical router alone beside it
const gate = gateFigures(kb, questions, 20);

// Hostile messages: the worst a message up to 4,096 characters can cost, beside the median
const adversarial = adversarialFigures(router);

// Growth: the same questions on 10× and 100× the topics
const growth = [1, 10, 100].map((factor) => {
  const scaled = factor === 1 ? kb : scaledKnowledge(kb, factor);
  const built = performance.now();
  const scaledRouter = factor === 1 ? router : new Router(scaled);
  const buildMs = performance.now() - built;
  const figures = routerFigures(scaledRouter, questions, factor === 100 ? 5 : 20);
  return {
    factor,
    topics: scaled.topics.size,
    examples: countExamples(scaled),
    buildMs,
    ...figures,
  };
});

// Start-up and memory, in fresh processes (the median of three)
const probes = [0, 1, 2].map(() =>
  JSON.parse(
    execFileSync(
      process.execPath,
      ["--expose-gc", join(ROOT, "bin", "run-ts.js"), join(ROOT, "bench", "probe-startup.ts")],
      {
        encoding: "utf8",
      },
    ),
  ),
);
const medianOf = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const median = (key: string) => medianOf(probes.map((p) => p[key] as number));
const cliStarted = performance.now();
execFileSync(process.execPath, [join(ROOT, "bin", "panah.js"), "ask", "--json", "Is Bale safe?"], {
  encoding: "utf8",
  cwd: ROOT,
});
const cliFirstAnswerMs = performance.now() - cliStarted;
// Through Telegram, and alert broadcasts: each in processes of its own, emulator included
const runJson = (script: string, ...args: string[]) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [join(ROOT, "bin", "run-ts.js"), join(ROOT, "bench", script), ...args],
      {
        encoding: "utf8",
      },
    )
      .trim()
      .split("\n")
      .at(-1) ?? "{}",
  );
const telegram = runJson("telegram-throughput.ts", "500", "4");
const healthz = runJson("healthz-flood.ts", "20", "200");
// Against an emulator that answers at once, then with a 100 ms round trip, as a Telegram far
// away answers: the pace must hold there too (the worker sizes its sends in flight from it).
const broadcasts = [
  runJson("alerts.ts", "5000", "200"),
  runJson("alerts.ts", "5000", "500"),
  runJson("alerts.ts", "750", "25", "100"),
  runJson("alerts.ts", "1500", "60", "100"),
];

// Store calls, as CPU time per call; beside an older checkout's when PANAH_BENCH_BASELINE names
// one (the comparison #18 asks for: `git worktree add /tmp/old dc55c36`), run alternately.
const STORE_CALLS = ["getLanguage", "subscribe", "createAlert", "claimAndMarkSent"] as const;
type StoreCalls = Record<(typeof STORE_CALLS)[number], number>;
const baselineRoot = process.env.PANAH_BENCH_BASELINE;
const storeRuns: { now: StoreCalls; before?: StoreCalls }[] = [0, 1, 2].map(() => ({
  now: runJson("store-calls.ts"),
  ...(baselineRoot ? { before: runJson("store-calls.ts", baselineRoot) } : {}),
}));
const storeCall = (key: keyof StoreCalls) => ({
  us: medianOf(storeRuns.map((r) => r.now[key])),
  ratio: baselineRoot
    ? medianOf(storeRuns.map((r) => r.now[key] / (r.before?.[key] ?? Number.NaN)))
    : undefined,
});
const storeCalls = Object.fromEntries(STORE_CALLS.map((call) => [call, storeCall(call)]));

const startup = {
  readyMs: median("readyMs"),
  firstAnswerMs: median("firstAnswerMs"),
  cliFirstAnswerMs,
  rssAfterStartMb: median("rssAfterStartMb"),
  rssAfter10kMb: median("rssAfter10kMb"),
  heapAfterStartMb: median("heapAfterStartMb"),
  heapAfter10kMb: median("heapAfter10kMb"),
};

// Report
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f1 = (x: number) => x.toFixed(1);
const rows: string[][] = [
  ["figure", "measured", "target", "baseline / note"],
  [
    "routing median latency",
    `${f1(panah.medianUs)} µs`,
    "< 100 µs",
    `fuse.js ${baseline.medianUs.toFixed(0)} µs (${(baseline.medianUs / panah.medianUs).toFixed(0)}× slower)`,
  ],
  [
    "routing p99 latency",
    `${f1(panah.p99Us)} µs`,
    "< 500 µs",
    `fuse.js ${baseline.p99Us.toFixed(0)} µs`,
  ],
  [
    "routing without the gate (lexical router alone)",
    `median ${f1(gate.lexical.medianUs)} µs, p99 ${f1(gate.lexical.p99Us)} µs`,
    "",
    `the gate adds ${f1(panah.medianUs - gate.lexical.medianUs)} µs at the median; top-1 ${pct(gate.lexical.top1)}`,
  ],
  [
    "out-of-scope gate: one judgement (median / p99)",
    `${f1(gate.judge.medianUs)} / ${f1(gate.judge.p99Us)} µs`,
    "",
    `weights ${f1(gate.modelMb)} MB in memory, cached file ${gate.fileMb === null ? "not found" : `${f1(gate.fileMb)} MB`}`,
  ],
  [
    "out-of-scope gate: training from scratch",
    `${(gate.trainingMs / 1000).toFixed(1)} s`,
    "",
    `${gate.trainingQuestions} questions; only on a cache miss (new install, edited base)`,
  ],
  [
    "questions / s, one core",
    panah.questionsPerSecond.toFixed(0),
    "≥ 100× baseline",
    `fuse.js ${baseline.questionsPerSecond.toFixed(0)} (${(panah.questionsPerSecond / baseline.questionsPerSecond).toFixed(0)}×)`,
  ],
  [
    "top-1 accuracy, paraphrases",
    pct(panah.top1),
    "above baseline",
    `fuse.js ${pct(baseline.top1)}`,
  ],
  [
    "adversarial messages (≤ 4,096 chars), median / worst",
    `${adversarial.medianMs.toFixed(2)} / ${adversarial.worstMs.toFixed(2)} ms`,
    "worst well under 10 ms",
    `worst case: ${[...adversarial.cases].sort((a, b) => b.worstMs - a.worstMs)[0]?.name ?? ""}`,
  ],
  [
    "/healthz latency, quiet → adversarial flood (median / p99)",
    `${healthz.quiet.medianMs.toFixed(1)} / ${healthz.quiet.p99Ms.toFixed(1)} ms → ${healthz.flood.medianMs.toFixed(1)} / ${healthz.flood.p99Ms.toFixed(1)} ms`,
    "",
    `${healthz.attackers} flooders, rate limit off: ${healthz.messagesPerSecond.toFixed(0)} hostile messages/s`,
  ],
  ...growth.map((g) => [
    `${g.factor}× topics (${g.topics} topics, ${g.examples} examples)`,
    `median ${f1(g.medianUs)} µs, p99 ${f1(g.p99Us)} µs`,
    g.factor === 1 ? "" : "well below linear",
    g.factor === 1
      ? `index built at start-up`
      : `${(g.medianUs / (growth[0]?.medianUs ?? 1)).toFixed(1)}× the 1× median; index ${g.buildMs.toFixed(0)} ms`,
  ]),
  [
    "start-up to ready (process start → router built)",
    `${startup.readyMs.toFixed(0)} ms`,
    "< 1 s",
    "TypeScript from its checked esbuild build, the gate from its cached file",
  ],
  [
    "start-up to first answer",
    `${startup.firstAnswerMs.toFixed(0)} ms`,
    "< 1 s",
    `whole \`panah ask\` command: ${startup.cliFirstAnswerMs.toFixed(0)} ms`,
  ],
  [
    `Telegram end to end (${telegram.people} people, ${telegram.messages} questions)`,
    `${telegram.perSecond.toFixed(0)} answers/s`,
    "",
    `${telegram.answered} of ${telegram.messages} answered; grammy → emulator over HTTP`,
  ],
  ...broadcasts.map((b) => [
    `alert broadcast, ${b.recipients} recipients at ${b.perSecond}/s${b.roundTripMs ? `, ${b.roundTripMs} ms round trip` : ""}`,
    `${b.achieved.toFixed(0)}/s = ${b.fraction.toFixed(3)} of the pace`,
    "≥ 0.95",
    `${b.seconds.toFixed(1)} s, start-up included; Telegram's own limit is about 30/s`,
  ]),
  [
    "store calls on a SQLite file, CPU per call",
    Object.entries(storeCalls)
      .map(([name, c]) => `${name} ${c.us.toFixed(0)} µs`)
      .join(", "),
    "",
    baselineRoot
      ? `÷ baseline: ${Object.entries(storeCalls)
          .map(([name, c]) => `${name} ${c.ratio?.toFixed(2)}×`)
          .join(", ")}`
      : "PANAH_BENCH_BASELINE=<older checkout> adds ratios",
  ],
  ["resident memory after start-up", `${f1(startup.rssAfterStartMb)} MB`, "< 150 MB", ""],
  [
    "resident memory after 10,000 questions",
    `${f1(startup.rssAfter10kMb)} MB`,
    "< 150 MB",
    `${(startup.rssAfter10kMb - startup.rssAfterStartMb).toFixed(1)} MB more (compiled code, allocator)`,
  ],
  [
    "JS heap, start-up → 10,000 questions",
    `${f1(startup.heapAfterStartMb)} → ${f1(startup.heapAfter10kMb)} MB`,
    "no growth beyond noise",
    "after a full GC: what a leak would grow",
  ],
];
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
console.log(
  `Knowledge base: ${kb.topics.size} topics, ${countExamples(kb)} examples; ${questions.length} labelled questions (en + fa, with out-of-scope)\n`,
);
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  "));

const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version };
console.log(`\nMachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
// Everything printed above, with the machine and the date, so runs can be compared.
const results = {
  date: new Date().toISOString().slice(0, 10),
  machine,
  knowledge: { topics: kb.topics.size, examples: countExamples(kb), questions: questions.length },
  routing: { panah, baseline },
  gate,
  adversarial,
  healthz,
  growth,
  startup,
  telegram,
  broadcasts,
  storeCalls,
};
writeFileSync(join(import.meta.dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
