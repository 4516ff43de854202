import { describe, expect, it } from "vitest";
import { COMMANDS, menuFor } from "../../src/engine/commands.ts";
import { conversation } from "../helpers/engine.ts";

const names = (chat: Parameters<typeof menuFor>[0]) => menuFor(chat).map((c) => c.name);

describe("the command registry", () => {
  it("lists the moderators' commands only in moderators' own menus", () => {
    for (const name of ["alert", "approve", "reject"]) {
      expect(names("moderator")).toContain(name);
      expect(names("direct")).not.toContain(name);
      expect(names("group")).not.toContain(name);
    }
  });

  it("offers a group nothing that reveals or changes what is stored about one person", () => {
    expect(names("group")).toEqual([
      "start",
      "help",
      "topics",
      "sources",
      "privacy",
      "alerts",
      "guide",
    ]);
  });

  it("has one entry per command name", () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });

  it("makes the help text list what works in the chat it is asked in", async () => {
    const c = await conversation();
    const direct = await c.say("/help");
    expect(direct).toContain("/forget: Delete everything I store about you");
    expect(direct).toContain("/topics: Everything I can answer");
    expect(direct).not.toContain("/alert:");
    const group = await c.say("/help", { isDirect: false });
    expect(group).toContain("/topics: Everything I can answer");
    expect(group).not.toContain("/forget");
  });

  it("answers a command about one's own data, sent in a group, with the way to a direct chat", async () => {
    const c = await conversation();
    const [reply] = await c.send("!unsubscribe", { isDirect: false });
    expect(reply).toMatchObject({ kind: "notice", directChatLink: "Open a private chat" });
    const [button] = await c.send("", { isDirect: false, action: "c:forget" });
    expect(button?.directChatLink).toBe("Open a private chat");
  });
});
