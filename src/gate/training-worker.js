// Trains a gate in a worker thread, so a hot reload never stalls the bot: the main thread
// keeps answering with the last good knowledge base while the new one's gate trains (a few
// seconds). Plain JavaScript, because a worker starts without the parent's TypeScript loader;
// it registers tsx itself, as bin/panah.js does.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { Gate } = await import("./gate.ts");
const { model } = Gate.train(workerData.set, workerData.options);
const { weights, scales, bias } = model;
parentPort?.postMessage({ weights, scales, bias }, [weights.buffer, scales.buffer, bias.buffer]);
