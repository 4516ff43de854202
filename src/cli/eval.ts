import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { BUNDLED_KNOWLEDGE_DIR, loadRouter } from "../engine/knowledge.ts";
import {
  type Confusion,
  ConfusionTally,
  type LanguageReport,
  leaveOneOut,
  type Score,
  type SetScore,
  scoreParaphrases,
} from "../eval/evaluate.ts";
import { loadEverydaySet, scoreEveryday } from "../eval/everyday-set.ts";
import { loadParaphraseSet } from "../eval/paraphrase-set.ts";
import { CORPORA_DIR } from "../gate/background.ts";
import { LANGUAGES, type Language } from "../text/language.ts";
import type { CliContext } from "./context.ts";

/** The paraphrase sets that ship with Panah, beside its tests. */
export const BUNDLED_EVAL_DIR = resolve(BUNDLED_KNOWLEDGE_DIR, "..", "test", "eval");

/**
 * The everyday sets measured per language: the public test partitions (never trained or tuned
 * on) and the held-out questions written for Panah before the gate was tuned.
 */
const EVERYDAY_SETS: Record<Language, { name: string; file: (setDir: string) => string }[]> = {
  en: [
    { name: "CLINC150 test", file: () => join(CORPORA_DIR, "clinc150", "test.en.txt") },
    { name: "held-out everyday", file: (setDir) => join(setDir, "everyday.en.yaml") },
  ],
  fa: [
    { name: "MASSIVE fa-IR test", file: () => join(CORPORA_DIR, "massive-fa", "test.fa.txt") },
    { name: "held-out everyday", file: (setDir) => join(setDir, "everyday.fa.yaml") },
  ],
};

/**
 * `panah eval [DIR] [--set DIR] [--json] [--fail-under PCT]`: leave-one-out accuracy over the
 * knowledge base's examples, accuracy on the labelled paraphrase sets, and out-of-scope
 * rejection, per language. `--fail-under` exits 1 when paraphrase top-1 accuracy in any
 * language is below the given fraction or percentage (a CI gate: `--fail-under 0.9`).
 */
export async function evaluate(
  cli: CliContext,
  args: { dir: string; setDir: string; json: boolean; failUnder?: number },
): Promise<number> {
  const { kb, router } = await loadRouter(args.dir, cli.config.routing);
  const reports: LanguageReport[] = [];
  for (const language of LANGUAGES) {
    const confusions = new ConfusionTally();
    const report: LanguageReport = {
      language,
      leaveOneOut: leaveOneOut(kb, language, router.thresholds, confusions),
      confusions: [],
    };
    const score = async (name: string, tally: ConfusionTally): Promise<SetScore | undefined> => {
      const file = join(args.setDir, `${name}.${language}.yaml`);
      if (!existsSync(file)) return undefined;
      const set = await loadParaphraseSet(file, language);
      const unknown = Object.keys(set.topics).filter((id) => !kb.topics.has(id));
      if (unknown.length > 0)
        cli.stderr.write(`${file}: labels that are not topics: ${unknown.join(", ")}\n`);
      return scoreParaphrases(router, set, tally);
    };
    Object.assign(report, await score("paraphrases", confusions));
    // The held-out set's confusions are not listed: whoever tunes by the listed ones would be
    // tuning on it.
    const heldOut = await score("holdout", new ConfusionTally());
    if (heldOut) report.heldOut = heldOut;
    const devConfusions = new ConfusionTally();
    const dev = await score("dev", devConfusions);
    if (dev) {
      report.dev = dev;
      report.devConfusions = devConfusions.top(5);
    }
    report.everyday = [];
    for (const { name, file } of EVERYDAY_SETS[language]) {
      const path = file(args.setDir);
      if (!existsSync(path)) continue;
      const set = await loadEverydaySet(path, name, language);
      report.everyday.push(scoreEveryday((q) => router.route(q, language), set));
    }
    report.confusions = confusions.top(5);
    reports.push(report);
  }
  if (args.json)
    cli.stdout.write(`${JSON.stringify({ thresholds: router.thresholds, languages: reports })}\n`);
  else cli.stdout.write(formatReports(reports));

  if (args.failUnder !== undefined) {
    const below = reports.filter(
      (r) => (r.paraphrases?.top1 ?? r.leaveOneOut.top1) * 100 < (args.failUnder ?? 0),
    );
    if (below.length > 0) {
      cli.stderr.write(
        `eval: accuracy below ${args.failUnder}% in ${below.map((r) => r.language).join(", ")}\n`,
      );
      return 1;
    }
  }
  return 0;
}

const LABEL_WIDTH = "held-out paraphrases".length;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function scoreLine(name: string, s: Score): string {
  return `  ${name.padEnd(LABEL_WIDTH)} n=${String(s.total).padEnd(4)} top-1 ${pct(s.top1)}  top-3 ${pct(s.top3)}  answered ${pct(s.answered)}: right ${pct(s.answeredCorrectly)}, wrong ${pct(s.answeredWrongly)}  answered or offered ${pct(s.answeredOrOffered)}  fallback ${pct(s.fallback)}`;
}

function confusionLines(heading: string, confusions: Confusion[]): string[] {
  if (confusions.length === 0) return [];
  return [
    `  ${heading}`,
    ...confusions.map((c) => `    ${c.expected} → ${c.got} ×${c.count}: "${c.examples[0]}"`),
  ];
}

function formatReports(reports: LanguageReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${r.language}:`);
    out.push(scoreLine("leave-one-out", r.leaveOneOut));
    for (const [name, set] of [
      [
        "",
        r.paraphrases && r.outOfScope
          ? { paraphrases: r.paraphrases, outOfScope: r.outOfScope }
          : undefined,
      ],
      ["held-out ", r.heldOut],
      ["dev ", r.dev],
    ] as const) {
      if (!set) continue;
      out.push(scoreLine(`${name}paraphrases`, set.paraphrases));
      out.push(
        `  ${`${name}out-of-scope`.padEnd(LABEL_WIDTH)} n=${String(set.outOfScope.total).padEnd(4)} rejected ${pct(set.outOfScope.rejected)}  answered wrongly ${pct(set.outOfScope.answered)}`,
      );
      for (const wrong of set.outOfScope.examplesAnswered)
        out.push(`    answered out-of-scope: "${wrong.question}" → ${wrong.intent}`);
    }
    for (const e of r.everyday ?? []) {
      out.push(
        `  ${e.name.padEnd(LABEL_WIDTH)} n=${String(e.total).padEnd(4)} answered ${pct(e.answered)}  offered ${pct(e.offered)}  fallback ${pct(e.fallback)}`,
      );
      for (const wrong of e.examplesAnswered)
        out.push(`    answered everyday: "${wrong.question}" → ${wrong.intent}`);
    }
    out.push(...confusionLines("most confused (expected → routed):", r.confusions));
    out.push(...confusionLines("dev set, most confused:", r.devConfusions ?? []));
  }
  return `${out.join("\n")}\n`;
}
