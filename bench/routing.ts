import Fuse from "fuse.js";
import type { KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import type { Router } from "../src/router/router.ts";
import type { Language } from "../src/text/language.ts";

/** A labelled question: `intent` null means out of scope. */
export interface Question {
  text: string;
  language: Language;
  intent: string | null;
}

export interface LatencyStats {
  medianUs: number;
  p99Us: number;
  questionsPerSecond: number;
}

export interface RoutingFigures extends LatencyStats {
  top1: number;
  samples: number;
}

/** Times `route` on every question, `rounds` times, one call at a time. */
export function measure(
  questions: Question[],
  rounds: number,
  route: (q: Question) => string | null | undefined,
): LatencyStats & { correct: number } {
  const times: number[] = [];
  let correct = 0;
  const started = process.hrtime.bigint();
  for (let round = 0; round < rounds; round++)
    for (const question of questions) {
      const t0 = process.hrtime.bigint();
      const intent = route(question);
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (round === 0 && question.intent !== null && intent === question.intent) correct++;
    }
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return {
    medianUs: at(0.5),
    p99Us: at(0.99),
    questionsPerSecond: times.length / elapsedS,
    correct,
  };
}

/** Panah's router: the topic ranked first. */
export function routerFigures(
  router: Router,
  questions: Question[],
  rounds: number,
): RoutingFigures {
  for (const q of questions) router.route(q.text, q.language); // warm the typo-repair cache and the JIT
  const inScope = questions.filter((q) => q.intent !== null).length;
  const { correct, ...latency } = measure(
    questions,
    rounds,
    (q) => router.route(q.text, q.language).alternatives[0]?.intent,
  );
  return { ...latency, top1: correct / inScope, samples: questions.length * rounds };
}

/**
 * The baseline docs/routing.md describes: one plain fuse.js index over every example
 * sentence (both languages), default options; the best hit's topic.
 */
export function fuseBaselineFigures(
  kb: KnowledgeBase,
  questions: Question[],
  rounds: number,
): RoutingFigures {
  const records = [...kb.topics.values()].flatMap((topic) =>
    Object.values(topic.content).flatMap((content) =>
      content.examples.map((example) => ({ example, topic: topic.id })),
    ),
  );
  const fuse = new Fuse(records, { keys: ["example"] });
  for (const q of questions.slice(0, 20)) fuse.search(q.text, { limit: 1 });
  const inScope = questions.filter((q) => q.intent !== null).length;
  const { correct, ...latency } = measure(
    questions,
    rounds,
    (q) => fuse.search(q.text, { limit: 1 })[0]?.item.topic,
  );
  return { ...latency, top1: correct / inScope, samples: questions.length * rounds };
}
