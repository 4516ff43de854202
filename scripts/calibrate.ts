// Grid search of the routing thresholds (the router's answer and margin, the gate's doubt,
// confirm and dispute) on the TUNING sets only: the paraphrase and dev sets, CLINC val and
// MASSIVE dev. The held-out and test sets are never read here: they measure what this tunes.
//
//   node bin/run-ts.js scripts/calibrate.ts [--now] [knowledge-dir]
//
// Prints, per language, how today's defaults do on each tuning set (only that, with `--now`:
// the check to run after editing examples) and the best settings that keep every tuning set's
// wrong answers and everyday answers under the limits below, ranked by right answers.
import { join } from "node:path";
import { loadRouter } from "../src/engine/knowledge.ts";
import { loadParaphraseSet } from "../src/eval/paraphrase-set.ts";
import { readQuestions } from "../src/gate/background.ts";
import { DEFAULT_GATE, type GateThresholds, gateRoute } from "../src/gate/gate-route.ts";
import { DEFAULT_THRESHOLDS, type Route, Router } from "../src/router/router.ts";
import { LANGUAGES, type Language } from "../src/text/language.ts";
import { wordsOf } from "../src/text/words.ts";

const ROOT = join(import.meta.dirname, "..");
const MAX_WRONG = 0.025;
const MAX_EVERYDAY: Record<Language, number> = { en: 0.015, fa: 0.02 };
const FULL_GRID = {
  answer: [0.2, 0.225, 0.25],
  margin: [0.1, 0.15, 0.2],
  doubt: [0.8, 0.85, 0.9],
  confirm: [0.4, 0.5, 0.6],
  dispute: [0.4, 0.6, 0.8],
};

interface Question {
  text: string;
  language: Language;
  /** The topic it belongs to; null for a question that must not be answered. */
  topic: string | null;
  set: string;
}

const onlyNow = process.argv.includes("--now");
const dirArgument = process.argv.slice(2).find((a) => !a.startsWith("--"));
const { kb, router } = await loadRouter(dirArgument ?? join(ROOT, "knowledge"));
if (!router.gate) throw new Error("the gate is off in this configuration: nothing to calibrate");
const GRID = onlyNow
  ? {
      answer: [DEFAULT_THRESHOLDS.answer],
      margin: [DEFAULT_THRESHOLDS.margin],
      doubt: [...new Set([DEFAULT_GATE.latin.doubt, DEFAULT_GATE.persian.doubt])],
      confirm: [...new Set([DEFAULT_GATE.latin.confirm, DEFAULT_GATE.persian.confirm])],
      dispute: [...new Set([DEFAULT_GATE.latin.dispute, DEFAULT_GATE.persian.dispute])],
    }
  : FULL_GRID;
const questions = await tuningQuestions();
const judgements = questions.map((q) => router.gate?.gate.judgeWords(wordsOf(q.text)));

type Tally = Record<
  string,
  { n: number; top1: number; right: number; wrong: number; answered: number }
>;
const results: { setting: Record<string, number>; tallies: Record<Language, Tally> }[] = [];
for (const answer of GRID.answer)
  for (const margin of GRID.margin) {
    const lexical = new Router(kb, { ...DEFAULT_THRESHOLDS, answer, margin });
    const routes = questions.map((q) => lexical.route(q.text, q.language));
    for (const doubt of GRID.doubt)
      for (const confirm of GRID.confirm)
        for (const dispute of GRID.dispute) {
          const t: GateThresholds = { doubt, reject: 1, confirm, dispute };
          const tallies = { en: {}, fa: {} } as Record<Language, Tally>;
          questions.forEach((q, i) => {
            const route = gated(routes[i], judgements[i], t);
            const tally = tallies[q.language];
            const b = tally[q.set] ?? { n: 0, top1: 0, right: 0, wrong: 0, answered: 0 };
            tally[q.set] = b;
            b.n++;
            if (q.topic && routes[i]?.alternatives[0]?.intent === q.topic) b.top1++;
            if (route?.decision !== "answer") return;
            b.answered++;
            if (route.intent === q.topic) b.right++;
            else b.wrong++;
          });
          results.push({ setting: { answer, margin, doubt, confirm, dispute }, tallies });
        }
  }

for (const language of LANGUAGES) {
  const now = { ...DEFAULT_THRESHOLDS, ...DEFAULT_GATE[language === "fa" ? "persian" : "latin"] };
  const isNow = (s: Record<string, number>) =>
    Object.entries(s).every(([k, v]) => now[k as keyof typeof now] === v);
  const within = results.filter(({ tallies }) =>
    Object.entries(tallies[language]).every(([set, b]) =>
      isTopicSet(set)
        ? b.wrong / b.n <= MAX_WRONG
        : set !== "everyday" || b.answered / b.n <= MAX_EVERYDAY[language],
    ),
  );
  const rightShare = (t: Tally) =>
    Object.entries(t)
      .filter(([set]) => isTopicSet(set))
      .reduce((sum, [, b]) => sum + b.right / b.n, 0);
  within.sort((a, b) => rightShare(b.tallies[language]) - rightShare(a.tallies[language]));
  console.log(`${language}:`);
  const current = results.find((r) => isNow(r.setting));
  console.log(`  now   ${current ? describe(current.tallies[language]) : "(not on the grid)"}`);
  if (onlyNow) continue;
  for (const r of within.slice(0, 5))
    console.log(`  ${JSON.stringify(r.setting)}\n        ${describe(r.tallies[language])}`);
  if (within.length === 0) console.log("  no setting on the grid keeps within the limits");
}

/** The router's route checked by the gate, as `Router.route` does with a gate. */
function gated(
  route: Route | undefined,
  judgement: ReturnType<NonNullable<typeof router.gate>["gate"]["judgeWords"]> | undefined,
  t: GateThresholds,
): Route | undefined {
  if (!route || !judgement || route.explanation.smalltalk || route.decision === "fallback")
    return route;
  return gateRoute(route, judgement, t);
}

function isTopicSet(set: string): boolean {
  return !set.endsWith("out-of-scope") && set !== "everyday";
}

function describe(t: Tally): string {
  const pct = (a: number, n: number) => `${((100 * a) / n).toFixed(1)}%`;
  return Object.entries(t)
    .map(([set, b]) =>
      isTopicSet(set)
        ? `${set} top-1 ${pct(b.top1, b.n)} right ${pct(b.right, b.n)} wrong ${pct(b.wrong, b.n)}`
        : `${set} answered ${pct(b.answered, b.n)}`,
    )
    .join(" · ");
}

async function tuningQuestions(): Promise<Question[]> {
  const out: Question[] = [];
  for (const language of LANGUAGES)
    for (const name of ["paraphrases", "dev"]) {
      const set = await loadParaphraseSet(
        join(ROOT, "test", "eval", `${name}.${language}.yaml`),
        language,
      );
      for (const [topic, list] of Object.entries(set.topics))
        for (const text of list) out.push({ text, language, topic, set: name });
      for (const text of set.out_of_scope)
        out.push({ text, language, topic: null, set: `${name} out-of-scope` });
    }
  const everyday = (file: string, language: Language) =>
    readQuestions(join(ROOT, "corpora", file)).map((text) => ({
      text,
      language,
      topic: null,
      set: "everyday",
    }));
  return [
    ...out,
    ...everyday("clinc150/val.en.txt", "en"),
    ...everyday("massive-fa/dev.fa.txt", "fa"),
  ];
}
