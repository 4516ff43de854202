import { LANGUAGES, type Language } from "../text/language.ts";
import { normalize } from "../text/normalize.ts";
import { linkProblem } from "./links.ts";
import { linksIn } from "./markup.ts";
import type { Problem } from "./problems.ts";
import {
  type FactsFile,
  type PhraseListFile,
  SMALLTALK_KINDS,
  type SmalltalkFile,
  type SourcesFile,
  type TopicFile,
  type UiFile,
} from "./schema.ts";
import { checkPublishers } from "./source-checks.ts";
import type { YamlFile } from "./yaml-file.ts";

/** Knowledge files that passed their schema, waiting for the checks across files. */
export interface ParsedKnowledge {
  /** Ids of every topic file, valid or not, so a broken topic does not also break its neighbours. */
  topicIdsSeen: Set<string>;
  topics: { yaml: YamlFile; value: TopicFile }[];
  sources: { yaml: YamlFile; value: SourcesFile }[];
  facts: { yaml: YamlFile; value: FactsFile }[];
  ui: { yaml: YamlFile; value: UiFile; language: Language }[];
  smalltalk?: { yaml: YamlFile; value: SmalltalkFile };
  outOfScope?: { yaml: YamlFile; value: PhraseListFile };
}

/** Below this many examples a topic routes poorly on paraphrases. */
export const RECOMMENDED_EXAMPLES = 8;

/**
 * The checks no schema can express: ids that must be unique or must exist, one example under
 * two topics, links that are not https or that track, ui files that disagree.
 */
export function checkKnowledge(parsed: ParsedKnowledge): Problem[] {
  const problems: Problem[] = [];
  const sourceIds = uniqueIds(
    parsed.sources.flatMap(({ yaml, value }) =>
      value.sources.map((s, i) => ({
        id: s.id,
        yaml,
        path: ["sources", i, "id"],
        same: JSON.stringify(s),
      })),
    ),
    "source",
    problems,
  );
  const factIds = uniqueIds(
    parsed.facts.flatMap(({ yaml, value }) =>
      value.facts.map((f, i) => ({ id: f.id, yaml, path: ["facts", i, "id"] })),
    ),
    "fact",
    problems,
  );
  const topicIds = uniqueIds(
    parsed.topics.map(({ yaml, value }) => ({ id: value.id, yaml, path: ["id"] })),
    "topic",
    problems,
  );

  for (const { yaml, value } of parsed.sources)
    value.sources.forEach((source, i) => {
      const bad = linkProblem(source.url);
      if (bad) problems.push(yaml.error(["sources", i, "url"], bad));
    });
  for (const { yaml, value } of parsed.facts)
    value.facts.forEach((fact, i) => {
      fact.sources.forEach((id, j) => {
        if (!sourceIds.has(id))
          problems.push(yaml.error(["facts", i, "sources", j], unknownSource(id)));
      });
    });

  const exampleOwner = new Map<string, { topic: string; file: string }>();
  for (const { yaml, value: topic } of parsed.topics) {
    const stem = yaml.file.replace(/^.*\//, "").replace(/\.ya?ml$/, "");
    if (stem !== topic.id)
      problems.push(
        yaml.error(
          ["id"],
          `the id "${topic.id}" must match the file name: rename the file to ${topic.id}.yaml or fix the id`,
        ),
      );
    topic.related.forEach((id, i) => {
      if (id === topic.id)
        problems.push(
          yaml.error(["related", i], `a topic cannot be related to itself: remove "${id}"`),
        );
      else if (!topicIds.has(id) && !parsed.topicIdsSeen.has(id))
        problems.push(
          yaml.error(
            ["related", i],
            `related topic "${id}" does not exist: fix the id or remove it`,
          ),
        );
    });
    topic.sources.forEach((id, i) => {
      if (!sourceIds.has(id)) problems.push(yaml.error(["sources", i], unknownSource(id)));
    });
    for (const language of LANGUAGES) {
      const content = topic[language];
      if (!content) {
        problems.push(
          yaml.error(
            [],
            `no "${language}" block: people asking in ${language === "en" ? "English" : "Persian"} get the other language`,
            "warning",
          ),
        );
        continue;
      }
      if (content.examples.length < RECOMMENDED_EXAMPLES)
        problems.push(
          yaml.error(
            [language, "examples"],
            `only ${content.examples.length} examples: add at least ${RECOMMENDED_EXAMPLES} so paraphrases route here`,
            "warning",
          ),
        );
      for (const bad of linksIn(content.answer).map(linkProblem).filter(Boolean))
        problems.push(yaml.error([language, "answer"], bad as string));
      for (const match of content.answer.matchAll(/\{\{([^}]*)\}\}/g)) {
        const insert = /^\s*fact:([a-z0-9-]+)\s*$/.exec(match[1] ?? "");
        if (!insert)
          problems.push(
            yaml.error(
              [language, "answer"],
              `unknown insert "${match[0]}": only {{fact:<id>}} is allowed`,
            ),
          );
        else if (!factIds.has(insert[1] ?? ""))
          problems.push(
            yaml.error(
              [language, "answer"],
              `fact "${insert[1]}" does not exist in knowledge/facts/: fix the id`,
            ),
          );
      }
      const seen = new Set<string>();
      content.examples.forEach((example, i) => {
        const key = `${language}:${normalize(example)}`;
        const path = [language, "examples", i];
        if (seen.has(key)) {
          problems.push(
            yaml.error(path, `example "${example}" is listed twice: remove one`, "warning"),
          );
          return;
        }
        seen.add(key);
        const owner = exampleOwner.get(key);
        if (owner && owner.topic !== topic.id)
          problems.push(
            yaml.error(
              path,
              `example "${example}" is also an example of "${owner.topic}" (${owner.file}): keep it in one topic only`,
            ),
          );
        else exampleOwner.set(key, { topic: topic.id, file: yaml.file });
      });
    }
  }

  // Each list as its phrases with their place in the file (small talk is grouped by kind).
  const lists = [
    {
      yaml: parsed.smalltalk?.yaml,
      phrases: LANGUAGES.flatMap((language) =>
        SMALLTALK_KINDS.flatMap((kind) =>
          (parsed.smalltalk?.value[language][kind] ?? []).map((phrase, i) => ({
            language,
            phrase,
            path: [language, kind, i],
          })),
        ),
      ),
      what: "small talk must not be a question Panah answers",
    },
    {
      yaml: parsed.outOfScope?.yaml,
      phrases: LANGUAGES.flatMap((language) =>
        (parsed.outOfScope?.value[language] ?? []).map((phrase, i) => ({
          language,
          phrase,
          path: [language, i],
        })),
      ),
      what: "a question Panah answers is not out of scope",
    },
  ];
  for (const { yaml, phrases, what } of lists) {
    if (!yaml) continue;
    for (const { language, phrase, path } of phrases) {
      const owner = exampleOwner.get(`${language}:${normalize(phrase)}`);
      if (owner)
        problems.push(
          yaml.error(
            path,
            `"${phrase}" is also an example of "${owner.topic}" (${owner.file}): ${what}`,
          ),
        );
    }
  }

  problems.push(...checkUi(parsed.ui));
  problems.push(...checkPublishers(parsed));
  problems.push(...unusedSources(parsed));
  return problems;
}

/** Sources nothing cites: a sign of a removed claim, or of a citation forgotten. */
function unusedSources(parsed: ParsedKnowledge): Problem[] {
  const cited = new Set<string>();
  for (const { value } of parsed.topics) for (const id of value.sources) cited.add(id);
  for (const { value } of parsed.facts)
    for (const fact of value.facts) for (const id of fact.sources) cited.add(id);
  return parsed.sources.flatMap(({ yaml, value }) =>
    value.sources.flatMap((source, i) =>
      cited.has(source.id)
        ? []
        : [
            yaml.error(
              ["sources", i, "id"],
              `source "${source.id}" is not cited by any topic or fact: cite it where it backs a claim, or remove it`,
              "warning",
            ),
          ],
    ),
  );
}

function checkUi(files: ParsedKnowledge["ui"]): Problem[] {
  const problems: Problem[] = [];
  for (const { yaml, value, language } of files)
    if (value.language !== language)
      problems.push(
        yaml.error(
          ["language"],
          `this file is ui/${language}.yaml, so language must be "${language}"`,
        ),
      );
  const [first, second] = files;
  if (!first || !second) return problems;
  for (const [key, text] of Object.entries(first.value.strings)) {
    if (typeof text !== "string") continue;
    const other = (second.value.strings as Record<string, unknown>)[key];
    if (typeof other !== "string") continue;
    const mine = placeholders(text);
    const theirs = placeholders(other);
    for (const name of mine)
      if (!theirs.has(name))
        problems.push(
          second.yaml.error(
            ["strings", key],
            `"${key}" lacks the placeholder {${name}} that ui/${first.language}.yaml uses: add it`,
          ),
        );
    for (const name of theirs)
      if (!mine.has(name))
        problems.push(
          second.yaml.error(
            ["strings", key],
            `"${key}" has the placeholder {${name}}, which ui/${first.language}.yaml does not use: remove it or add it there`,
          ),
        );
  }
  return problems;
}

const placeholders = (text: string): Set<string> =>
  new Set([...text.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? ""));

const unknownSource = (id: string) =>
  `source "${id}" is not in knowledge/sources/: add it there or fix the id`;

/**
 * The ids of `entries`, reporting duplicates. An entry repeated word for word (`same`: the same
 * source copied into two files) is only a warning, since either copy says the same thing.
 */
function uniqueIds(
  entries: { id: string; yaml: YamlFile; path: (string | number)[]; same?: string }[],
  what: string,
  problems: Problem[],
): Set<string> {
  const first = new Map<string, { yaml: YamlFile; same?: string }>();
  for (const { id, yaml, path, same } of entries) {
    const earlier = first.get(id);
    if (!earlier) first.set(id, { yaml, ...(same ? { same } : {}) });
    else if (same !== undefined && same === earlier.same)
      problems.push(
        yaml.error(
          path,
          `${what} "${id}" is also listed, identically, in ${earlier.yaml.file}: keep one`,
          "warning",
        ),
      );
    else
      problems.push(
        yaml.error(
          path,
          `duplicate ${what} id "${id}" (also in ${earlier.yaml.file}): ids must be unique`,
        ),
      );
  }
  return new Set(first.keys());
}
