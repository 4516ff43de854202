import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledTitle } from "../helpers/knowledge.ts";
import { chromiumAvailable } from "./support/chromium.ts";
import { GuideInBrowser, sidewaysOverflow } from "./support/guide-page.ts";

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
  const guide = new GuideInBrowser();
  let topicCount: number;

  beforeAll(async () => {
    await guide.start();
    topicCount = guide.kb.topics.size;
  });
  afterAll(() => guide.stop());
  const open = guide.open.bind(guide);

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
    await page.locator("#t-signal").scrollIntoViewIfNeeded();
    await page.locator("#q").fill("");
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
    // The contents still lead to each category, and each category's list to its topics.
    expect(await page.locator('#toc a[href="#c-circumvention"]').count()).toBe(1);
    expect(await page.locator('#c-circumvention .cat-toc a[href="#t-vpn"]').count()).toBe(2);
    await close();
  });

  it("fits a 360-pixel phone screen without sideways scrolling, in every language view", async () => {
    const { page, close } = await open({ width: 360, height: 740 });
    for (const view of ["both", "fa", "en"]) {
      await page.locator(`[data-lang="${view}"]`).click();
      const { scrollWidth, clientWidth, wide } = await sidewaysOverflow(page);
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
