import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_KNOWLEDGE, type Harness, startHarness } from "./support/harness.ts";

// Maintainers' YAML is untrusted too: a welcome text full of markup characters, and far longer
// than one Telegram message (interface strings have no length check in the knowledge base).
const HOSTILE =
  'Use <script>alert("x")</script> & keep <b>calm</b> **really** [the site](https://example.org/a?b=1&c="2")';
const PARAGRAPHS = Array.from(
  { length: 60 },
  (_, i) =>
    `Paragraph ${i + 1}: ${"stay safe and check the facts before you share them. ".repeat(2)}`,
);

describe("long and hostile knowledge content on Telegram", () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "panah-telegram-"));
    await cp(FIXTURE_KNOWLEDGE, dir, { recursive: true });
    const uiFile = join(dir, "ui", "en.yaml");
    const welcome = [HOSTILE, ...PARAGRAPHS].map((p) => `    ${p}`).join("\n\n");
    const ui = (await readFile(uiFile, "utf8")).replace(
      / {2}welcome: \|\n(?: {4}.*\n|\n)*?(?= {2}help:)/,
      `  welcome: |\n${welcome}\n`,
    );
    await writeFile(uiFile, ui);
    h = await startHarness({ knowledgeDir: dir });
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("a welcome longer than one message arrives split at paragraph boundaries, buttons on the last part", async () => {
    const parts = await h.person().command("/start");
    expect(parts.length).toBeGreaterThan(1);
    // Each part parsed as Telegram HTML and fits (checked on every message the harness reads).
    for (const part of parts.slice(0, -1)) expect(part.buttons).toEqual([]);
    expect(parts.at(-1)?.buttons.map((b) => b.data)).toContain("k:domestic-apps");
    // Nothing lost, nothing cut mid-paragraph: every paragraph sits whole in one part, in order.
    const texts = parts.map((p) => p.text);
    for (const text of texts) expect(text).toMatch(/^(Use|Paragraph \d+:)/);
    expect(texts.join("\n\n")).toBe(
      [visibleHostile(), ...PARAGRAPHS.map((p) => p.trim())].join("\n\n"),
    );
  });

  it("markup characters in the YAML reach the person as text, not as markup", async () => {
    const [first] = await h.person().command("/start");
    expect(first?.html).toContain(
      "Use &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; keep &lt;b&gt;calm&lt;/b&gt; <b>really</b>",
    );
    expect(first?.html).toContain('<a href="https://example.org/a?b=1&amp;c=%222%22">the site</a>');
  });
});

function visibleHostile(): string {
  return 'Use <script>alert("x")</script> & keep <b>calm</b> really the site';
}
