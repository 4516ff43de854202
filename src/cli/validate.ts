import { resolve } from "node:path";
import { cacheDirs } from "../engine/knowledge.ts";
import { qualityWarnings } from "../eval/quality.ts";
import { gateFor } from "../gate/trained-gate.ts";
import { loadKnowledge } from "../knowledge/loader.ts";
import { formatProblem, hasErrors } from "../knowledge/problems.ts";
import type { CliContext } from "./context.ts";

/** Answers older than this many days are flagged for review, unless `--stale-days` says otherwise. */
export const DEFAULT_STALE_DAYS = 180;

/**
 * `panah validate [DIR] [--json] [--stale-days N]`: checks a knowledge base; exit 1 when it
 * has errors. Warnings (stale answers, examples that would route to another topic, a missing
 * language) do not fail it.
 */
export async function validate(
  cli: CliContext,
  dir: string,
  json: boolean,
  staleDays = DEFAULT_STALE_DAYS,
): Promise<number> {
  const absolute = resolve(dir);
  const { kb, problems } = await loadKnowledge(absolute);
  if (kb) {
    // The gate `start` and `eval` route with: trained now if this base is new, and cached.
    const { gate: settings, ...thresholds } = cli.config.routing;
    const gate = await gateFor(kb, settings, { dirs: cacheDirs(cli.env), logger: cli.logger });
    problems.push(
      ...qualityWarnings(kb, {
        today: new Date().toISOString().slice(0, 10),
        staleDays,
        thresholds,
        ...(gate ? { gate } : {}),
      }),
    );
  }
  const failed = hasErrors(problems);
  if (json) {
    cli.stdout.write(`${JSON.stringify({ ok: !failed, dir: absolute, problems })}\n`);
    return failed ? 1 : 0;
  }
  for (const problem of problems)
    (problem.severity === "error" ? cli.stderr : cli.stdout).write(`${formatProblem(problem)}\n`);
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  if (failed || !kb) {
    cli.stderr.write(
      `\n${absolute}: ${errors} error(s), ${warnings} warning(s). Fix the errors above; Panah will not load this knowledge base.\n`,
    );
    return 1;
  }
  cli.stdout.write(
    `${absolute}: OK. ${kb.topics.size} topics, ${kb.sources.size} sources, ${kb.facts.size} facts; ${warnings} warning(s).\n`,
  );
  return 0;
}
