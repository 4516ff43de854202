import { z } from "zod";
import { readQuestions } from "../gate/background.ts";
import type { Route } from "../router/router.ts";
import type { Language } from "../text/language.ts";
import { loadEvalFile } from "./eval-file.ts";

/**
 * Questions none of which is about digital safety, to measure how often Panah answers what
 * nobody asked it: a YAML file (`language`, `questions`) or a text file of one per line.
 */
const EverydayFile = z.strictObject({
  language: z.enum(["en", "fa"]),
  questions: z.array(z.string().min(1)),
});

export interface EverydaySet {
  name: string;
  language: Language;
  questions: string[];
}

export async function loadEverydaySet(
  file: string,
  name: string,
  language: Language,
): Promise<EverydaySet> {
  if (file.endsWith(".txt")) return { name, language, questions: readQuestions(file) };
  const { questions } = await loadEvalFile(file, EverydayFile, language);
  return { name, language, questions };
}

/** How an everyday set fared: rates are fractions of `total`. */
export interface EverydayScore {
  name: string;
  total: number;
  /** Answered with a topic: what must stay rare. */
  answered: number;
  /** Offered "did you mean": harmless, if not ideal. */
  offered: number;
  fallback: number;
  examplesAnswered: { question: string; intent: string }[];
}

const EXAMPLES_SHOWN = 5;

export function scoreEveryday(route: (question: string) => Route, set: EverydaySet): EverydayScore {
  let answered = 0;
  let offered = 0;
  const examplesAnswered: EverydayScore["examplesAnswered"] = [];
  for (const question of set.questions) {
    const r = route(question);
    if (r.decision === "suggest") offered++;
    if (r.decision !== "answer" || !r.intent) continue;
    answered++;
    if (examplesAnswered.length < EXAMPLES_SHOWN)
      examplesAnswered.push({ question, intent: r.intent });
  }
  const n = set.questions.length;
  const share = (x: number) => (n === 0 ? 0 : x / n);
  return {
    name: set.name,
    total: n,
    answered: share(answered),
    offered: share(offered),
    fallback: share(n - answered - offered),
    examplesAnswered,
  };
}
