import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { formatProblem } from "../knowledge/problems.ts";
import { YamlFile } from "../knowledge/yaml-file.ts";
import type { Language } from "../text/language.ts";

/**
 * Reads one of `panah eval`'s YAML sets, checked against `schema`: every problem with its line
 * in one error, and a set written for another language refused.
 */
export async function loadEvalFile<T extends { language: Language }>(
  file: string,
  schema: z.ZodType<T>,
  language: Language,
): Promise<T> {
  const { yaml, problems } = YamlFile.parse(file, await readFile(file, "utf8"));
  const result = yaml.validate(schema);
  const all = [...problems, ...result.problems];
  if (all.length > 0 || !result.value) throw new Error(all.map(formatProblem).join("\n"));
  if (result.value.language !== language)
    throw new Error(`${file}: language must be "${language}"`);
  return result.value;
}
