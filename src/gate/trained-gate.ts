import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { type Background, loadBackground } from "./background.ts";
import { Gate, type TrainingSet, trainingSet } from "./gate.ts";
import { gateKey, readGateFile, writeGateFile } from "./gate-file.ts";
import type { GateSettings } from "./gate-route.ts";
import { QuantizedSoftmax } from "./quantized-softmax.ts";
import { DEFAULT_TRAINING } from "./softmax-regression.ts";

const GATE_FILE = /^gate-[0-9a-f]{16}\.bin$/;
/**
 * Gates kept per directory, newest first. A gate is useless once its base has changed, but
 * one cache may serve several bases at once (the bundled one and a test's, or two replicas
 * during a rolling update): keeping a few stops them from evicting each other's gate.
 */
const GATES_KEPT = 6;

/**
 * The gate for `kb`: read from the first of `dirs` holding a gate trained on exactly this
 * knowledge base and background, otherwise trained now (a few seconds, in a worker thread so
 * the bot keeps answering) and written to the
 * first of `dirs` that can be written, for the next start. If no directory can be written,
 * only the saving is lost: the gate still routes.
 */
export async function trainedGate(
  kb: KnowledgeBase,
  options: { dirs: readonly string[]; logger?: Logger; background?: Background },
): Promise<Gate> {
  const set = trainingSet(kb, options.background ?? loadBackground());
  const key = gateKey(set, DEFAULT_TRAINING);
  const name = `gate-${key.slice(0, 16)}.bin`;
  for (const dir of options.dirs) {
    const saved = readGateFile(join(dir, name), key);
    if (saved) return saved;
  }
  const started = performance.now();
  const gate = await trainInWorker(set);
  const trainingMs = Math.round(performance.now() - started);
  const failures: string[] = [];
  for (const dir of options.dirs) {
    try {
      mkdirSync(dir, { recursive: true });
      writeGateFile(join(dir, name), gate, key);
    } catch (error) {
      failures.push(`${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    removeOldGates(dir);
    options.logger?.info({ trainingMs, dir }, "out-of-scope gate trained");
    return gate;
  }
  options.logger?.warn(
    { trainingMs, failures },
    "out-of-scope gate trained but not saved, so every start trains it again: set PANAH_CACHE_DIR to a writable directory",
  );
  return gate;
}

/**
 * The gate `settings` ask for over `kb`, with them, as the router takes it; `undefined` when
 * `routing.gate.enabled` is false.
 */
export async function gateFor(
  kb: KnowledgeBase,
  settings: { enabled: boolean } & GateSettings,
  options: { dirs: readonly string[]; logger?: Logger },
): Promise<{ gate: Gate; settings: GateSettings } | undefined> {
  if (!settings.enabled) return undefined;
  return { gate: await trainedGate(kb, options), settings };
}

function removeOldGates(dir: string): void {
  const gates = readdirSync(dir)
    .filter((file) => GATE_FILE.test(file))
    .map((file) => ({
      file,
      at: statSync(join(dir, file), { throwIfNoEntry: false })?.mtimeMs ?? 0,
    }))
    .sort((a, b) => b.at - a.at);
  for (const { file } of gates.slice(GATES_KEPT)) rmSync(join(dir, file), { force: true });
}

/** Trains in a worker thread (see training-worker.js): the event loop stays free meanwhile. */
function trainInWorker(set: TrainingSet): Promise<Gate> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./training-worker.js", import.meta.url), {
      workerData: { set, options: DEFAULT_TRAINING },
    });
    worker.once(
      "message",
      ({
        weights,
        scales,
        bias,
      }: {
        weights: Int8Array;
        scales: Float32Array;
        bias: Float32Array;
      }) =>
        resolve(
          new Gate(set.classes, new QuantizedSoftmax(set.classes.length, weights, scales, bias)),
        ),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the gate's training worker stopped with code ${code}`));
    });
  });
}
