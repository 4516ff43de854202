import { StringDecoder } from "node:string_decoder";
import { createPanah } from "../app.ts";
import { knowledgeDir } from "../engine/knowledge.ts";
import type { GateExplanation } from "../gate/gate-route.ts";
import type { Route } from "../router/router.ts";
import { detectScriptLanguage } from "../text/language.ts";
import type { CliContext } from "./context.ts";
import { renderForTerminal } from "./render.ts";
import { terminalWidth } from "./wrap.ts";

/**
 * `panah ask [--json] [--explain] TEXT`: routes one question. With `--json`, one line in the
 * public format (DESIGN.md); with TEXT `-`, one question per stdin line, one JSON line each.
 */
export async function ask(
  cli: CliContext,
  args: { text: string; json: boolean; explain: boolean },
): Promise<number> {
  const panah = await createPanah({
    logger: cli.logger,
    knowledgeDir: knowledgeDir(cli.env),
    thresholds: cli.config.routing,
    // One person asking from the command line is not a flood.
    rateLimit: { burst: Number.MAX_SAFE_INTEGER, perMinute: Number.MAX_SAFE_INTEGER },
  });
  try {
    const { router } = panah.knowledge();
    const questions = args.text === "-" ? readLines(cli.stdin) : single(args.text);
    for await (const question of questions) {
      const route = router.route(question);
      if (args.json) {
        cli.stdout.write(`${JSON.stringify(routeJson(route, question, args.explain))}\n`);
        continue;
      }
      const replies = await panah.engine.handle({
        platform: "console",
        userId: "cli",
        chatId: "cli",
        isDirect: true,
        text: question,
      });
      const width = terminalWidth(cli.stdout, cli.env);
      cli.stdout.write(
        `${replies.map((reply) => renderForTerminal(reply, { width })).join("\n\n")}\n`,
      );
      if (args.explain) cli.stdout.write(`\n${explain(route)}\n`);
    }
    return 0;
  } finally {
    await panah.close();
  }
}

/** The public `ask --json` format: decision, intent, score, language, alternatives. */
export function routeJson(route: Route, question: string, withExplanation = false) {
  return {
    decision: route.decision,
    intent: route.intent,
    score: route.score,
    // The language Panah answers in: the script of the question; Finglish is answered in Persian.
    language:
      detectScriptLanguage(question) === "fa"
        ? "fa"
        : route.decision === "fallback"
          ? "en"
          : route.language,
    alternatives: route.alternatives.map(({ intent, score }) => ({ intent, score })),
    ...(withExplanation ? { explanation: route.explanation } : {}),
  };
}

function explain(route: Route): string {
  const e = route.explanation;
  const t = e.thresholds;
  const lines = [
    `decision: ${route.decision} (index: ${route.language})`,
    `tokens: ${e.tokens.join(" ") || "(none)"}`,
    ...Object.entries(e.repaired).map(([from, to]) => `repaired: ${from} → ${to}`),
    ...(e.unknown.length ? [`unknown words: ${e.unknown.join(" ")}`] : []),
    `thresholds: answer ≥ ${t.answer} with margin ≥ ${t.margin}; suggest ≥ ${t.suggest}`,
    `top score ${route.score}, margin ${Math.round(e.margin * 1000) / 1000}`,
    ...(e.gate ? [gateLine(e.gate)] : []),
    ...route.alternatives.map(
      (c, i) =>
        `${i === 0 ? "winner" : "runner-up"}: ${c.intent} ${c.score} (matched: ${(e.matched[c.intent] ?? []).join(", ") || "-"})`,
    ),
  ];
  return lines.join("\n");
}

/** The gate's view: everyday-likeness, its own topic, what it did, against which thresholds. */
function gateLine(gate: GateExplanation): string {
  const p = (x: number) => (Math.round(x * 1000) / 1000).toString();
  const t = gate.thresholds;
  const topic = gate.topic ? `${gate.topic.intent} ${p(gate.topic.probability)}` : "-";
  return `gate: ${gate.verdict} (everyday ${p(gate.everyday)}, topic ${topic}; doubt ≥ ${t.doubt}, reject > ${t.reject}, confirm ≥ ${t.confirm}, dispute ≥ ${t.dispute})`;
}

async function* single(text: string): AsyncGenerator<string> {
  yield text;
}

/**
 * One question per line, lines ended by LF or CRLF. Not node:readline: it also ends a line at a
 * lone CR, which would split one pasted question into two answers.
 */
async function* readLines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  const withoutCr = (line: string) => line.replace(/\r$/, "");
  let pending = "";
  for await (const chunk of input) {
    const lines = (pending + (typeof chunk === "string" ? chunk : decoder.write(chunk))).split(
      "\n",
    );
    pending = lines.pop() ?? "";
    for (const line of lines) yield withoutCr(line);
  }
  const last = withoutCr(pending + decoder.end());
  if (last !== "") yield last;
}
