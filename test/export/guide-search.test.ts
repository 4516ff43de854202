import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadParaphraseSet } from "../../src/eval/paraphrase-set.ts";
import type { Language } from "../../src/text/language.ts";
import { REPO } from "../helpers/cli.ts";
import { chromiumAvailable } from "./support/chromium.ts";
import { GuideInBrowser, searchHits } from "./support/guide-page.ts";

/** Questions per topic taken from each paraphrase set (its first ones): the sample. */
const PER_TOPIC = 2;

describe.skipIf(!chromiumAvailable())("the offline guide's search, in headless Chromium", () => {
  const guide = new GuideInBrowser();
  beforeAll(() => guide.start());
  afterAll(() => guide.stop());

  it("ranks the topic a search is about first, as the bot does: vpn, a paraphrase, a typo, Persian", async () => {
    const { page, problems, close } = await guide.open({ width: 360, height: 740 });
    // Before: the VPN topic came 8th of 11 topics that contained "vpn" somewhere.
    expect((await searchHits(page, "vpn"))[0]).toBe("vpn");
    // Before: nothing, because "mom" and "cut" are in no answer.
    const paraphrase = await searchHits(page, "my mom internet cut");
    expect(paraphrase[0]).toBe(guide.router.route("my mom internet cut").alternatives[0]?.intent);
    expect(["blackout-status", "contact-family"]).toContain(paraphrase[0]);
    expect((await searchHits(page, "is whatsap safe"))[0]).toBe("whatsapp");
    expect((await searchHits(page, "فیلترشکن"))[0]).toBe("vpn");
    // «ایتا امنه؟» typed on an Arabic keyboard (ي, not ی).
    expect(
      (await searchHits(page, "\u0627\u064A\u062A\u0627 \u0627\u0645\u0646\u0647\u061F"))[0],
    ).toBe("eitaa");
    // The topics show in that order too, the list of links above them.
    const order = await page.$$eval(".topic:not([hidden])", (topics) =>
      topics
        .map((t) => ({
          id: (t as unknown as { id: string }).id,
          top: (
            t as unknown as { getBoundingClientRect(): { top: number } }
          ).getBoundingClientRect().top,
        }))
        .sort((a, b) => a.top - b.top)
        .map((t) => t.id.slice(2)),
    );
    expect(order[0]).toBe("eitaa");
    // In the Persian view the list names the topics in Persian only.
    await page.locator('[data-lang="fa"]').click();
    expect(await page.locator("#hits a.fa").first().isVisible()).toBe(true);
    expect(await page.locator("#hits a.en").first().isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await close();
  });

  for (const language of ["en", "fa"] as const) {
    it(`finds the right topic first for most of a sample of the ${language} paraphrase set, about as often as the bot`, async () => {
      const sample = await paraphraseSample(language);
      const { page, close } = await guide.open();
      let guideFirst = 0;
      let botFirst = 0;
      const misses: string[] = [];
      for (const { question, topic } of sample) {
        const [first] = await searchHits(page, question);
        if (first === topic) guideFirst++;
        else misses.push(`${question} → ${first ?? "nothing"} (${topic})`);
        if (guide.router.route(question).alternatives[0]?.intent === topic) botFirst++;
      }
      process.stdout.write(
        `guide search, ${language}: ${guideFirst}/${sample.length} first; the bot: ${botFirst}/${sample.length}\n`,
      );
      expect(guideFirst / sample.length, misses.join("\n")).toBeGreaterThanOrEqual(0.8);
      expect(guideFirst).toBeGreaterThanOrEqual(botFirst - Math.ceil(sample.length * 0.1));
      await close();
      // Some 80 searches, each waiting for the page: slow on a busy machine, and not a measure.
    }, 120_000);
  }
});

/** The first {@link PER_TOPIC} questions of each topic in the paraphrase set (not the held-out set). */
async function paraphraseSample(language: Language) {
  const set = await loadParaphraseSet(
    join(REPO, "test", "eval", `paraphrases.${language}.yaml`),
    language,
  );
  return Object.entries(set.topics).flatMap(([topic, questions]) =>
    questions.slice(0, PER_TOPIC).map((question) => ({ question, topic })),
  );
}
