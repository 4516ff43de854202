import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { BUNDLED_KNOWLEDGE_DIR, loadRouter } from "../../../src/engine/knowledge.ts";
import { renderGuide } from "../../../src/export/guide.ts";
import type { KnowledgeBase } from "../../../src/knowledge/knowledge-base.ts";
import type { Router } from "../../../src/router/router.ts";
import { launchChromium } from "./chromium.ts";

export interface OpenGuide {
  page: Page;
  /** Every request other than the file itself, refused. */
  requests: string[];
  /** Console errors and warnings (a CSP violation shows up here) and uncaught errors. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * The bundled knowledge base's guide written to a temporary file, and Chromium to open it in:
 * call `start` in `beforeAll` and `stop` in `afterAll`.
 */
export class GuideInBrowser {
  browser!: Browser;
  kb!: KnowledgeBase;
  router!: Router;
  url = "";
  private dir = "";

  async start(): Promise<void> {
    const { kb, router } = await loadRouter(BUNDLED_KNOWLEDGE_DIR);
    this.kb = kb;
    this.router = router;
    const guide = renderGuide(kb, { exportedAt: new Date("2026-12-01T09:00:00Z") });
    this.dir = mkdtempSync(join(tmpdir(), "panah-guide-"));
    const file = join(this.dir, guide.fileName);
    writeFileSync(file, guide.html);
    this.url = pathToFileURL(file).href;
    this.browser = await launchChromium();
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Opens the guide; every request other than the file itself is refused and recorded. */
  async open(
    options: { width?: number; height?: number; javaScript?: boolean; locale?: string } = {},
  ): Promise<OpenGuide> {
    const context = await this.browser.newContext({
      viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
      javaScriptEnabled: options.javaScript ?? true,
      serviceWorkers: "block",
      locale: options.locale ?? "en-US",
    });
    const requests: string[] = [];
    const problems: string[] = [];
    await context.route("**/*", (route) => {
      const wanted = route.request().url();
      if (wanted === this.url) return route.continue();
      requests.push(wanted);
      return route.abort();
    });
    const page = await context.newPage();
    page.on("request", (request) => {
      if (request.url() !== this.url) requests.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(String(error)));
    await page.goto(this.url, { waitUntil: "load" });
    return { page, requests, problems, close: () => context.close() };
  }
}

/** The topics the search lists, best first, as their ids. */
export async function searchHits(page: Page, query: string): Promise<string[]> {
  await page.locator("#q").fill(query);
  return page.$$eval("#hits li", (items) =>
    items.map((item) =>
      String(
        (
          item as unknown as { firstElementChild: { getAttribute(n: string): string } }
        ).firstElementChild.getAttribute("href"),
      ).replace(/^#t-/, ""),
    ),
  );
}

// Code passed to page.evaluate runs in the browser; the project compiles without the DOM
// library, so the browser globals used here are declared for this file only.
interface ScreenElement {
  tagName: string;
  id: string;
  className: string;
  getBoundingClientRect(): { right: number };
}
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(selector: string): Iterable<ScreenElement>;
};

/** Elements that stick out of the screen sideways (the first five), and how wide the page scrolls. */
export function sidewaysOverflow(
  page: Page,
): Promise<{ scrollWidth: number; clientWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .map((el) => `${el.tagName}#${el.id}.${el.className}`)
      .slice(0, 5);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
}
