import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Gate, trainingSet } from "../../src/gate/gate.ts";
import { gateKey, readGateFile, writeGateFile } from "../../src/gate/gate-file.ts";
import { DEFAULT_TRAINING } from "../../src/gate/softmax-regression.ts";
import type { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";

const background = { questions: ["will it rain tomorrow", "هوا فردا چطوره"], digest: "test" };
let kb: KnowledgeBase;
let gate: Gate;
beforeAll(async () => {
  const loaded = await loadKnowledge(FIXTURE_KNOWLEDGE);
  if (!loaded.kb) throw new Error("fixture does not load");
  kb = loaded.kb;
  gate = Gate.train(trainingSet(kb, background));
});

describe("gate files", () => {
  it("read back a gate that judges exactly as the one written", () => {
    const file = join(tempDir(), "gate.bin");
    const key = gateKey(trainingSet(kb, background), DEFAULT_TRAINING);
    writeGateFile(file, gate, key);
    const read = readGateFile(file, key);
    expect(read?.classes).toEqual(gate.classes);
    for (const q of ["is bale safe", "سیگنال امن است؟", "will it rain"])
      expect(read?.judge(q)).toEqual(gate.judge(q));
  });

  it("are never used for another knowledge base: a changed example changes the key", () => {
    const set = trainingSet(kb, background);
    const edited = structuredClone(set);
    const first = edited.questions[0];
    if (first) first.text += " edited";
    expect(gateKey(edited, DEFAULT_TRAINING)).not.toBe(gateKey(set, DEFAULT_TRAINING));
    expect(gateKey(set, { ...DEFAULT_TRAINING, epochs: 1 })).not.toBe(
      gateKey(set, DEFAULT_TRAINING),
    );
    const file = join(tempDir(), "gate.bin");
    writeGateFile(file, gate, gateKey(set, DEFAULT_TRAINING));
    expect(readGateFile(file, gateKey(edited, DEFAULT_TRAINING))).toBeUndefined();
  });

  it("that are missing, truncated or not gates at all read as absent, not as a broken gate", () => {
    const dir = tempDir();
    const key = "k";
    expect(readGateFile(join(dir, "none.bin"), key)).toBeUndefined();
    writeFileSync(join(dir, "junk.bin"), "not a gate");
    expect(readGateFile(join(dir, "junk.bin"), key)).toBeUndefined();
    const file = join(dir, "gate.bin");
    writeGateFile(file, gate, key);
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 8));
    expect(readGateFile(file, key)).toBeUndefined();
  });
});
