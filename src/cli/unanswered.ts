import { dataDir } from "../app.ts";
import { knowledgeDir, loadRouter } from "../engine/knowledge.ts";
import { openStore } from "../store/open.ts";
import type { UnansweredQuestion } from "../store/store.ts";
import type { Language } from "../text/language.ts";
import type { CliContext } from "./context.ts";

export interface UnansweredGroup {
  language: Language;
  /** How many times questions of this group were asked. */
  count: number;
  questions: string[];
  /** The topic the router ranks first for them, if any: a good place to add them as examples. */
  nearestTopic: string | null;
}

/**
 * `panah unanswered [--json]`: the questions that got the fallback (when the operator keeps
 * them), grouped by similarity, most asked first, each with the topic it came closest to.
 */
export async function unanswered(cli: CliContext, json: boolean): Promise<number> {
  const store = await openStore({ databaseUrl: cli.env.DATABASE_URL, dataDir: dataDir(cli.env) });
  try {
    const rows = await store.listUnanswered();
    const { router } = await loadRouter(knowledgeDir(cli.env), cli.config.routing);
    const groups = groupSimilar(rows).map((group) => ({
      ...group,
      nearestTopic:
        router.route(group.questions[0] ?? "", group.language).alternatives[0]?.intent ?? null,
    }));
    if (json) {
      cli.stdout.write(`${JSON.stringify(groups)}\n`);
      return 0;
    }
    if (!cli.config.unanswered.enabled)
      cli.stdout.write(
        "Keeping unanswered questions is off: set `unanswered: { enabled: true }` in the configuration file.\n",
      );
    if (groups.length === 0) cli.stdout.write("No unanswered questions kept.\n");
    for (const group of groups) {
      cli.stdout.write(
        `\n${group.count}× (${group.language}) nearest topic: ${group.nearestTopic ?? "none"}\n`,
      );
      for (const question of group.questions.slice(0, 5)) cli.stdout.write(`  - ${question}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** How much two questions' words must overlap (Jaccard) to be grouped. */
const SIMILAR = 0.5;

/** Greedy grouping by shared words, per language, most asked first. */
export function groupSimilar(
  rows: (UnansweredQuestion & { count: number })[],
): Omit<UnansweredGroup, "nearestTopic">[] {
  const merged = new Map<string, { language: Language; question: string; count: number }>();
  for (const row of rows) {
    const key = `${row.language}\u0000${row.question}`;
    const existing = merged.get(key);
    merged.set(key, {
      language: row.language,
      question: row.question,
      count: (existing?.count ?? 0) + row.count,
    });
  }
  const groups: (Omit<UnansweredGroup, "nearestTopic"> & { words: Set<string> })[] = [];
  for (const entry of [...merged.values()].sort((a, b) => b.count - a.count)) {
    const words = new Set(entry.question.split(" "));
    const home = groups.find(
      (g) => g.language === entry.language && jaccard(g.words, words) >= SIMILAR,
    );
    if (home) {
      home.count += entry.count;
      home.questions.push(entry.question);
    } else
      groups.push({
        language: entry.language,
        count: entry.count,
        questions: [entry.question],
        words,
      });
  }
  return groups.sort((a, b) => b.count - a.count).map(({ words: _, ...group }) => group);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared || 1);
}
