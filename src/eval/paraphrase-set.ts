import { readFile } from "node:fs/promises";
import { z } from "zod";
import { formatProblem } from "../knowledge/problems.ts";
import { YamlFile } from "../knowledge/yaml-file.ts";
import type { Language } from "../text/language.ts";

/** Labelled questions, written apart from the knowledge base's examples, for `panah eval`. */
export const ParaphraseSet = z.strictObject({
  language: z.enum(["en", "fa"]),
  topics: z.record(z.string(), z.array(z.string().min(1))),
  out_of_scope: z.array(z.string().min(1)).default([]),
});
export type ParaphraseSet = z.infer<typeof ParaphraseSet>;

export async function loadParaphraseSet(file: string, language: Language): Promise<ParaphraseSet> {
  const { yaml, problems } = YamlFile.parse(file, await readFile(file, "utf8"));
  const result = yaml.validate(ParaphraseSet);
  const all = [...problems, ...result.problems];
  if (all.length > 0 || !result.value) throw new Error(all.map(formatProblem).join("\n"));
  if (result.value.language !== language)
    throw new Error(`${file}: language must be "${language}"`);
  return result.value;
}
