import { statSync } from "node:fs";
import { join } from "node:path";
import { cacheDirs } from "../src/engine/knowledge.ts";
import { loadBackground } from "../src/gate/background.ts";
import { Gate, trainingSet } from "../src/gate/gate.ts";
import { gateKey } from "../src/gate/gate-file.ts";
import { DEFAULT_TRAINING } from "../src/gate/softmax-regression.ts";
import type { KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import { Router } from "../src/router/router.ts";
import { type LatencyStats, measure, type Question, routerFigures } from "./routing.ts";

export interface GateFigures {
  /** Training from scratch (a cache miss: a fresh install, or an edited knowledge base). */
  trainingMs: number;
  trainingQuestions: number;
  /** The weight table in memory, and the file a trained gate is cached in. */
  modelMb: number;
  fileMb: number | null;
  /** The gate's own judgement of one question. */
  judge: LatencyStats;
  /** The lexical router alone, measured beside the gated one (`routing.panah`). */
  lexical: LatencyStats & { top1: number };
}

/** What the out-of-scope gate costs: training time, latency, size. */
export function gateFigures(kb: KnowledgeBase, questions: Question[], rounds: number): GateFigures {
  const set = trainingSet(kb, loadBackground());
  const times: number[] = [];
  let gate: Gate | undefined;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    gate = Gate.train(set, DEFAULT_TRAINING);
    times.push(performance.now() - started);
  }
  if (!gate) throw new Error("no gate trained");
  const trained = gate;
  for (const q of questions) trained.judge(q.text);
  const { correct: _, ...judge } = measure(
    questions,
    rounds,
    (q) => trained.judge(q.text).topic?.intent,
  );
  const name = `gate-${gateKey(set, DEFAULT_TRAINING).slice(0, 16)}.bin`;
  const file = cacheDirs()
    .map((dir) => statSync(join(dir, name), { throwIfNoEntry: false }))
    .find(Boolean);
  return {
    trainingMs: times.sort((a, b) => a - b)[1] ?? 0,
    trainingQuestions: set.questions.length,
    modelMb: trained.model.weights.byteLength / 2 ** 20,
    fileMb: file ? file.size / 2 ** 20 : null,
    judge,
    lexical: routerFigures(new Router(kb), questions, rounds),
  };
}
