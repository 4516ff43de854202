import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/loader.ts";
import { copyOfFixture } from "../helpers/knowledge.ts";

/** YAML-shaped noise: keys, indentation, flow collections, anchors, tags, quotes. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "id: ",
        "en:\n",
        "  examples:\n",
        "    - ",
        "answer: |\n",
        "related: [",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!binary ",
        "!!js/function ",
        "<<: *a\n",
        "? ",
        "'",
        '"',
        "\n",
        "  ",
        "\t",
        "---\n",
        "...\n",
        "#",
        ": ",
        "- ",
        "%YAML 1.1\n",
      ),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(""));

describe("the knowledge loader, given arbitrary documents", () => {
  it("never crashes: it returns located problems instead", async () => {
    const kb = copyOfFixture();
    await fc.assert(
      fc.asyncProperty(yamlish, async (document) => {
        writeFileSync(join(kb.dir, "topics", "signal.yaml"), document);
        const { kb: loaded, problems } = await loadKnowledge(kb.dir);
        if (!loaded) {
          expect(problems.length).toBeGreaterThan(0);
          for (const p of problems) expect(p.file).toBeTruthy();
        }
      }),
      { numRuns: 200 },
    );
  });

  it("refuses an alias bomb instead of expanding it", async () => {
    const kb = copyOfFixture();
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(", ")}]`,
      ),
    ].join("\n");
    writeFileSync(join(kb.dir, "topics", "signal.yaml"), bomb);
    const { kb: loaded, problems } = await loadKnowledge(kb.dir);
    expect(loaded).toBeUndefined();
    expect(problems.some((p) => p.file === "topics/signal.yaml")).toBe(true);
  });
});
