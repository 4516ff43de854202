import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable } from "./support/chromium.ts";
import { GuideInBrowser, sidewaysOverflow } from "./support/guide-page.ts";

// Code passed to page.evaluate runs in the browser; the project compiles without the DOM
// library, so the few browser globals it uses are declared here, for this file only.
interface PageElement {
  tagName: string;
  id: string;
  className: string;
  textContent: string | null;
  firstChild: PageNode | null;
  getBoundingClientRect(): { top: number; bottom: number; left: number; right: number };
}
interface PageNode {
  textContent: string | null;
}
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number; scrollHeight: number };
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  createRange(): {
    setStart(node: PageNode, offset: number): void;
    setEnd(node: PageNode, offset: number): void;
    getBoundingClientRect(): { left: number; right: number };
  };
};
declare const innerHeight: number;
declare function getComputedStyle(element: PageElement): { direction: string };

const PHONE = { width: 360, height: 740 };

/** Whether the element's top is on screen after the jump a link made. */
const onScreen = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element: PageElement) => {
    const { top } = element.getBoundingClientRect();
    return top >= -1 && top < innerHeight;
  });

describe.skipIf(!chromiumAvailable())("finding one's way in the offline guide on a phone", () => {
  const guide = new GuideInBrowser();
  beforeAll(() => guide.start());
  afterAll(() => guide.stop());

  for (const [language, javaScript] of [
    ["en", true],
    ["fa", true],
    ["en", false],
  ] as const) {
    it(`${language}, scripts ${javaScript ? "on" : "off"}: contents → category → topic → related topic → back to the contents`, async () => {
      const { page, problems, close } = await guide.open({ ...PHONE, javaScript });
      const side = `.${language}`;
      if (javaScript) await page.locator(`[data-lang="${language}"]`).click();
      const vpn = guide.kb.topics.get("vpn");
      if (!vpn) throw new Error("no vpn topic");

      // The contents list the categories; a tap lands on the category, which lists its topics.
      await page.locator(`#toc a[href="#c-${vpn.category}"]`).click();
      expect(await onScreen(page, `#c-${vpn.category}`)).toBe(true);
      const listed = await page
        .locator(`#c-${vpn.category} .cat-toc a${side}`)
        .evaluateAll((links) =>
          links.map((a) => String((a as unknown as { hash: string }).hash).slice(3)),
        );
      expect(listed).toEqual(
        [...guide.kb.topics.values()].filter((t) => t.category === vpn.category).map((t) => t.id),
      );
      await page.locator(`#c-${vpn.category} .cat-toc a${side}[href="#t-vpn"]`).click();
      expect(await onScreen(page, "#t-vpn")).toBe(true);

      // Each of its related topics is linked, by its title in this language, and the links work.
      const related = page.locator(`#t-vpn ${side} .rel a`);
      expect(
        await related.evaluateAll((links) => links.map((a) => a.getAttribute("href"))),
      ).toEqual(vpn.related.map((id) => `#t-${id}`));
      const first = vpn.related[0] ?? "";
      expect(await related.first().textContent()).toBe(
        guide.kb.topics.get(first)?.content[language]?.title,
      );
      await related.first().click();
      expect(await onScreen(page, `#t-${first}`)).toBe(true);

      // And from there, back to the contents.
      const back = page.locator(`#t-${first} ${side} .back a`);
      expect(await back.textContent()).toBe(guide.kb.ui[language].guide.back);
      await back.click();
      expect(await onScreen(page, "#toc")).toBe(true);

      expect((await sidewaysOverflow(page)).wide).toEqual([]);
      expect(problems).toEqual([]);
      await close();
    });
  }

  it("a related topic or the contents, followed from a search result, ends the search and is there", async () => {
    const { page, close } = await guide.open(PHONE);
    const vpn = guide.kb.topics.get("vpn");
    const first = vpn?.related[0] ?? "";
    await page.locator("#q").fill("vpn");
    expect(await page.locator(`#t-${first}`).isVisible()).toBe(false);
    await page.locator(`#hits a.en[href="#t-vpn"]`).click();
    expect(await page.locator("#q").inputValue()).toBe("vpn");
    await page.locator(`#t-vpn .en .rel a[href="#t-${first}"]`).click();
    expect(await page.locator("#q").inputValue()).toBe("");
    expect(await onScreen(page, `#t-${first}`)).toBe(true);
    await page.locator("#q").fill("vpn");
    await page.locator("#t-vpn .en .back a").click();
    expect(await onScreen(page, "#toc")).toBe(true);
    await close();
  });

  it("a phone starts in one language, its own, instead of both stacked into a page twice as long", async () => {
    const shown = async (options: { width: number; locale: string }) => {
      const { page, close } = await guide.open(options);
      const view = await page.locator("html").getAttribute("data-show");
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await close();
      return { view, height };
    };
    const phone = await shown({ width: 360, locale: "en-US" });
    expect(phone.view).toBe("en");
    expect((await shown({ width: 360, locale: "fa-IR" })).view).toBe("fa");
    const wide = await shown({ width: 1200, locale: "en-US" });
    expect(wide.view).toBe("both");
    const { page, close } = await guide.open({ width: 360 });
    await page.locator('[data-lang="both"]').click();
    const both = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(phone.height).toBeLessThan(both * 0.6);
    await close();
  });

  it("nothing overflows sideways at phone width, in English and Persian, while searching too", async () => {
    const { page, close } = await guide.open(PHONE);
    for (const view of ["en", "fa", "both"]) {
      await page.locator(`[data-lang="${view}"]`).click();
      for (const query of ["", "vpn", "فیلترشکن امن"]) {
        await page.locator("#q").fill(query);
        const { scrollWidth, clientWidth, wide } = await sidewaysOverflow(page);
        expect(wide, `wider than the screen (${view}, "${query}")`).toEqual([]);
        expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      }
    }
    await close();
  });

  it("shows Latin handles and commands inside Persian left to right: @GetBridgesBot, /subscribe", async () => {
    const { page, close } = await guide.open(PHONE);
    await page.locator('[data-lang="fa"]').click();
    const layout = await page.evaluate(() =>
      ["#t-tor .fa", "#t-alerts .fa"].map((section) => {
        const isolates = [...document.querySelectorAll(`${section} bdi`)];
        return ["@GetBridgesBot", "/subscribe"].flatMap((word) => {
          const bdi = isolates.find((el) => el.textContent === word);
          const text = bdi?.firstChild;
          if (!bdi || !text) return [];
          // Where the first two characters are drawn: "@" or "/" must be left of what follows.
          const box = (i: number) => {
            const range = document.createRange();
            range.setStart(text, i);
            range.setEnd(text, i + 1);
            return range.getBoundingClientRect();
          };
          return [
            {
              word,
              direction: getComputedStyle(bdi).direction,
              leftToRight: box(0).left < box(1).left,
            },
          ];
        });
      }),
    );
    expect(layout.flat()).toEqual([
      { word: "@GetBridgesBot", direction: "ltr", leftToRight: true },
      { word: "/subscribe", direction: "ltr", leftToRight: true },
    ]);
    // The sentence around them is still right to left.
    expect(
      await page
        .locator("#t-tor .fa p")
        .first()
        .evaluate((p: PageElement) => getComputedStyle(p).direction),
    ).toBe("rtl");
    await close();
  });
});
