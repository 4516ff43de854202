import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The everyday questions that ship with Panah (corpora/README.md). */
export const CORPORA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "corpora");

/**
 * The files the gate may learn from: the train partitions and the questions written for it.
 * The val, dev and test partitions measure the gate and are never read for training.
 */
const TRAINING_FILES = /^(train\.\w+|everyday\.\w+)\.txt$/;

/** Everyday questions, none about digital safety, that teach the gate what is out of scope. */
export interface Background {
  questions: string[];
  /** A digest of the questions, part of the key of a trained gate. */
  digest: string;
}

export function loadBackground(dir: string = CORPORA_DIR): Background {
  if (!existsSync(dir))
    throw new Error(
      `the everyday questions the out-of-scope gate learns from are missing: ${dir} (they ship with Panah; copy the corpora/ folder beside src/, or set routing.gate.enabled: false)`,
    );
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => TRAINING_FILES.test(file.split(/[\\/]/).pop() ?? ""))
    .sort();
  const questions = files.flatMap((file) => readQuestions(join(dir, file)));
  const digest = createHash("sha256").update(questions.join("\n")).digest("hex");
  return { questions, digest };
}

/** One question per line; lines starting with `#` are comments (source, licence). */
export function readQuestions(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}
