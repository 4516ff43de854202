import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPanah, type Panah } from "../../src/app.ts";
import { toPlainText, visibleLength } from "../../src/core/richtext.ts";
import { BUNDLED_KNOWLEDGE_DIR } from "../../src/engine/knowledge.ts";
import { MAX_MESSAGE_CHARS } from "../../src/knowledge/answer-checks.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { hostileText } from "./arbitraries.ts";

let panah: Panah;
const log = capturingLogger();
beforeAll(async () => {
  panah = await createPanah({
    logger: log.logger,
    knowledgeDir: BUNDLED_KNOWLEDGE_DIR,
    rateLimit: { burst: 1e9, perMinute: 1e9 },
  });
});
afterAll(() => panah.close());

let n = 0;
const ask = (text: string, action?: string) =>
  panah.engine.handle({
    platform: "telegram",
    userId: `p${n++}`,
    chatId: "c",
    isDirect: n % 2 === 0,
    text,
    ...(action ? { action } : {}),
  });

describe("the engine, given anything", () => {
  it("never throws, always replies, and keeps every reply within one message", async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(), async (text) => {
        const replies = await ask(text);
        expect(replies.length).toBeGreaterThan(0);
        for (const reply of replies) {
          expect(reply.kind).not.toBe("error");
          expect(visibleLength(reply.blocks)).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
          for (const choice of reply.choices)
            expect(Buffer.byteLength(choice.action)).toBeLessThanOrEqual(64);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never echoes what a person typed back into a reply (no reflected markup)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("<script>alert(1)</script>", "@everyone", "**x**", "[a](javascript:x)"),
        hostileText(100),
        async (marker, rest) => {
          for (const reply of await ask(`${rest} ${marker}`))
            expect(toPlainText(reply.blocks)).not.toContain(marker);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("handles buttons it never offered, with any payload", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 64 }), async (action) => {
        expect((await ask("", action)).length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it("answers a 100 kB message like any other", async () => {
    const huge = `${"لطفا کمک کنید ".repeat(4000)} Is Bale safe?`;
    expect(huge.length).toBeGreaterThan(50_000);
    const [reply] = await ask(`${huge}${"x".repeat(100_000 - huge.length)}`);
    expect(reply).toBeDefined();
    expect(log.lines().join("\n")).not.toContain("لطفا کمک کنید");
  });
});
