import { afterEach, describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../src/core/messages.ts";
import { toPlainText } from "../../src/core/richtext.ts";
import { conversation } from "../helpers/engine.ts";
import { tempDir } from "../helpers/knowledge.ts";

type Conversation = Awaited<ReturnType<typeof conversation>>;
const open: Conversation[] = [];
async function chat(options?: Parameters<typeof conversation>[0]) {
  const c = await conversation(options);
  open.push(c);
  return c;
}
afterEach(async () => {
  for (const c of open.splice(0)) await c.panah.close();
});

describe("Engine: questions", () => {
  it("answers a clear question with its title first, the answer, one compact sources line, how current it is and related topics", async () => {
    const c = await chat();
    const [reply] = await c.send("Is Bale safe?");
    expect(reply).toMatchObject({
      kind: "answer",
      topic: "bale",
      language: "en",
      chatId: "chat-1",
    });
    // The title comes first, in bold, so the "No." below it answers the question it names.
    expect(reply?.blocks[0]).toEqual({
      kind: "paragraph",
      content: [{ kind: "bold", children: [{ kind: "text", text: "Is Bale safe?" }] }],
    });
    const text = await c.say("Is Bale safe?");
    expect(text.indexOf("Is Bale safe?")).toBeLessThan(text.indexOf("No."));
    expect(text).toContain("Open Technology Fund");
    expect(text).toContain("Sources: Filterwatch 2024 (https://filter.watch/");
    expect(text).not.toContain("Investigative report");
    // Built on a dated fact: it says how new that fact is, not when someone last reviewed it.
    expect(text).toContain("My newest information is from December 2024.");
    expect(text).not.toContain("Last checked");
    expect(reply?.choices).toEqual([
      { label: "Signal", action: "t:signal" },
      { label: "Talk to a person", action: "t:get-help" },
      { label: "All sources", action: "s:bale" },
    ]);
  });

  it("says when an answer without dated facts was last checked, as a date people read", async () => {
    const c = await chat();
    const text = await c.say("does signal work in iran");
    expect(text).toContain("Last checked 28 November 2026.");
  });

  it("lists every source in full behind the All sources choice, and behind /sources right after an answer", async () => {
    const c = await chat();
    await c.send("Is Bale safe?");
    const [list] = await c.send("3");
    expect(list?.kind).toBe("command");
    const text = toPlainText(list?.blocks ?? []);
    expect(text).toContain("Sources for “Is Bale safe?”:");
    expect(text).toContain(
      "• Investigative report (December): Iranian messaging apps (https://filter.watch/english/2024/12/17/investigative-report-december-iranian-messaging-apps) (Filterwatch, 17 December 2024)",
    );
    expect(list?.choices).toEqual([{ label: "Is Bale safe?", action: "t:bale" }]);
    await c.send("Is Bale safe?");
    const [again] = await c.send("/sources");
    expect(toPlainText(again?.blocks ?? [])).toContain("Sources for “Is Bale safe?”:");
  });

  it("answers a Persian question in Persian, with Solar Hijri dates and Persian publisher names", async () => {
    const c = await chat();
    const [reply] = await c.send("بله امن است؟");
    expect(reply).toMatchObject({ kind: "answer", topic: "bale", language: "fa" });
    const text = await c.say("بله امن است؟");
    expect(text).toContain("نه.");
    expect(text).toContain("منابع: فیلترواچ ۱۴۰۳");
    expect(text).toContain("تازه‌ترین اطلاعات من مربوط به آذر ۱۴۰۳ است.");
    await c.send("بله امن است؟");
    const [list] = await c.send("/sources");
    // The source's own Persian title, and its date as Persian readers write it.
    expect(toPlainText(list?.blocks ?? [])).toContain(
      "گزارش تحقیقی (آذر): پیام‌رسان‌های ایرانی (https://filter.watch/english/2024/12/17/investigative-report-december-iranian-messaging-apps) (فیلترواچ، ۲۷ آذر ۱۴۰۳)",
    );
  });

  it("falls back on an out-of-scope question with the topic menu and the human-help topic", async () => {
    const c = await chat();
    const [reply] = await c.send("what's the weather in Tehran tomorrow");
    expect(reply?.kind).toBe("fallback");
    expect(reply?.choices.map((x) => x.action)).toEqual([
      "k:domestic-apps",
      "k:messengers",
      "k:help",
      "t:get-help",
    ]);
  });

  it("says a message is over the length it reads, in the person's language, instead of cutting it", async () => {
    const c = await chat();
    const [reply] = await c.send(`Is Bale safe? ${"a ".repeat(2_100)}`);
    expect(reply?.kind).toBe("notice");
    expect(toPlainText(reply?.blocks ?? [])).toBe(
      "Your message is 4214 characters; I read at most 4096. Please send a shorter one.",
    );
    const [persian] = await c.send(`بله امنه؟ ${"ا ".repeat(2_100)}`);
    expect(toPlainText(persian?.blocks ?? [])).toMatch(/^\[fa\] Your message is \d+ characters/);
  });

  it("offers did-you-mean choices and 'none of these' when two topics are close", async () => {
    const c = await chat();
    const [reply] = await c.send("which is safer, bale or signal?");
    expect(reply?.kind).toBe("suggest");
    expect(reply?.choices.map((x) => x.action)).toEqual(
      expect.arrayContaining(["t:bale", "t:signal", "c:topics"]),
    );
    expect(reply?.choices.at(-1)).toEqual({
      label: "None of these: show all topics",
      action: "c:topics",
    });
  });

  it("asks for words when the message is only emoji", async () => {
    const c = await chat();
    expect(await c.say("🙏🙂")).toContain("Send me your question in words");
  });

  it("opens a topic from a pressed button, and a category's topics from the menu", async () => {
    const c = await chat();
    expect((await c.press("t:signal"))[0]).toMatchObject({ kind: "answer", topic: "signal" });
    const [category] = await c.press("k:messengers");
    expect(category?.choices).toEqual([{ label: "Signal", action: "t:signal" }]);
  });

  it("picks an offered choice when the reply is just its number, in Persian digits too", async () => {
    const c = await chat();
    await c.send("Is Bale safe?");
    expect((await c.send("1"))[0]).toMatchObject({ kind: "answer", topic: "signal" });
    await c.send("Is Bale safe?");
    expect((await c.send("۲"))[0]).toMatchObject({ kind: "answer", topic: "get-help" });
  });

  it("treats a number as a question when no choice is pending", async () => {
    const c = await chat();
    expect((await c.send("7"))[0]?.kind).not.toBe("answer");
  });

  it("shows the menu for a stale button whose topic no longer exists", async () => {
    const c = await chat();
    expect((await c.press("t:removed-topic"))[0]?.choices.length).toBeGreaterThan(0);
  });
});

describe("Engine: commands", () => {
  it("welcomes on /start with the topic menu and a language switch", async () => {
    const c = await chat();
    const [reply] = await c.send("/start");
    expect(toText(reply)).toContain("I'm Panah");
    expect(reply?.choices.map((x) => x.action)).toContain("l:fa");
  });

  it("opens a topic from a deep link payload (/start bale)", async () => {
    const c = await chat();
    expect((await c.send("/start bale"))[0]).toMatchObject({ kind: "answer", topic: "bale" });
  });

  it("understands Telegram's /command@botname and Matrix's !command", async () => {
    const c = await chat();
    expect(await c.say("/help@panah_bot")).toContain("/topics");
    expect(await c.say("!help")).toContain("/topics");
  });

  it("lists the topics menu on /topics", async () => {
    const c = await chat();
    const [reply] = await c.send("/topics");
    expect(toText(reply)).toContain("Here is everything I can answer");
    expect(reply?.choices.map((x) => x.action)).toContain("t:get-help");
  });

  it("remembers /lang fa and answers English questions in Persian from then on", async () => {
    const c = await chat();
    expect(await c.say("/lang fa")).toContain("[fa]");
    const [reply] = await c.send("Is Bale safe?");
    expect(reply).toMatchObject({ topic: "bale", language: "fa" });
    expect((await c.send("/lang english"))[0]?.language).toBe("en");
  });

  it("offers both languages on /lang alone and explains an unknown one", async () => {
    const c = await chat();
    expect((await c.send("/lang"))[0]?.choices.map((x) => x.action)).toEqual(["l:en", "l:fa"]);
    expect(await c.say("/lang de")).toContain("/lang en or /lang fa");
  });

  it("uses the platform's language for the first reply until the person chooses", async () => {
    const c = await chat({ languageHint: "fa-IR" });
    expect((await c.send("/start"))[0]?.language).toBe("fa");
  });

  it("answers /sources and /privacy from their topics when the knowledge base has them", async () => {
    const c = await chat();
    // The fixture has neither topic: Panah falls back to the help text instead of failing.
    expect(await c.say("/privacy")).toContain("/topics");
    expect(await c.say("/sources")).toContain("/topics");
  });

  it("subscribes and unsubscribes, and says when there was nothing to change", async () => {
    const c = await chat();
    expect(await c.say("/subscribe")).toContain("You're subscribed");
    expect(await c.say("/subscribe")).toContain("already subscribed");
    expect(await c.say("/unsubscribe")).toContain("You're unsubscribed");
    expect(await c.say("/unsubscribe")).toContain("weren't subscribed");
  });

  it("asks before deleting everything on /forget, deletes on yes, and says so", async () => {
    const c = await chat({ dataDir: tempDir() });
    await c.send("/lang fa");
    await c.send("/subscribe");
    await c.send("/lang en");
    const [question] = await c.send("/forget");
    expect(toPlainText(question?.blocks ?? [])).toContain("It cannot be undone.");
    expect(question?.choices.map((x) => x.action)).toEqual(["f:yes", "f:no"]);
    // On Matrix and in the terminal the choice is a number.
    expect(await c.say("1")).toContain("(2 records)");
    await c.send("/forget");
    expect(await c.say("1")).toContain("nothing stored");
    expect((await c.send("Is Bale safe?"))[0]?.language).toBe("en");
  });

  it("keeps everything when the person says no, or answers an old confirmation", async () => {
    const c = await chat({ dataDir: tempDir() });
    await c.send("/subscribe");
    await c.send("/forget");
    expect(await c.say("2")).toBe("Nothing was deleted.");
    await c.send("/forget");
    await c.send("Is Bale safe?");
    // The confirmation button of an earlier message, pressed after something else was offered.
    const [stale] = await c.press("f:yes");
    expect(toPlainText(stale?.blocks ?? [])).toContain("no longer current");
    expect(await c.say("/subscribe")).toContain("already subscribed");
  });

  it("never takes a mistyped command for /forget", async () => {
    const c = await chat({ dataDir: tempDir() });
    await c.send("/subscribe");
    expect(await c.say("/forgot")).toContain("Did you mean /forget?");
    expect(await c.say("1")).not.toContain("deleted");
    expect(await c.say("/subscribe")).toContain("already subscribed");
  });

  it("suggests the command someone probably meant", async () => {
    const c = await chat();
    expect(await c.say("/hlep")).toContain("Did you mean /help?");
    expect(await c.say("!xyzzy")).toContain("I don't know the command !xyzzy");
  });
});

describe("Engine: limits and privacy", () => {
  it("rate-limits a flood with one polite notice, and recovers after a pause", async () => {
    const c = await chat();
    const replies = [];
    for (let i = 0; i < 100; i++) replies.push(await c.send("Is Bale safe?"));
    const notices = replies.flat().filter((r) => r.kind === "notice");
    expect(notices).toHaveLength(1);
    expect(replies.flat().filter((r) => r.kind === "answer").length).toBeLessThan(20);
    c.clock.advance(60_000);
    expect((await c.send("Is Bale safe?"))[0]?.kind).toBe("answer");
  });

  it("never refuses /forget or its confirmation, even in the middle of a flood", async () => {
    const c = await chat({ dataDir: tempDir() });
    await c.send("/subscribe");
    for (let i = 0; i < 100; i++) await c.send("Is Bale safe?");
    expect(await c.send("Is Bale safe?")).toEqual([]);
    const [question] = await c.send("/forget");
    expect(question?.choices.map((x) => x.action)).toEqual(["f:yes", "f:no"]);
    expect(await c.say("1")).toContain("(1 records)");
  });

  it("keeps answering other people while one floods", async () => {
    const c = await chat();
    for (let i = 0; i < 50; i++) await c.send("Is Bale safe?");
    const [reply] = await c.panah.engine.handle({
      platform: "console",
      userId: "someone-else",
      chatId: "other",
      isDirect: true,
      text: "Is Bale safe?",
    });
    expect(reply?.kind).toBe("answer");
  });

  it("never logs what people write or who they are", async () => {
    const c = await chat({ userId: "user-98765" });
    await c.send("Is Bale safe?");
    await c.send("my secret-phrase-123 is here");
    await c.send("/lang fa");
    const logged = c.log.lines().join("\n");
    expect(logged).toContain('"topic":"bale"');
    expect(logged).not.toContain("secret-phrase-123");
    expect(logged).not.toContain("user-98765");
    expect(logged).not.toContain("chat-1");
  });

  it("answers with an apology, not silence, when the store fails", async () => {
    const c = await chat();
    c.panah.store.subscribe = async () => {
      throw new Error("disk I/O error");
    };
    const [reply] = await c.send("/subscribe");
    expect(reply?.kind).toBe("error");
    expect(c.log.lines().join("\n")).toContain("disk I/O error");
  });

  it("still answers questions when the store cannot say which language the person chose", async () => {
    const c = await chat();
    c.panah.store.getLanguage = async () => {
      throw new Error("disk I/O error");
    };
    const [reply] = await c.send("Is Bale safe?");
    expect(reply).toMatchObject({ kind: "answer", language: "en" });
  });
});

function toText(reply: OutboundMessage | undefined): string {
  return reply ? toPlainText(reply.blocks) : "";
}
