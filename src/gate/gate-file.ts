import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, renameSync, writeFileSync } from "node:fs";
import { FEATURE_BITS } from "./features.ts";
import { Gate, type TrainingSet } from "./gate.ts";
import { QuantizedSoftmax } from "./quantized-softmax.ts";
import type { TrainingOptions } from "./softmax-regression.ts";

/** Bumped whenever features or training change in a way the key's inputs do not show. */
const FORMAT = "panah-gate-2";

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
  /** Per class: the weight of one step of the stored bytes, and the bias. */
  scales: number[];
  bias: number[];
}

/**
 * Writes `gate` as one JSON header line (classes, scales, biases) then its one-byte weights,
 * through a temporary file so a crash never leaves half a gate.
 */
export function writeGateFile(file: string, gate: Gate, key: string): void {
  const { weights, scales, bias } = gate.model;
  const header: Header = {
    format: FORMAT,
    key,
    classes: [...gate.classes],
    scales: [...scales],
    bias: [...bias],
  };
  const padded = Buffer.from(`${JSON.stringify(header)}\n`);
  const body = Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength);
  // Per process: two replicas sharing a data directory may train the same gate at once.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.concat([padded, body]));
  renameSync(partial, file);
}

/** The gate in `file` if it was trained under `key`; `undefined` if absent, stale or damaged. */
export function readGateFile(file: string, key: string): Gate | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    // The header is read first, and the weights straight into their array: reading the whole
    // file into a buffer and copying would hold the 10 MB twice, and resident memory keeps it.
    const head = Buffer.alloc(MAX_HEADER_BYTES);
    const headBytes = readSync(fd, head, 0, head.length, 0);
    const end = head.subarray(0, headBytes).indexOf(0x0a);
    if (end < 0) return undefined;
    let header: Header;
    try {
      header = JSON.parse(head.subarray(0, end).toString("utf8")) as Header;
    } catch {
      return undefined;
    }
    const classes = header.classes?.length;
    if (
      header.format !== FORMAT ||
      header.key !== key ||
      !classes ||
      header.scales?.length !== classes ||
      header.bias?.length !== classes
    )
      return undefined;
    const start = end + 1;
    const weights = new Int8Array((1 << FEATURE_BITS) * classes);
    if (fstatSync(fd).size !== start + weights.byteLength) return undefined;
    const bytes = new Uint8Array(weights.buffer);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, start + read);
      if (n === 0) return undefined;
      read += n;
    }
    return new Gate(
      header.classes,
      new QuantizedSoftmax(
        classes,
        weights,
        Float32Array.from(header.scales),
        Float32Array.from(header.bias),
      ),
    );
  } finally {
    closeSync(fd);
  }
}

/** Ample for the JSON header: a key and a few hundred topic ids. */
const MAX_HEADER_BYTES = 64 * 1024;
