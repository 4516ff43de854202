import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRIVATE_MENU, registerCommandMenus } from "../../../adapters/telegram/commands-menu.ts";
import { type Harness, startHarness } from "./support/harness.ts";

describe("the Telegram bot, as a person on Telegram sees it (Bot API emulator)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("/start gets the welcome and the topic menu as buttons", async () => {
    const [welcome, ...more] = await h.person().command("/start");
    expect(more).toEqual([]);
    expect(welcome?.text).toContain("Hello, I'm Panah");
    expect(welcome?.html).toContain("<b>Panah</b>");
    expect(welcome?.buttons.map((b) => b.data)).toEqual(
      expect.arrayContaining(["k:domestic-apps", "k:messengers", "l:fa"]),
    );
  });

  it('"Is Bale safe?" gets its title first, the answer as HTML, one compact sources line, and related topics and All sources as buttons', async () => {
    const [answer, ...more] = await h.person().say("Is Bale safe?");
    expect(more).toEqual([]);
    expect(answer?.html).toMatch(
      /^<b>Is Bale safe\?<\/b>\n\n<b>No\.<\/b> An audit funded by the Open Technology Fund/,
    );
    expect(answer?.text).toContain("• For private talk, use Signal.");
    expect(answer?.html).toContain('<a href="https://signal.org/">Signal</a>');
    expect(answer?.html).toContain(
      'Sources: <a href="https://filter.watch/english/2024/12/17/investigative-report-december-iranian-messaging-apps">Filterwatch 2024</a>',
    );
    expect(answer?.text).not.toContain("Investigative report");
    expect(answer?.text).toMatch(/My newest information is from December 2024\.$/);
    expect(answer?.buttons).toEqual([
      { text: "Signal", data: "t:signal" },
      { text: "Talk to a person", data: "t:get-help" },
      { text: "All sources", data: "s:bale" },
    ]);
  });

  it("the All sources button lists every source in full, with a button back to the answer", async () => {
    const person = h.person();
    const [answer] = await person.say("Is Bale safe?");
    const [list] = await person.press("s:bale", answer?.messageId ?? 0);
    expect(list?.text).toContain("Sources for “Is Bale safe?”:");
    expect(list?.text).toContain(
      "• Investigative report (December): Iranian messaging apps (Filterwatch, 17 December 2024)",
    );
    expect(list?.buttons).toEqual([{ text: "Is Bale safe?", data: "t:bale" }]);
  });

  it("a question in Persian gets the Persian answer, with Persian publisher names and Solar Hijri dates", async () => {
    const [answer] = await h.person().say("بله امنه؟");
    expect(answer?.html).toMatch(/^<b>آیا بله امن است؟<\/b>\n\n<b>نه\.<\/b> ممیزی‌ای/);
    expect(answer?.html).toContain('منابع: <a href="https://filter.watch/');
    expect(answer?.text).toContain("فیلترواچ ۱۴۰۳");
    expect(answer?.text).toContain("تازه‌ترین اطلاعات من مربوط به آذر ۱۴۰۳ است.");
    expect(answer?.buttons.map((b) => b.text)).toEqual(["سیگنال", "کمک از یک انسان", "همهٔ منابع"]);
  });

  it("a near tie offers the close topics as buttons, and pressing one gets that answer", async () => {
    const person = h.person();
    const [suggestion] = await person.say("which is safer, bale or signal?");
    expect(suggestion?.text).toBe("Did you mean one of these?");
    expect(suggestion?.buttons.map((b) => b.data)).toEqual(["t:signal", "t:bale", "c:topics"]);

    const answeredBefore = h.calls.filter((c) => c.method === "answerCallbackQuery").length;
    const [answer] = await person.press("t:signal", suggestion?.messageId ?? 0);
    expect(answer?.html).toMatch(/^<b>Signal<\/b>\n\nSignal encrypts every chat end to end/);
    // The button stops spinning: the callback query is answered.
    expect(h.calls.filter((c) => c.method === "answerCallbackQuery").length).toBe(
      answeredBefore + 1,
    );
  });

  it("the topic menu leads through a category to a topic's answer", async () => {
    const person = h.person();
    const [menu] = await person.command("/topics");
    const [category] = await person.press("k:domestic-apps", menu?.messageId ?? 0);
    expect(category?.buttons).toEqual([{ text: "Is Bale safe?", data: "t:bale" }]);
    const [answer] = await person.press("t:bale", category?.messageId ?? 0);
    expect(answer?.html).toMatch(/^<b>Is Bale safe\?<\/b>\n\n<b>No\.<\/b>/);
  });

  it("/lang fa, then a question in English, gets the answer in Persian", async () => {
    const person = h.person();
    const [confirmation] = await person.command("/lang fa");
    expect(confirmation?.text).toMatch(/^\[fa\]/);
    const [answer] = await person.say("Is Bale safe?");
    expect(answer?.html).toMatch(/^<b>آیا بله امن است؟<\/b>\n\n<b>نه\.<\/b>/);
  });

  it("the language of the person's Telegram app picks the language of the first reply", async () => {
    const [welcome] = await h.person({ languageCode: "fa-IR" }).command("/start");
    expect(welcome?.html).toMatch(/^سلام، من <b>پناه<\/b>/);
  });

  it("the deep link t.me/<bot>?start=bale opens the bale topic", async () => {
    const [answer] = await h.person().command("/start bale");
    expect(answer?.html).toMatch(/^<b>Is Bale safe\?<\/b>\n\n<b>No\.<\/b> An audit/);
  });

  it("a question full of markup gets a normal reply, in valid HTML", async () => {
    const replies = await h
      .person()
      .say('Is Bale <b>safe</b>? & <script>alert("x")</script> **really**');
    // Every reply was parsed as Telegram parses HTML (the emulator checks nothing), so none broke.
    expect(replies.length).toBe(1);
    expect(
      ["Did you mean one of these?", "I'm not sure I understood"].some((t) =>
        replies[0]?.text.startsWith(t),
      ),
    ).toBe(true);
  });

  it("every command in the menu gets an answer", async () => {
    // /guide answers with a document, not a text: test/export/guide-telegram.test.ts covers it.
    for (const command of PRIVATE_MENU.filter((name) => name !== "guide")) {
      const replies = await h.person().command(`/${command}`);
      expect(replies.length, command).toBeGreaterThan(0);
      expect(replies[0]?.text, command).not.toContain("I don't know the command");
    }
  });

  it("a mistyped command offers what it probably meant as a button, and deletes nothing", async () => {
    const person = h.person();
    await person.command("/subscribe");
    const [typo] = await person.command("/forgot");
    expect(typo?.text).toBe("I don't know the command /forgot. Did you mean /forget?");
    expect(typo?.buttons).toEqual([{ text: "/forget", data: "c:forget" }]);
    const [asked] = await person.press("c:forget", typo?.messageId ?? 0);
    expect(asked?.buttons.map((b) => b.data)).toEqual(["f:yes", "f:no"]);
    expect(
      await h.panah.store.getSubscription({ platform: "telegram", userId: String(person.userId) }),
    ).toBeDefined();
  });

  it("a thank-you gets a warm reply, not the fallback and its menu", async () => {
    const [reply] = await h.person().say("thanks!");
    expect(reply?.text).toBe("You're welcome. Stay safe, and ask me whenever you need to.");
    expect(reply?.buttons).toEqual([]);
  });

  it("someone sending too fast gets one polite notice, then silence until they slow down", async () => {
    const person = h.person();
    for (let i = 0; i < 8; i++) expect(await person.say("Is Signal safe?")).toHaveLength(1);
    const [notice] = await person.say("Is Signal safe?");
    expect(notice?.text).toContain("You're sending messages faster than I can answer");
    expect(await person.say("Is Signal safe?")).toEqual([]);
  });

  describe("in a group", () => {
    it("a message that neither mentions nor replies to the bot is ignored", async () => {
      expect(await h.person({ type: "supergroup" }).say("Is Bale safe?")).toEqual([]);
    });

    it("a mention of the bot gets the answer, as a reply to the question", async () => {
      const [answer] = await h.person({ type: "supergroup" }).say("@TestNameBot Is Bale safe?");
      expect(answer?.html).toMatch(/^<b>Is Bale safe\?<\/b>\n\n<b>No\.<\/b>/);
      expect(answer?.payload.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
    });

    it("a reply to one of the bot's messages gets an answer", async () => {
      const [answer] = await h.person({ type: "group" }).say("Is Signal safe?", {
        reply_to_message: {
          message_id: 1,
          chat: { id: 1, type: "group" },
          date: 0,
          from: { id: 666, is_bot: true, first_name: "Bot" },
        },
      });
      expect(answer?.html).toMatch(/^<b>Signal<\/b>\n\nSignal encrypts/);
    });

    it("commands for the bot are answered; commands for another bot are not", async () => {
      const group = h.person({ type: "supergroup" });
      expect((await group.command("/help@TestNameBot"))[0]?.text).toContain("Ask me a question");
      expect(await group.command("/help@SomeOtherBot")).toEqual([]);
    });

    it("commands about the person's own data point to a private chat instead", async () => {
      const group = h.person({ type: "supergroup" });
      const [notice] = await group.command("/subscribe");
      expect(notice?.text).toBe(
        "To protect your privacy, /subscribe only works in a private chat with me.",
      );
      expect(notice?.buttons).toEqual([
        { text: "Open a private chat", url: "https://t.me/TestNameBot" },
      ]);
      expect(
        await h.panah.store.getSubscription({ platform: "telegram", userId: String(group.userId) }),
      ).toBeUndefined();
    });
  });

  it("a 429 from Telegram is waited out and the answer still arrives", async () => {
    h.faults.set("sendMessage", [
      {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      },
    ]);
    const person = h.person();
    const [answer] = await person.say("Is Bale safe?");
    expect(answer?.html).toMatch(/^<b>Is Bale safe\?<\/b>\n\n<b>No\.<\/b>/);
    expect(
      h.calls.filter(
        (c) => c.method === "sendMessage" && String(c.payload.chat_id) === String(person.chatId),
      ),
    ).toHaveLength(2);
  });

  it("a 403 from Telegram (the person blocked the bot) is logged, and the bot keeps answering", async () => {
    h.faults.set("sendMessage", [
      { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
    ]);
    expect(await h.person().say("Is Bale safe?")).toEqual([]);
    expect(
      h.logs.some(
        (line) =>
          line.includes('"code":403') && line.includes("failed to handle a Telegram update"),
      ),
    ).toBe(true);
    const [answer] = await h.person().say("Is Signal safe?");
    expect(answer?.html).toMatch(/^<b>Signal<\/b>\n\nSignal encrypts/);
  });

  it("methods the server lacks (setMyCommands, sendChatAction) are logged once, skipped, and answering goes on", async () => {
    await registerCommandMenus(h.bot.api, h.optional, h.panah.knowledge().kb);
    const person = h.person();
    await person.say("Is Bale safe?");
    const [answer] = await person.say("Is Signal safe?");
    expect(answer?.html).toMatch(/^<b>Signal<\/b>\n\nSignal encrypts/);
    expect(h.calls.filter((c) => c.method === "setMyCommands")).toHaveLength(1);
    expect(h.calls.filter((c) => c.method === "sendChatAction")).toHaveLength(1);
    const skipped = h.logs.filter((line) => line.includes("does not offer this method"));
    expect(skipped.map((line) => JSON.parse(line).method).sort()).toEqual([
      "sendChatAction",
      "setMyCommands",
    ]);
  });

  it("a person who blocks the bot is unsubscribed from alerts", async () => {
    const person = h.person();
    expect((await person.command("/subscribe"))[0]?.text).toContain("You're subscribed");
    const user = { id: person.userId, is_bot: false, first_name: "A" };
    await h.bot.handleUpdate({
      update_id: 1,
      my_chat_member: {
        chat: { id: person.chatId, type: "private", first_name: "A" },
        from: user,
        date: 0,
        old_chat_member: { status: "member", user: { id: 666, is_bot: true, first_name: "Bot" } },
        new_chat_member: {
          status: "kicked",
          until_date: 0,
          user: { id: 666, is_bot: true, first_name: "Bot" },
        },
      },
    });
    expect(
      await h.panah.store.getSubscription({ platform: "telegram", userId: String(person.userId) }),
    ).toBeUndefined();
  });

  it("the logs hold no message text, no user or chat ids and no token", async () => {
    const person = h.person();
    await person.say("Is Bale safe? my secret question");
    const values = h.logs.flatMap((line) => leaves(JSON.parse(line)));
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect(value).not.toContain("secret question");
      expect(value).not.toContain("<script>");
      expect(value).not.toContain(h.token);
      expect(value).not.toBe(String(person.userId));
    }
    expect(h.logs.join("\n")).not.toMatch(new RegExp(`\\b${person.userId}\\b`));
  });
});

function leaves(value: unknown): string[] {
  if (value === null || typeof value !== "object") return [String(value)];
  return Object.values(value).flatMap(leaves);
}
