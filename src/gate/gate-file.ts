import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { FEATURE_BITS } from "./features.ts";
import { Gate, type TrainingSet } from "./gate.ts";
import { SoftmaxRegression, type TrainingOptions } from "./softmax-regression.ts";

/** Bumped whenever features or training change in a way the key's inputs do not show. */
const FORMAT = "panah-gate-1";

/**
 * The key of a trained gate: a digest of everything it was trained from (every question, its
 * label and weight, the options, the feature table's size). A gate file is used only under its
 * own key, so an edit to the knowledge base can never be routed by a gate that predates it.
 */
export function gateKey(set: TrainingSet, options: TrainingOptions): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({ format: FORMAT, bits: FEATURE_BITS, options, classes: set.classes }),
  );
  for (const { text, label, weight } of set.questions)
    hash.update(`\n${label}\t${weight}\t${text}`);
  return hash.digest("hex");
}

interface Header {
  format: string;
  key: string;
  classes: string[];
}

/**
 * Writes `gate` as one JSON header line then its float32 weights (little-endian, as on every
 * machine Panah runs on), through a temporary file so a crash never leaves half a gate.
 */
export function writeGateFile(file: string, gate: Gate, key: string): void {
  const header: Header = { format: FORMAT, key, classes: [...gate.classes] };
  const head = Buffer.from(`${JSON.stringify(header)}\n`);
  // The weights start on a 4-byte boundary so they can be read as a Float32Array in place.
  const padded = Buffer.concat([head, Buffer.alloc((4 - (head.length % 4)) % 4, " ")]);
  const weights = gate.model.weights;
  const body = Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength);
  // Per process: two replicas sharing a data directory may train the same gate at once.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.concat([padded, body]));
  renameSync(partial, file);
}

/** The gate in `file` if it was trained under `key`; `undefined` if absent, stale or damaged. */
export function readGateFile(file: string, key: string): Gate | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const end = bytes.indexOf(0x0a);
  if (end < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(0, end).toString("utf8")) as Header;
  } catch {
    return undefined;
  }
  if (header.format !== FORMAT || header.key !== key || !Array.isArray(header.classes))
    return undefined;
  const start = Math.ceil((end + 1) / 4) * 4;
  const length = ((1 << FEATURE_BITS) + 1) * header.classes.length;
  if (bytes.length !== start + length * 4) return undefined;
  // A copy, not a view: the file's buffer may come from a pool shared with other reads.
  const weights = new Float32Array(length);
  Buffer.from(weights.buffer).set(bytes.subarray(start));
  return new Gate(header.classes, new SoftmaxRegression(header.classes.length, weights));
}
