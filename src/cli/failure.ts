import { ConfigError } from "../config/config-error.ts";
import { KnowledgeError } from "../engine/knowledge.ts";
import { scrubLogLine } from "../ops/private-log.ts";
import { StoreError } from "../store/store.ts";

/** Log levels at which a failure also prints its stack trace (for a bug report). */
const DIAGNOSING = new Set(["debug", "trace"]);

/**
 * What `panah` prints when a command cannot go on, ending in one line that says what to fix.
 * A failure Panah foresaw (bad configuration, a database or platform it cannot use, a broken
 * knowledge base) prints its own message, which names the setting; anything else is a bug or an
 * unusual environment, so its line says so and how to see more: the stack trace only with
 * LOG_LEVEL=debug (or trace), as a mature CLI keeps its internals for when they are asked for.
 * Tokens, Matrix ids and long numbers (Telegram ids) are blanked out of both, as in the log.
 *
 * @example
 * cli.stderr.write(failureReport(error, "start", cli.env.LOG_LEVEL));
 */
export function failureReport(error: unknown, command: string, logLevel?: string): string {
  if (isExplained(error)) return `${scrubLogLine(`panah: ${error.message}`)}\n`;
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const diagnosing = DIAGNOSING.has(logLevel?.trim().toLowerCase() ?? "");
  const stack = diagnosing && error instanceof Error && error.stack ? `${error.stack}\n` : "";
  const advice = diagnosing
    ? "the stack trace is above; please report it"
    : "run it again with LOG_LEVEL=debug to print the stack trace, and report it";
  return scrubLogLine(
    `${stack}panah ${command}: stopped by an unexpected error (${what}): ${advice}\n`,
  );
}

/** A failure whose message already says what happened and what to fix. */
export function isExplained(error: unknown): error is Error {
  return (
    error instanceof KnowledgeError || error instanceof StoreError || error instanceof ConfigError
  );
}
