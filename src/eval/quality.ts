import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Gate } from "../gate/gate.ts";
import { type GateSettings, thresholdsFor } from "../gate/gate-route.ts";
import type { KnowledgeBase, Topic } from "../knowledge/knowledge-base.ts";
import type { Problem } from "../knowledge/problems.ts";
import { YamlFile } from "../knowledge/yaml-file.ts";
import type { Thresholds } from "../router/router.ts";
import { LANGUAGES } from "../text/language.ts";
import { leaveOneOutRoutes } from "./leave-one-out.ts";

export interface QualityOptions {
  /** Today, as YYYY-MM-DD. */
  today: string;
  /** An answer not reviewed for this many days gets a warning. */
  staleDays: number;
  thresholds?: Thresholds;
  /** The out-of-scope gate the base is routed with, and its thresholds per script. */
  gate?: { gate: Gate; settings: GateSettings };
}

/**
 * Warnings about content quality that `panah validate` adds to the errors: answers nobody has
 * checked for a long time, and examples that the router would send to another topic (each
 * example is routed by a router built without it, as a paraphrase of it would be).
 */
export function qualityWarnings(kb: KnowledgeBase, options: QualityOptions): Problem[] {
  const problems: Problem[] = [];
  const files = new Map<string, YamlFile>();
  const located = (topic: Topic, path: (string | number)[], message: string): Problem => {
    let yaml = files.get(topic.file);
    if (!yaml) {
      yaml = YamlFile.parse(topic.file, readFileSync(join(kb.dir, topic.file), "utf8")).yaml;
      files.set(topic.file, yaml);
    }
    return yaml.error(path, message, "warning");
  };

  for (const topic of kb.topics.values()) {
    const age = daysBetween(topic.reviewed, options.today);
    if (age > options.staleDays)
      problems.push(
        located(
          topic,
          ["reviewed"],
          `not reviewed for ${age} days: check the answer against its sources, then update "reviewed"`,
        ),
      );
  }

  for (const language of LANGUAGES)
    for (const { topic, index, example, route } of leaveOneOutRoutes(
      kb,
      language,
      options.thresholds,
    )) {
      // Only a confident wrong answer is worth a warning; a near-tie becomes "did you mean".
      const winner = route.alternatives[0];
      if (route.decision === "answer" && winner && winner.intent !== topic.id)
        problems.push(
          located(
            topic,
            [language, "examples", index],
            `"${example}" would be answered by "${winner.intent}" (score ${winner.score}), not "${topic.id}", if it were not an example: questions like it are answered wrongly. Add examples or keywords that set "${topic.id}" apart, or move this example`,
          ),
        );
    }
  if (options.gate) problems.push(...everydayLooking(kb, options.gate, located));
  return problems;
}

/**
 * Examples the gate takes for everyday questions, though it learnt them as the topic's: the
 * questions like them get "did you mean" instead of the answer. Usually the example is too
 * general ("what does it mean") or the background holds questions very like it.
 */
function everydayLooking(
  kb: KnowledgeBase,
  { gate, settings }: { gate: Gate; settings: GateSettings },
  located: (topic: Topic, path: (string | number)[], message: string) => Problem,
): Problem[] {
  const problems: Problem[] = [];
  for (const topic of kb.topics.values())
    for (const language of LANGUAGES)
      topic.content[language]?.examples.forEach((example, index) => {
        const { doubt } = thresholdsFor(settings, example);
        const { everyday } = gate.judge(example);
        if (everyday >= doubt)
          problems.push(
            located(
              topic,
              [language, "examples", index],
              `"${example}" looks like an everyday question to the out-of-scope gate (${everyday.toFixed(2)} ≥ ${doubt}): questions like it get "did you mean", not the answer. Make it say what it is about (the app, the threat), or add examples that do`,
            ),
          );
      });
  return problems;
}

function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
