import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BUNDLED_KNOWLEDGE_DIR, loadRouter } from "../../src/engine/knowledge.ts";
import { guideFileName, renderGuide } from "../../src/export/guide.ts";
import { escapeHtml } from "../../src/export/html.ts";
import { currencyLine } from "../../src/knowledge/answer.ts";
import { formatDate } from "../../src/text/dates.ts";
import { copyOfFixture, FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";

const EXPORTED = new Date("2026-12-01T09:00:00Z");

describe("the offline guide page", () => {
  it("holds every bundled topic in both languages, with dated sources and a search index, in under 360 kB", async () => {
    const { kb } = await loadRouter(BUNDLED_KNOWLEDGE_DIR);
    const { html, fileName, mimeType } = renderGuide(kb, { exportedAt: EXPORTED });
    expect(fileName).toBe("panah-guide-2026-12-01.html");
    expect(mimeType).toBe("text/html");
    const size = Buffer.byteLength(html);
    // 286 kB before the search index (37 kB) and the topics' navigation links (33 kB).
    expect(size).toBeLessThan(360 * 1024);
    for (const topic of kb.topics.values()) {
      const article = new RegExp(
        `<article class="topic" id="t-${topic.id}"[\\s\\S]*?</article>`,
      ).exec(html)?.[0];
      expect(article, topic.id).toBeDefined();
      expect(article).toContain('<section class="en" lang="en" dir="ltr">');
      expect(article).toContain('<section class="fa" lang="fa" dir="rtl">');
      // The guide is what people keep when cut off: every source in full, in both languages.
      for (const language of ["en", "fa"] as const) {
        expect(article).toContain(currencyLine(kb, topic, language));
        for (const id of topic.sources) {
          const source = kb.sources.get(id);
          expect(article).toContain(`${formatDate(source?.date ?? "", language)})</li>`);
          expect(article).toContain(escapeHtml(source?.url ?? ""));
        }
      }
    }
    expect(html).toContain("Exported 1 December 2026.");
    expect(html).toContain("۱۰ آذر ۱۴۰۵");
  });

  it("loads nothing from anywhere: no external fonts, scripts, styles or images, and a CSP that forbids them", async () => {
    const { kb } = await loadRouter(BUNDLED_KNOWLEDGE_DIR);
    const { html } = renderGuide(kb, { exportedAt: EXPORTED });
    expect(html).not.toMatch(/<(img|link|iframe|object|embed|video|audio|source)\b/i);
    expect(html).not.toMatch(/\ssrc=|@import|url\(|@font-face/i);
    // Links only where a person taps them: answers and sources.
    expect(html.match(/\shref="(?!#)[^"]*"/g)?.every((href) => href.includes("https://"))).toBe(
      true,
    );
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toMatch(/^default-src 'none'; /);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    const hash = (text: string) => createHash("sha256").update(text).digest("base64");
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("escapes every text that comes from the YAML", async () => {
    const kb = copyOfFixture();
    kb.edit("topics/bale.yaml", (text) =>
      text
        .replace("title: Is Bale safe?", `title: "<img src=x onerror=alert(1)> & \\"q\\""`)
        .replace("keywords: [", `keywords: ['" onmouseover="alert(1)', `),
    );
    kb.edit("sources.yaml", (text) =>
      text.replace(/name: Filterwatch/, "name: </li><script>x</script>"),
    );
    const { kb: loaded } = await loadRouter(kb.dir);
    const { html } = renderGuide(loaded, { exportedAt: EXPORTED });
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;");
    expect(html).not.toContain("<img");
    // The keyword reaches the search index as terms (stemmed: "mouseov"), and cannot close its
    // script block.
    const index = /<script type="application\/json" id="index">([\s\S]*?)<\/script>/.exec(
      html,
    )?.[1];
    expect(JSON.parse(index ?? "").en).toContain("mouseov");
    expect(index).not.toMatch(/<|"\s+on/);
    expect(html).toContain("&lt;/li&gt;&lt;script&gt;x&lt;/script&gt;");
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it("renders answers from the rich-text model: bold, lists and links, not raw markdown", async () => {
    const { kb } = await loadRouter(FIXTURE_KNOWLEDGE);
    const { html } = renderGuide(kb, { exportedAt: EXPORTED });
    expect(html).toContain("<strong>No.</strong>");
    expect(html).toMatch(/<ul><li>[^<]/);
    expect(html).toContain('<a href="https://signal.org/" dir="auto" rel="noreferrer">');
    expect(html).not.toMatch(/\*\*|\]\(https/);
  });

  it("names the file after the day it was exported", () => {
    expect(guideFileName(new Date("2027-01-31T23:59:59Z"))).toBe("panah-guide-2027-01-31.html");
  });
});
