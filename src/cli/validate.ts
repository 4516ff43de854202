import { resolve } from "node:path";
import { loadKnowledge } from "../knowledge/loader.ts";
import { formatProblem, hasErrors } from "../knowledge/problems.ts";
import type { CliContext } from "./context.ts";

/** `panah validate [DIR] [--json]`: checks a knowledge base; exit 1 when it has errors. */
export async function validate(cli: CliContext, dir: string, json: boolean): Promise<number> {
  const absolute = resolve(dir);
  const { kb, problems } = await loadKnowledge(absolute);
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
