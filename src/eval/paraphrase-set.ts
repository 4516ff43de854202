import { z } from "zod";
import type { Language } from "../text/language.ts";
import { loadEvalFile } from "./eval-file.ts";

/** Labelled questions, written apart from the knowledge base's examples, for `panah eval`. */
export const ParaphraseSet = z.strictObject({
  language: z.enum(["en", "fa"]),
  topics: z.record(z.string(), z.array(z.string().min(1))),
  out_of_scope: z.array(z.string().min(1)).default([]),
});
export type ParaphraseSet = z.infer<typeof ParaphraseSet>;

export async function loadParaphraseSet(file: string, language: Language): Promise<ParaphraseSet> {
  return loadEvalFile(file, ParaphraseSet, language);
}
