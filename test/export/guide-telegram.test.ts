import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../adapters/telegram/support/harness.ts";
import { acceptDocuments, type ReceivedDocument } from "./support/telegram-documents.ts";

describe("/guide on Telegram (Bot API emulator)", () => {
  let h: Harness;
  let documents: ReceivedDocument[];
  beforeAll(async () => {
    h = await startHarness();
    documents = acceptDocuments(h.server);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const sentTo = (chatId: number) => documents.filter((d) => d.chatId === String(chatId));

  it("sends the offline guide as an HTML document with a caption in the person's language", async () => {
    const person = h.person();
    const texts = await person.command("/guide");
    expect(texts).toEqual([]);
    const [guide, ...more] = sentTo(person.chatId);
    expect(more).toEqual([]);
    expect(guide?.fileName).toMatch(/^panah-guide-\d{4}-\d{2}-\d{2}\.html$/);
    expect(guide?.caption).toMatch(/^Panah's offline guide/);
    const html = guide?.data.toString("utf8") ?? "";
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("Is Bale safe?");
    expect(html).toContain('<section class="fa" lang="fa" dir="rtl">');
    expect(h.calls.filter((c) => c.method === "sendDocument")).toHaveLength(1);
  });

  it("captions it in Persian for a Persian Telegram app", async () => {
    const person = h.person({ languageCode: "fa" });
    await person.command("/guide");
    expect(sentTo(person.chatId)[0]?.caption).toMatch(/^راهنمای آفلاین پناه/);
  });

  it("in a group, the document replies to the /guide message", async () => {
    const group = h.person({ type: "group" });
    await group.command("/guide");
    const [guide] = sentTo(group.chatId);
    expect(guide?.replyTo).toEqual(expect.any(Number));
  });

  it("lists /guide in the command menus of private chats and groups", async () => {
    const { commandMenu, GROUP_MENU, PRIVATE_MENU } = await import(
      "../../adapters/telegram/commands-menu.ts"
    );
    expect(PRIVATE_MENU).toContain("guide");
    expect(GROUP_MENU).toContain("guide");
    const menu = commandMenu(PRIVATE_MENU, "fa", h.panah.knowledge().kb);
    expect(menu.find((c) => c.command === "guide")?.description).toBe(
      "راهنمای آفلاین برای نگه‌داشتن و فرستادن",
    );
  });

  it("logs neither the chat id nor the file", () => {
    const logs = h.logs.join("");
    for (const d of documents) expect(logs).not.toContain(d.chatId);
    expect(logs).not.toContain("<!doctype");
  });
});
