import { dataDir } from "../app.ts";
import { toPlainText } from "../core/richtext.ts";
import { knowledgeDir, loadCheckedKnowledge } from "../engine/knowledge.ts";
import { CONNECTIVITY_TOPIC } from "../status/live-lines.ts";
import { LiveStatus } from "../status/live-status.ts";
import { StatusPoller } from "../status/status-poller.ts";
import { openStore } from "../store/open.ts";
import type { CliContext } from "./context.ts";

/**
 * `panah status [--cached] [--json]`: for operators, what the live-status sources say now.
 * It reads IODA and OONI once into the shared cache (with `--cached`, only the cache), then
 * prints each source's state and the lines answers open or end with. It offers moderators no
 * draft, and leaves what they were last told as it is: that is the running Panah's job.
 */
export async function status(
  cli: CliContext,
  options: { cached: boolean; json: boolean },
): Promise<number> {
  const settings = cli.config.status;
  if (!settings) {
    cli.stderr.write(
      "panah status: live status is off; add a `status:` section to the configuration file (see docs/operations.md)\n",
    );
    return 1;
  }
  const [store, { kb }] = await Promise.all([
    openStore({ databaseUrl: cli.env.DATABASE_URL, dataDir: dataDir(cli.env) }),
    loadCheckedKnowledge(knowledgeDir(cli.env)),
  ]);
  try {
    const clock = { now: () => Date.now() };
    const live = new LiveStatus({ store, settings, clock, logger: cli.logger, kb: () => kb });
    const poller = new StatusPoller({ cache: live.cache, settings, clock, logger: cli.logger });
    if (!options.cached) await poller.pollOnce();
    const failing = new Map(poller.health().map((h) => [h.source, h.failing]));
    const states = Object.entries(await live.health()).map(([source, state]) => ({
      source,
      state: failing.get(source) ? `failing: ${failing.get(source)}` : state,
    }));
    const topics = [CONNECTIVITY_TOPIC, ...(settings.ooni ? settings.ooni.tests : [])];
    const lines = await Promise.all(
      topics.map(async (topic) => {
        const { before, after } = await live.lines(topic, "en");
        return { topic, text: toPlainText([...before, ...after]) };
      }),
    );
    if (options.json) {
      cli.stdout.write(`${JSON.stringify({ sources: states, answers: lines })}\n`);
      return 0;
    }
    for (const { source, state } of states) cli.stdout.write(`${source}  ${state}\n`);
    for (const { topic, text } of lines)
      cli.stdout.write(
        `\n${topic}:\n${text || "(no current figure: nothing is added to this answer)"}\n`,
      );
    return 0;
  } finally {
    await store.close();
  }
}
