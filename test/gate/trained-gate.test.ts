import { chmodSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { trainedGate } from "../../src/gate/trained-gate.ts";
import type { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";

const background = { questions: ["will it rain tomorrow", "هوا فردا چطوره"], digest: "test" };
let kb: KnowledgeBase;
beforeAll(async () => {
  const loaded = await loadKnowledge(FIXTURE_KNOWLEDGE);
  if (!loaded.kb) throw new Error("fixture does not load");
  kb = loaded.kb;
});

const trainings = (log: ReturnType<typeof capturingLogger>) =>
  log.lines().filter((line) => line.includes("out-of-scope gate trained")).length;

describe("trainedGate", () => {
  it("trains once for a knowledge base, then reads the saved gate on every later start", async () => {
    const dir = tempDir();
    const log = capturingLogger();
    const first = await trainedGate(kb, { dirs: [dir], logger: log.logger, background });
    const second = await trainedGate(kb, { dirs: [dir], logger: log.logger, background });
    expect(trainings(log)).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith(".bin"))).toHaveLength(1);
    expect(second.judge("is bale safe")).toEqual(first.judge("is bale safe"));
  });

  it("trains again when the knowledge base changes, never reusing the old gate", async () => {
    const dir = tempDir();
    const log = capturingLogger();
    await trainedGate(kb, { dirs: [dir], logger: log.logger, background });
    const edited = { ...background, questions: [...background.questions, "a new everyday one"] };
    await trainedGate(kb, { dirs: [dir], logger: log.logger, background: edited });
    expect(trainings(log)).toBe(2);
  });

  it("saves in the next directory when the first cannot be written, and still routes when none can", async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere: nothing to test
    const locked = tempDir();
    chmodSync(locked, 0o500);
    const open = tempDir();
    const log = capturingLogger();
    await trainedGate(kb, { dirs: [locked, open], logger: log.logger, background });
    expect(readdirSync(open).some((f) => f.endsWith(".bin"))).toBe(true);
    const gate = await trainedGate(kb, { dirs: [locked], logger: log.logger, background });
    expect(gate.judge("is bale safe").topic?.intent).toBeDefined();
  });

  it("saves in the next directory when the first is not a directory at all", async () => {
    const notADir = join(tempDir(), "file");
    writeFileSync(notADir, "x");
    const open = tempDir();
    const log = capturingLogger();
    await trainedGate(kb, { dirs: [notADir, open], logger: log.logger, background });
    expect(readdirSync(open).some((f) => f.endsWith(".bin"))).toBe(true);
    const gate = await trainedGate(kb, {
      dirs: [join(notADir, "sub")],
      logger: log.logger,
      background,
    });
    expect(gate.classes).toContain("bale");
    expect(log.lines().join("\n")).toContain("set PANAH_CACHE_DIR to a writable directory");
  });
});
