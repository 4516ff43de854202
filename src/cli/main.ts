import { parseArgs } from "node:util";
import { createPanah, dataDir } from "../app.ts";
import { loadConfig } from "../config/load.ts";
import { DEFAULT_CONFIG } from "../config/schema.ts";
import { Platforms } from "../core/platform.ts";
import { knowledgeDir } from "../engine/knowledge.ts";
import { KnowledgeReloader } from "../engine/reloader.ts";
import { createLogger, logLevel } from "../log.ts";
import { ask } from "./ask.ts";
import { chat } from "./chat.ts";
import type { CliContext } from "./context.ts";
import { BUNDLED_EVAL_DIR } from "./eval.ts";
import { failureReport } from "./failure.ts";
import { topics } from "./topics.ts";
import { validate } from "./validate.ts";

/** The usage text; the platforms are the installed adapters'. */
function usage(platforms: Platforms): string {
  const titles = platforms.specs.map((p) => p.title.en).join(", ");
  return `Usage: panah <command> [options]

Commands:
  start                 run the configured adapters (${titles}); with none, a terminal chat
  chat                  chat with Panah in the terminal
  ask [--json] [--explain] TEXT
                        route one question; TEXT "-" reads one question per line from stdin
  topics [--json]       list the topics and their languages
  validate [DIR] [--json] [--stale-days N]
                        check a knowledge base (default: the one in use); exit 1 on errors;
                        warns of answers not reviewed for N days (180) and confusable examples
  eval [DIR] [--set DIR] [--json] [--fail-under PCT]
                        measure routing accuracy and out-of-scope rejection
  unanswered [--json]   questions that got the fallback, grouped (when the config keeps them)
  alert send FILE.yaml [--dry-run] | alert list [--json] | alert status ID [--json]
                        queue an alert for the running Panah to deliver; list alerts; one's progress
  status [--cached] [--json]
                        live measurements (IODA, OONI) now, or as cached, when \`status:\` is set
  export [DIR] [--format html] [--out FILE]
                        the offline guide: every answer, both languages, in one HTML page
                        (to stdout when piped, else panah-guide-<date>.html; --out - for stdout)

Environment: PANAH_CONFIG (configuration file, default ./panah.yaml), PANAH_KNOWLEDGE_DIR
(knowledge base), PANAH_DATA_DIR (database, default ./data), DATABASE_URL (PostgreSQL instead,
for several replicas), PANAH_HTTP_PORT and PANAH_HTTP_HOST (health and metrics, overriding the
file), LOG_LEVEL${platforms.specs.map((p) => `, ${p.environment[0]}`).join("")}. All of them: docs/operations.md.
`;
}

/**
 * `panah start`, loaded on demand: the platform libraries (grammy, matrix-js-sdk and its
 * crypto) take most of a second to load, which `ask`, `validate` and `eval` should not pay.
 */
async function startAdapters(
  cli: CliContext,
  panah: Parameters<typeof import("./start.ts").start>[1],
  reloads: KnowledgeReloader,
) {
  const { start } = await import("./start.ts");
  return start(cli, panah, {}, reloads);
}

/**
 * Runs the `panah` command line; returns the exit code. A command that cannot go on prints one
 * line saying what to fix and returns 1 (see {@link failureReport}); it never throws.
 */
export async function main(argv: string[], context?: Partial<CliContext>): Promise<number> {
  try {
    return await run(argv, context);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      (context?.stderr ?? process.stderr).write(
        `panah: ${(error as Error).message}\n\n${usage(new Platforms(context?.adapters))}`,
      );
      return 2;
    }
    const env = context?.env ?? process.env;
    (context?.stderr ?? process.stderr).write(failureReport(error, argv[0] ?? "", env.LOG_LEVEL));
    return 1;
  }
}

async function run(argv: string[], context?: Partial<CliContext>): Promise<number> {
  const [command, ...rest] = argv;
  const platforms = new Platforms(context?.adapters);
  // With a platform configured, `start` runs a service whose log matters; otherwise it is a chat.
  const platformConfigured = platforms.anyConfigured(process.env);
  const quiet =
    command === "chat" || command === "ask" || (command === "start" && !platformConfigured);
  const cli: CliContext = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    config: DEFAULT_CONFIG,
    adapters: [],
    ...context,
    // In a terminal conversation, only warnings: log lines must not interleave with answers.
    logger:
      context?.logger ??
      createLogger({ level: logLevel(process.env.LOG_LEVEL) ?? (quiet ? "warn" : "info") }),
  };
  if (!context?.config && command !== "validate" && command !== "help")
    cli.config = (await loadConfig(cli.env, platforms)).config;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      explain: { type: "boolean", default: false },
      set: { type: "string" },
      "fail-under": { type: "string" },
      "stale-days": { type: "string" },
      "dry-run": { type: "boolean", default: false },
      cached: { type: "boolean", default: false },
      format: { type: "string", default: "html" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || command === "help" || command === "--help" || command === "-h") {
    cli.stdout.write(usage(platforms));
    return 0;
  }
  switch (command) {
    case undefined:
      cli.stderr.write(usage(platforms));
      return 2;
    case "ask": {
      const text = positionals.join(" ");
      if (!text) {
        cli.stderr.write(
          'panah ask: give a question, e.g. panah ask "Is Bale safe?" (or - to read stdin)\n',
        );
        return 2;
      }
      return await ask(cli, { text, json: values.json, explain: values.explain });
    }
    case "topics":
      return await topics(cli, positionals[0] ?? knowledgeDir(cli.env), values.json);
    case "validate": {
      const staleDays =
        values["stale-days"] === undefined ? undefined : Number(values["stale-days"]);
      if (staleDays !== undefined && !(Number.isInteger(staleDays) && staleDays > 0)) {
        cli.stderr.write("panah validate: --stale-days takes a whole number of days, e.g. 180\n");
        return 2;
      }
      return await validate(cli, positionals[0] ?? knowledgeDir(cli.env), values.json, staleDays);
    }
    case "eval": {
      const given = values["fail-under"] === undefined ? undefined : Number(values["fail-under"]);
      if (given !== undefined && !(given >= 0 && given <= 100)) {
        cli.stderr.write("panah eval: --fail-under takes a fraction (0.9) or a percentage (90)\n");
        return 2;
      }
      // 0.9 and 90 both mean ninety percent.
      const failUnder = given !== undefined && given <= 1 ? given * 100 : given;
      const { evaluate } = await import("./eval.ts");
      return await evaluate(cli, {
        dir: positionals[0] ?? knowledgeDir(cli.env),
        setDir: values.set ?? BUNDLED_EVAL_DIR,
        json: values.json,
        ...(failUnder !== undefined ? { failUnder } : {}),
      });
    }
    case "export": {
      const { exportGuide } = await import("./export.ts");
      return await exportGuide(cli, {
        dir: positionals[0] ?? knowledgeDir(cli.env),
        format: values.format,
        ...(values.out !== undefined ? { out: values.out } : {}),
      });
    }
    case "alert": {
      const { alert } = await import("./alert.ts");
      return await alert(cli, positionals, { json: values.json, dryRun: values["dry-run"] });
    }
    case "status": {
      const { status } = await import("./status.ts");
      return await status(cli, { cached: values.cached, json: values.json });
    }
    case "unanswered": {
      const { unanswered } = await import("./unanswered.ts");
      return await unanswered(cli, values.json);
    }
    case "chat":
    case "start": {
      const panah = await createPanah({
        logger: cli.logger,
        knowledgeDir: knowledgeDir(cli.env),
        dataDir: dataDir(cli.env),
        ...(cli.env.DATABASE_URL?.trim() ? { databaseUrl: cli.env.DATABASE_URL.trim() } : {}),
        thresholds: cli.config.routing,
        rateLimit: cli.config.rateLimit,
        unanswered: cli.config.unanswered,
        moderation: {
          moderators: cli.config.moderators,
          approvals: cli.config.alerts.approvals,
        },
        platforms: cli.adapters,
        ...(cli.config.status ? { status: cli.config.status } : {}),
      });
      // Maintainers publish by saving a file: the running bot picks it up, no restart.
      const reloader = new KnowledgeReloader({
        dir: knowledgeDir(cli.env),
        thresholds: cli.config.routing,
        logger: cli.logger,
        swap: (next) => panah.replaceKnowledge(next),
      });
      reloader.on("failed", () => panah.metrics.reloadFailed());
      try {
        reloader.start();
        return command === "chat"
          ? await chat(cli, panah)
          : await startAdapters(cli, panah, reloader);
      } finally {
        await reloader.stop();
        await panah.close();
      }
    }
    default:
      cli.stderr.write(`panah: unknown command "${command}"\n\n${usage(platforms)}`);
      return 2;
  }
}
