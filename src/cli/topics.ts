import { loadCheckedKnowledge } from "../engine/knowledge.ts";
import { contentIn } from "../knowledge/knowledge-base.ts";
import type { Language } from "../text/language.ts";
import type { CliContext } from "./context.ts";

/** `panah topics [--json]`: the topic ids and the languages each is written in. */
export async function topics(cli: CliContext, dir: string, json: boolean): Promise<number> {
  const { kb } = await loadCheckedKnowledge(dir);
  const list = [...kb.topics.values()].map((topic) => ({
    id: topic.id,
    languages: (Object.keys(topic.content) as Language[]).sort(),
    category: topic.category,
    title: contentIn(topic, "en").content.title,
    reviewed: topic.reviewed,
  }));
  if (json) {
    cli.stdout.write(`${JSON.stringify(list)}\n`);
    return 0;
  }
  const width = Math.max(...list.map((t) => t.id.length));
  for (const t of list)
    cli.stdout.write(`${t.id.padEnd(width)}  ${t.languages.join(",").padEnd(5)}  ${t.title}\n`);
  return 0;
}
