import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_KNOWLEDGE_DIR } from "../../../src/index.ts";
import { freshId, type Harness, startHarness } from "./support/harness.ts";
import { parseTelegramHtml } from "./support/telegram-html.ts";

/** One inline result as Telegram would show it and, once picked, send it. */
interface Card {
  id: string;
  title: string;
  description: string;
  /** The sent card's visible text, parsed as Telegram parses its HTML. */
  text: string;
  button: { text: string; url: string };
}

interface Answered {
  cards: Card[];
  isPersonal: boolean;
  cacheTime: number;
  askButton: { text: string; start_parameter: string };
}

// The Bot API emulator has no inline mode: the real bot gets a real inline_query update, and
// its answerInlineQuery call is recorded (and answered "ok") closest to the network.
describe("sharing an answer through inline mode (@PanahBot <words>)", () => {
  let h: Harness;
  let nextUpdate = 900_000;

  beforeAll(async () => {
    h = await startHarness({
      knowledgeDir: BUNDLED_KNOWLEDGE_DIR,
      botInfo: { supports_inline_queries: true },
    });
  });
  afterAll(() => h.stop());

  async function typeInline(query: string, languageCode?: string): Promise<Answered> {
    h.faults.set("answerInlineQuery", [{ ok: true, result: true }]);
    const before = h.calls.length;
    const update = {
      update_id: nextUpdate++,
      inline_query: {
        id: String(nextUpdate),
        from: {
          id: freshId(),
          is_bot: false,
          first_name: "Sara",
          ...(languageCode ? { language_code: languageCode } : {}),
        },
        query,
        offset: "",
        chat_type: "group",
      },
    } as Update;
    await h.bot.handleUpdate(update);
    const call = h.calls.slice(before).find((c) => c.method === "answerInlineQuery");
    if (!call) throw new Error("the bot did not answer the inline query");
    return toAnswered(call.payload);
  }

  it("offers the matching topic first, in the language typed and then the other", async () => {
    const { cards } = await typeInline("is bale safe");
    expect(cards[0]?.id).toBe("bale:en");
    expect(cards[1]?.id).toBe("bale:fa");
    expect(cards[0]?.title).toBe("Is Bale safe?");
    expect(cards[1]?.title).toBe("پیام‌رسان بله امن است؟");
    expect(cards.length).toBeLessThanOrEqual(10);
  });

  it("sends a compact card: title, the answer's opening, sources and date, and a link to the whole answer", async () => {
    const { cards } = await typeInline("bale");
    const bale = cards.find((c) => c.id === "bale:en");
    expect(bale?.text.startsWith("Is Bale safe?")).toBe(true);
    expect(bale?.text).toContain("Anyone with access to its servers can read what you send");
    expect(bale?.text).toContain("Sources: Filterwatch");
    expect(bale?.text).toMatch(/Last checked|newest information/);
    // A glance, not the whole answer: the advice on what to do instead stays in the bot.
    expect(bale?.text).not.toContain("Instead");
    expect(bale?.text.length).toBeLessThan(700);
    expect(bale?.button).toEqual({
      text: "Read the full answer in Panah",
      url: "https://t.me/TestNameBot?start=bale_en",
    });
    const persian = cards.find((c) => c.id === "bale:fa");
    expect(persian?.button.text).toBe("خواندن پاسخ کامل در پناه");
    expect(persian?.button.url).toBe("https://t.me/TestNameBot?start=bale_fa");
  });

  it("ranks Persian and Finglish queries like the bot does, Persian cards first", async () => {
    const persian = await typeInline("پیام‌رسان بله امنه؟");
    expect(persian.cards[0]?.id).toBe("bale:fa");
    expect(persian.askButton.text).toBe("پرسیدن از پناه در گفت‌وگوی خصوصی");
    const finglish = await typeInline("bale amne?");
    expect(finglish.cards[0]?.id).toBe("bale:fa");
    const vpn = await typeInline("which vpn is safe to use in iran");
    expect(vpn.cards[0]?.id).toBe("vpn:en");
  });

  it("finds a topic by its id, which is what the Share button under an answer types", async () => {
    const { cards } = await typeInline("arrested-relative");
    expect(cards[0]?.id).toBe("arrested-relative:en");
  });

  it("with nothing typed, offers a topic from each part of the menu in the person's language", async () => {
    const answered = await typeInline("", "fa");
    expect(answered.cards[0]?.id.endsWith(":fa")).toBe(true);
    expect(new Set(answered.cards.map((c) => c.id.split(":")[0])).size).toBeGreaterThanOrEqual(3);
    // Only this list depends on the person, so only it must not be cached for others.
    expect(answered.isPersonal).toBe(true);
    const typed = await typeInline("bale", "fa");
    expect(typed.isPersonal).toBe(false);
    expect(typed.cacheTime).toBeGreaterThan(0);
  });

  it("answers words that match nothing with no cards and a way to ask Panah itself", async () => {
    const answered = await typeInline("qqqq zzzz");
    expect(answered.cards).toEqual([]);
    expect(answered.askButton).toEqual({
      text: "Ask Panah in a private chat",
      start_parameter: "share",
    });
  });

  it("survives hostile queries and logs none of them", async () => {
    const long = "bale ".repeat(400);
    const answered = await typeInline(long);
    expect(answered.cards[0]?.id).toMatch(/^bale:/);
    await typeInline("\u202e\u0000<b>&amp;</b>😀".repeat(30));
    const logs = h.logs.join("");
    expect(logs).not.toContain("bale amne");
    expect(logs).not.toContain("qqqq");
    expect(logs).not.toContain("Sara");
  });
});

describe("the Share button and the card's link, in a chat with the bot", () => {
  it("puts a Share button under answers when inline mode is on, and none when it is off", async () => {
    const on = await startHarness({
      knowledgeDir: BUNDLED_KNOWLEDGE_DIR,
      botInfo: { supports_inline_queries: true },
    });
    const off = await startHarness({ knowledgeDir: BUNDLED_KNOWLEDGE_DIR });
    try {
      const [answer] = await on.person().say("Is Bale safe?");
      const share = answer?.buttons.at(-1);
      expect(share).toEqual({ text: "Share this answer", switchInlineQuery: "bale" });
      const [persian] = await on.person().say("پیام‌رسان بله امن است؟");
      expect(persian?.buttons.at(-1)).toEqual({
        text: "فرستادن این پاسخ برای دیگران",
        switchInlineQuery: "bale",
      });
      // Only answers: a "did you mean" or the menu has nothing to share.
      const [menu] = await on.person().command("/topics");
      expect(menu?.buttons.some((b) => b.switchInlineQuery !== undefined)).toBe(false);
      const [without] = await off.person().say("Is Bale safe?");
      expect(without?.buttons.some((b) => b.switchInlineQuery !== undefined)).toBe(false);
    } finally {
      await on.stop();
      await off.stop();
    }
  });

  it("opens the whole answer from a card's link, in the card's language", async () => {
    const h = await startHarness({ knowledgeDir: BUNDLED_KNOWLEDGE_DIR });
    try {
      // A relative whose Telegram is in English opens a Persian card.
      const [answer] = await h.person({ languageCode: "en" }).command("/start bale_fa");
      expect(answer?.text.startsWith("پیام‌رسان بله امن است؟")).toBe(true);
      expect(answer?.text).toContain("منابع:");
      const [english] = await h.person({ languageCode: "fa" }).command("/start bale_en");
      expect(english?.text.startsWith("Is Bale safe?")).toBe(true);
      // The old deep link, a bare topic id, still opens the topic.
      const [bare] = await h.person().command("/start vpn");
      expect(bare?.text.length).toBeGreaterThan(100);
      // "share" (the button above the cards) is no topic: the welcome.
      const [welcome] = await h.person().command("/start share");
      expect(welcome?.buttons.length).toBeGreaterThan(2);
    } finally {
      await h.stop();
    }
  });
});

function toAnswered(payload: Record<string, unknown>): Answered {
  const results = payload.results as Record<string, unknown>[];
  // Telegram's own limits on an answer, checked as it would check them.
  if (results.length > 50) throw new Error("over 50 results");
  const ids = new Set<string>();
  const cards = results.map((result) => {
    const id = String(result.id);
    if (Buffer.byteLength(id) < 1 || Buffer.byteLength(id) > 64 || ids.has(id))
      throw new Error(`bad result id ${id}`);
    ids.add(id);
    const content = result.input_message_content as Record<string, unknown>;
    if (content.parse_mode !== "HTML") throw new Error("cards are sent as HTML");
    const text = parseTelegramHtml(String(content.message_text));
    if (text.length < 1 || text.length > 4096) throw new Error("card text outside 1..4096");
    const markup = result.reply_markup as { inline_keyboard: { text: string; url: string }[][] };
    const button = markup.inline_keyboard.flat()[0];
    if (
      !button ||
      !/^[A-Za-z0-9_-]{1,64}$/.test(new URL(button.url).searchParams.get("start") ?? "")
    )
      throw new Error("the card's link has no valid start parameter");
    return {
      id,
      title: String(result.title),
      description: String(result.description),
      text,
      button,
    };
  });
  const askButton = payload.button as Answered["askButton"];
  return {
    cards,
    isPersonal: payload.is_personal === true,
    cacheTime: Number(payload.cache_time),
    askButton,
  };
}
