import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { detectScriptLanguage, LANGUAGES, type Language } from "../text/language.ts";
import { wordsOf } from "../text/words.ts";
import type { Background } from "./background.ts";
import { FeatureExtractor, featuresOf } from "./features.ts";
import { QuantizedSoftmax } from "./quantized-softmax.ts";
import {
  DEFAULT_TRAINING,
  type LabelledFeatures,
  SoftmaxRegression,
  type TrainingOptions,
} from "./softmax-regression.ts";

/** The gate's class for questions about something else (weather, timers, recipes). */
export const EVERYDAY = "(everyday)";

/** What the gate makes of one question. */
export interface GateJudgement {
  /** How likely the question is an everyday one, not about any topic. */
  everyday: number;
  /** The topic the gate finds likeliest, and how likely. */
  topic: { intent: string; probability: number } | null;
  /** The likeliest topic after it: close to `topic`, the question is about both. */
  runnerUp: { intent: string; probability: number } | null;
}

/**
 * How much the everyday class weighs against the topics while training, per script: the
 * everyday questions of a script together count this many times the topics' examples in it.
 * English has thousands of background questions and Persian a few hundred; without this the
 * gate would learn that Persian questions are rarely everyday ones. Chosen on the paraphrase
 * sets, CLINC val and MASSIVE dev.
 */
const EVERYDAY_SHARE = 1;

/**
 * The out-of-scope gate: a linear classifier over the topics plus one everyday class, trained
 * on the topics' examples and on a background of public everyday questions. It does not route;
 * it checks the router's decision (see `gateRoute`): it knows what everyday questions look
 * like, which the lexical router, scoring only the words topics share, cannot.
 */
export class Gate {
  private readonly probabilities: Float64Array;
  private readonly extractor = new FeatureExtractor();

  constructor(
    /** The topic ids then {@link EVERYDAY}, in the model's class order. */
    readonly classes: readonly string[],
    readonly model: QuantizedSoftmax,
  ) {
    if (model.classes !== classes.length)
      throw new Error(`the model has ${model.classes} classes, not ${classes.length}`);
    this.probabilities = new Float64Array(classes.length);
  }

  /** Trains a gate on `set`: the same set and options give the same weights, bit for bit. */
  static train(set: TrainingSet, options: TrainingOptions = DEFAULT_TRAINING): Gate {
    const data: LabelledFeatures[] = set.questions.map(({ text, label, weight }) => ({
      features: featuresOf(text),
      label,
      weight,
    }));
    const model = SoftmaxRegression.train(data, set.classes.length, options);
    return new Gate(set.classes, QuantizedSoftmax.from(model));
  }

  judge(text: string): GateJudgement {
    return this.judgeWords(wordsOf(text));
  }

  /** Judges a question already split into its normalized words (the router has them). */
  judgeWords(words: readonly string[]): GateJudgement {
    const features = this.extractor.extract(words);
    const p = this.model.probabilitiesInto(features, this.probabilities);
    const everyday = this.classes.length - 1;
    let best = -1;
    let second = -1;
    for (let c = 0; c < everyday; c++) {
      if (best < 0 || (p[c] as number) > (p[best] as number)) {
        second = best;
        best = c;
      } else if (second < 0 || (p[c] as number) > (p[second] as number)) second = c;
    }
    const topic = (c: number) =>
      c < 0 ? null : { intent: this.classes[c] ?? "", probability: p[c] as number };
    return { everyday: p[everyday] as number, topic: topic(best), runnerUp: topic(second) };
  }
}

/** What a gate learns from: its classes and its labelled questions. */
export interface TrainingSet {
  /** The topic ids then {@link EVERYDAY}. */
  classes: string[];
  questions: { text: string; label: number; weight: number }[];
}

/**
 * The gate's training questions for `kb`: each topic's examples (both languages) labelled with
 * the topic, and knowledge/out-of-scope.yaml with the background labelled everyday, weighed per
 * script by {@link EVERYDAY_SHARE}.
 */
export function trainingSet(kb: KnowledgeBase, background: Background): TrainingSet {
  const classes = [...kb.topics.keys(), EVERYDAY];
  const questions: TrainingSet["questions"] = [];
  const topicCount: Record<Language, number> = { en: 0, fa: 0 };
  [...kb.topics.values()].forEach((topic, label) => {
    for (const language of LANGUAGES)
      for (const text of topic.content[language]?.examples ?? []) {
        questions.push({ text, label, weight: 1 });
        topicCount[scriptOf(text)]++;
      }
  });
  const everydayOf: Record<Language, string[]> = { en: [], fa: [] };
  for (const text of [...LANGUAGES.flatMap((l) => kb.outOfScope[l]), ...background.questions])
    everydayOf[scriptOf(text)].push(text);
  for (const language of LANGUAGES) {
    const texts = everydayOf[language];
    const weight = Math.min(1, (EVERYDAY_SHARE * topicCount[language]) / texts.length);
    for (const text of texts) questions.push({ text, label: classes.length - 1, weight });
  }
  return { classes, questions };
}

/** The script a question is written in, for weighing the everyday class per script (Finglish counts as Latin). */
function scriptOf(text: string): Language {
  return detectScriptLanguage(text) ?? "en";
}
