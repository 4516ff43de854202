import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Language } from "../text/language.ts";
import { checkAnswers } from "./answer-checks.ts";
import { checkKnowledge, type ParsedKnowledge } from "./checks.ts";
import { knowledgeText, sizeProblem } from "./file-text.ts";
import type {
  Fact,
  KnowledgeBase,
  Publisher,
  Source,
  Topic,
  TopicContent,
} from "./knowledge-base.ts";
import { parseMarkup } from "./markup.ts";
import { hasErrors, type Problem } from "./problems.ts";
import {
  FactsFile,
  PhraseListFile,
  SmalltalkFile,
  SourcesFile,
  TopicFile,
  UiFile,
  type UiStrings,
} from "./schema.ts";
import { YamlFile } from "./yaml-file.ts";

export interface LoadResult {
  /** The knowledge base, when there are no errors (warnings allowed). */
  kb?: KnowledgeBase;
  problems: Problem[];
}

/**
 * Loads and checks a knowledge directory. Never throws for bad content: every problem comes
 * back located, and `kb` is only set when the whole base is usable, so a running bot can keep
 * its last good base when an edit is broken.
 */
export async function loadKnowledge(dir: string): Promise<LoadResult> {
  const problems: Problem[] = [];
  const read = async (relative: string, optional = false): Promise<YamlFile | undefined> => {
    let bytes: Buffer;
    try {
      const path = join(dir, relative);
      // Refused before it is read: a huge file would be read whole and parsed for minutes.
      const big = sizeProblem(relative, (await stat(path)).size);
      if (big) {
        problems.push(big);
        return undefined;
      }
      bytes = await readFile(path);
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      if (missing && optional) return undefined;
      problems.push({
        severity: "error",
        file: relative,
        message: missing
          ? "file is missing: create it (see docs/knowledge-format.md)"
          : `cannot read the file: ${(error as Error).message}`,
      });
      return undefined;
    }
    const decoded = knowledgeText(relative, bytes);
    if (decoded.problem) {
      problems.push(decoded.problem);
      return undefined;
    }
    const parsed = YamlFile.parse(relative, decoded.text);
    problems.push(...parsed.problems);
    return hasErrors(parsed.problems) ? undefined : parsed.yaml;
  };

  const parsed: ParsedKnowledge = {
    topicIdsSeen: new Set(),
    topics: [],
    sources: [],
    facts: [],
    ui: [],
  };

  for (const relative of await yamlFilesIn(dir, "topics", problems)) {
    const yaml = await read(relative);
    const id = yaml?.valueAt(["id"]);
    parsed.topicIdsSeen.add(typeof id === "string" ? id : fileStem(relative));
    const result = yaml?.validate(TopicFile);
    problems.push(...(result?.problems ?? []));
    if (yaml && result?.value) parsed.topics.push({ yaml, value: result.value });
  }
  // Sources live in sources/*.yaml (one file per theme); a single sources.yaml also works.
  const sourceFiles = await yamlFilesIn(dir, "sources", problems, true);
  const single = await read("sources.yaml", sourceFiles.length > 0);
  for (const [relative, preread] of [
    ...(single ? [["sources.yaml", single] as const] : []),
    ...sourceFiles.map((f) => [f, undefined] as const),
  ]) {
    const yaml = preread ?? (await read(relative));
    const result = yaml?.validate(SourcesFile);
    problems.push(...(result?.problems ?? []));
    if (yaml && result?.value) parsed.sources.push({ yaml, value: result.value });
  }

  for (const relative of await yamlFilesIn(dir, "facts", problems, true)) {
    const yaml = await read(relative);
    const result = yaml?.validate(FactsFile);
    problems.push(...(result?.problems ?? []));
    if (yaml && result?.value) parsed.facts.push({ yaml, value: result.value });
  }
  for (const language of ["en", "fa"] as const) {
    const yaml = await read(`ui/${language}.yaml`);
    const result = yaml?.validate(UiFile);
    problems.push(...(result?.problems ?? []));
    if (yaml && result?.value) parsed.ui.push({ yaml, value: result.value, language });
  }

  const smalltalk = await read("smalltalk.yaml", true);
  const smalltalkResult = smalltalk?.validate(SmalltalkFile);
  problems.push(...(smalltalkResult?.problems ?? []));
  if (smalltalk && smalltalkResult?.value)
    parsed.smalltalk = { yaml: smalltalk, value: smalltalkResult.value };
  const outOfScope = await read("out-of-scope.yaml", true);
  const outOfScopeResult = outOfScope?.validate(PhraseListFile);
  problems.push(...(outOfScopeResult?.problems ?? []));
  if (outOfScope && outOfScopeResult?.value)
    parsed.outOfScope = { yaml: outOfScope, value: outOfScopeResult.value };

  problems.push(...checkKnowledge(parsed));
  if (hasErrors(problems)) return { problems };
  const kb = build(dir, parsed);
  problems.push(...checkAnswers(kb, parsed));
  return hasErrors(problems) ? { problems } : { kb, problems };
}

async function yamlFilesIn(
  dir: string,
  sub: string,
  problems: Problem[],
  optional = false,
): Promise<string[]> {
  try {
    const names = await readdir(join(dir, sub));
    return names
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => `${sub}/${name}`);
  } catch {
    if (!optional)
      problems.push({
        severity: "error",
        file: `${sub}/`,
        message: `folder is missing: is ${dir} a Panah knowledge directory?`,
      });
    return [];
  }
}

/** Expands `{{fact:id}}` inserts with the fact's text in `language`. */
export function expandFacts(
  answer: string,
  language: Language,
  facts: ReadonlyMap<string, Fact>,
): string {
  return answer.replace(FACT_INSERT, (whole, id: string) => facts.get(id)?.text[language] ?? whole);
}
export const FACT_INSERT = /\{\{\s*fact:([a-z0-9-]+)\s*\}\}/g;

function build(dir: string, parsed: ParsedKnowledge): KnowledgeBase {
  const sources = new Map<string, Source>();
  const publishers = new Map<string, Publisher>();
  for (const { value } of parsed.sources) {
    for (const p of value.publishers)
      publishers.set(p.id, {
        id: p.id,
        name: p.name,
        ...(p.name_fa ? { nameFa: p.name_fa } : {}),
        domains: p.domains,
      });
    for (const s of value.sources)
      sources.set(s.id, {
        id: s.id,
        title: s.title,
        ...(s.title_fa ? { titleFa: s.title_fa } : {}),
        publisher: s.publisher,
        url: s.url,
        date: s.date,
        ...(s.language ? { language: s.language } : {}),
      });
  }

  const facts = new Map<string, Fact>();
  for (const file of parsed.facts)
    for (const f of file.value.facts)
      facts.set(f.id, {
        id: f.id,
        date: f.date,
        ...(f.end ? { end: f.end } : {}),
        sources: f.sources,
        text: { en: f.en, fa: f.fa },
      });

  const topics = new Map<string, Topic>();
  for (const { yaml, value } of parsed.topics) {
    const content: Topic["content"] = {};
    for (const language of ["en", "fa"] as const) {
      const written = value[language];
      if (!written) continue;
      const answer = expandFacts(written.answer, language, facts);
      const topicContent: TopicContent = {
        title: written.title,
        keywords: written.keywords ?? [],
        examples: written.examples,
        answer,
        blocks: parseMarkup(answer),
      };
      content[language] = topicContent;
    }
    // A dated fact inserted with {{fact:id}} brings its own sources: the answer cites them too.
    const inserted = (["en", "fa"] as const).flatMap((language) =>
      [...(value[language]?.answer ?? "").matchAll(FACT_INSERT)].flatMap((m) => {
        const fact = facts.get(m[1] ?? "");
        return fact ? [fact] : [];
      }),
    );
    const factSources = inserted.flatMap((fact) => fact.sources);
    const newestFact = inserted
      .map((fact) => fact.end ?? fact.date)
      .sort()
      .at(-1);
    topics.set(value.id, {
      id: value.id,
      ...(newestFact ? { newestFact } : {}),
      category: value.category,
      related: value.related,
      sources: [...new Set([...value.sources, ...factSources])],
      reviewed: value.reviewed,
      content,
      file: yaml.file,
    });
  }

  const ui = {} as Record<Language, UiStrings>;
  for (const file of parsed.ui) ui[file.language] = file.value.strings;

  const phrases = (list?: { value: PhraseListFile }) => ({
    en: list?.value.en ?? [],
    fa: list?.value.fa ?? [],
  });
  return {
    dir,
    topics,
    sources,
    publishers,
    facts,
    ui,
    smalltalk: parsed.smalltalk?.value ?? SmalltalkFile.parse({}),
    outOfScope: phrases(parsed.outOfScope),
  };
}

/** The file name without extension: a topic's file must be named after its id. */
export const fileStem = (file: string): string => basename(file).replace(/\.ya?ml$/, "");
