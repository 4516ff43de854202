import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_KNOWLEDGE_DIR, loadRouter } from "../../src/engine/knowledge.ts";
import { renderGuide } from "../../src/export/guide.ts";
import { bundledTitle } from "../helpers/knowledge.ts";
import { chromiumAvailable, launchChromium } from "./support/chromium.ts";

// Code passed to page.evaluate runs in the browser. The project compiles without the DOM
// library, so the few browser globals it uses are declared here, for this file only.
interface PageElement {
  id: string;
  tagName: string;
  className: string;
  offsetParent: unknown;
  querySelector(selector: string): PageElement | null;
  closest(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
}
declare const document: {
  documentElement: PageElement & { scrollWidth: number; clientWidth: number };
  body: PageElement;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
};
declare function getComputedStyle(element: PageElement): { direction: string };

/** Where the phone screenshot is kept for a person to look at (git-ignored). */
const SCREENSHOTS = resolve(import.meta.dirname, "..", "..", ".tmp", "screenshots");

describe.skipIf(!chromiumAvailable())("the offline guide in headless Chromium", () => {
  let browser: Browser;
  let url: string;
  let topicCount: number;
  let dir: string;

  beforeAll(async () => {
    const { kb } = await loadRouter(BUNDLED_KNOWLEDGE_DIR);
    topicCount = kb.topics.size;
    const guide = renderGuide(kb, { exportedAt: new Date("2026-12-01T09:00:00Z") });
    dir = mkdtempSync(join(tmpdir(), "panah-guide-"));
    const file = join(dir, guide.fileName);
    writeFileSync(file, guide.html);
    url = pathToFileURL(file).href;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the guide; every request other than the file itself is refused and recorded. */
  async function open(options: { width?: number; height?: number; javaScript?: boolean } = {}) {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
      javaScriptEnabled: options.javaScript ?? true,
      serviceWorkers: "block",
    });
    const requests: string[] = [];
    const problems: string[] = [];
    await context.route("**/*", (route) => {
      const wanted = route.request().url();
      if (wanted === url) return route.continue();
      requests.push(wanted);
      return route.abort();
    });
    const page = await context.newPage();
    page.on("request", (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(String(error)));
    await page.goto(url, { waitUntil: "load" });
    return { page, requests, problems, close: () => context.close() };
  }

  const visibleTopics = (page: Page) =>
    page.$$eval(".topic", (topics: PageElement[]) =>
      topics.filter((t) => t.offsetParent !== null).map((t) => t.id),
    );

  it("shows every topic in English and in Persian, the Persian right to left", async () => {
    const { page, close } = await open();
    expect(await page.locator(".topic").count()).toBe(topicCount);
    await expect
      .poll(() => page.locator("#t-bale .en h3").textContent())
      .toBe(await bundledTitle("bale"));
    expect(await page.locator("#t-bale .fa h3").isVisible()).toBe(true);
    expect(await page.locator("#t-bale .fa h3").textContent()).toBe(
      await bundledTitle("bale", "fa"),
    );
    const directions = await page.$$eval(".topic", (topics: PageElement[]) =>
      topics.map((topic) => ({
        en: getComputedStyle(topic.querySelector(".en p") as PageElement).direction,
        fa: getComputedStyle(topic.querySelector(".fa p") as PageElement).direction,
        faLang: topic.querySelector(".fa p")?.closest("[lang]")?.getAttribute("lang"),
      })),
    );
    expect(new Set(directions.map((d) => d.en))).toEqual(new Set(["ltr"]));
    expect(new Set(directions.map((d) => d.fa))).toEqual(new Set(["rtl"]));
    expect(new Set(directions.map((d) => d.faLang))).toEqual(new Set(["fa"]));
    // Sources with their dates, the day each answer was checked, and the export date.
    const bale = await page.locator("#t-bale .en .src").textContent();
    expect(bale).toMatch(/Sources:[\s\S]*\(Filterwatch, \d{1,2} [A-Z][a-z]+ \d{4}\)/);
    expect(bale).toMatch(
      /(My newest information is from [A-Z][a-z]+|Last checked \d{1,2} [A-Z][a-z]+) \d{4}\./,
    );
    const persian = await page.locator("#t-bale .fa .src").textContent();
    // Persian dates in the Solar Hijri calendar with Persian digits: «(فیلترواچ، ۲۷ آذر ۱۴۰۳)».
    expect(persian).toMatch(/\([^()]+، [۰-۹]{1,2} [^\s)]+ ۱۴[۰-۹]{2}\)/);
    expect(await page.locator("header .en .meta").textContent()).toContain(
      "Exported 1 December 2026.",
    );
    await close();
  });

  it("makes no network request: nothing but the file itself is loaded", async () => {
    const { page, requests, problems, close } = await open();
    await page.locator("#q").fill("signal");
    await page.locator('[data-lang="fa"]').click();
    await page.locator("#t-bale").scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    expect(requests).toEqual([]);
    // A script or style the page's CSP blocks would show up here.
    expect(problems).toEqual([]);
    await close();
  });

  it("the search box finds a topic by a Persian word and by an English word", async () => {
    const { page, close } = await open();
    const search = page.locator("#q");
    await search.fill("استارلینک");
    const persian = await visibleTopics(page);
    expect(persian).toContain("t-starlink");
    expect(persian).not.toContain("t-bale");
    expect(persian.length).toBeLessThan(topicCount);

    await search.fill("Tor bridges");
    expect(await visibleTopics(page)).toContain("t-tor");
    expect((await visibleTopics(page)).length).toBeLessThan(5);

    // Typed on an Arabic keyboard (ي, not ی), "Eitaa" is still found.
    await search.fill("\u0627\u064A\u062A\u0627");
    expect(await visibleTopics(page)).toContain("t-eitaa");

    await search.fill("zzxq");
    expect(await visibleTopics(page)).toEqual([]);
    expect(await page.locator("#none").isVisible()).toBe(true);

    await search.fill("");
    expect((await visibleTopics(page)).length).toBe(topicCount);
    expect(await page.locator("#toc").isVisible()).toBe(true);
    await close();
  });

  it("the language switch shows one language, and the whole page turns right to left for Persian", async () => {
    const { page, close } = await open();
    await page.locator('[data-lang="fa"]').click();
    expect(await page.locator("#t-bale .en").isVisible()).toBe(false);
    expect(await page.locator("#t-bale .fa").isVisible()).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");
    await page.locator('[data-lang="en"]').click();
    expect(await page.locator("#t-bale .en").isVisible()).toBe(true);
    expect(await page.locator("#t-bale .fa").isVisible()).toBe(false);
    await page.locator('[data-lang="both"]').click();
    expect(await page.locator("#t-bale .fa").isVisible()).toBe(true);
    await close();
  });

  it("with scripts off, everything is readable in both languages and no dead controls show", async () => {
    const { page, close } = await open({ javaScript: false });
    expect(await page.locator("#tools").isVisible()).toBe(false);
    expect(await page.locator("#t-vpn .en").isVisible()).toBe(true);
    expect(await page.locator("#t-vpn .fa").isVisible()).toBe(true);
    // The contents still lead to each topic.
    expect(await page.locator('#toc a[href="#t-vpn"]').count()).toBe(2);
    await close();
  });

  it("fits a 360-pixel phone screen without sideways scrolling, in every language view", async () => {
    const { page, close } = await open({ width: 360, height: 740 });
    const overflow = () =>
      page.evaluate(() => {
        const root = document.documentElement;
        const wide = [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
          .map((el) => `${el.tagName}#${el.id}.${el.className}`)
          .slice(0, 5);
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
      });
    for (const view of ["both", "fa", "en"]) {
      await page.locator(`[data-lang="${view}"]`).click();
      const { scrollWidth, clientWidth, wide } = await overflow();
      expect(wide, `elements wider than the screen (${view})`).toEqual([]);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    }
    await page.locator('[data-lang="both"]').click();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator("#t-bale").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "guide-phone-360.png") });
    await close();
  });

  it("prints cleanly: no controls or contents, every topic even while a search is filtering", async () => {
    const { page, close } = await open();
    await page.locator("#q").fill("استارلینک");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#tools").isVisible()).toBe(false);
    expect(await page.locator("#toc").isVisible()).toBe(false);
    expect((await visibleTopics(page)).length).toBe(topicCount);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await close();
  });
});
