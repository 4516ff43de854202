import { Api } from "grammy";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { registerCommandMenus } from "../../../adapters/telegram/commands-menu.ts";
import { OptionalCalls } from "../../../adapters/telegram/optional-calls.ts";
import { loadRouter } from "../../../src/engine/knowledge.ts";
import { FIXTURE_KNOWLEDGE } from "../../helpers/knowledge.ts";

describe("command menus", () => {
  it("list the alert commands only in moderators' own chats, in English and Persian", async () => {
    const { kb } = await loadRouter(FIXTURE_KNOWLEDGE);
    const calls: {
      commands: { command: string; description: string }[];
      scope?: { type: string; chat_id?: number };
      language_code?: string;
    }[] = [];
    const api = new Api("1:fake");
    // A Bot API that accepts every setMyCommands call and remembers it.
    api.config.use(async (_prev, method, payload) => {
      if (method === "setMyCommands") calls.push(payload as (typeof calls)[number]);
      return { ok: true, result: true } as never;
    });
    await registerCommandMenus(api, new OptionalCalls(pino({ level: "silent" })), kb, [4242]);

    const moderator = calls.filter((c) => c.scope?.type === "chat");
    expect(moderator.map((c) => [c.scope?.chat_id, c.language_code ?? "default"])).toEqual([
      [4242, "default"],
      [4242, "fa"],
    ]);
    expect(moderator[1]?.commands.find((c) => c.command === "alert")?.description).toContain(
      "ناظران",
    );
    for (const c of calls.filter((c) => c.scope?.type !== "chat"))
      expect(c.commands.map((x) => x.command)).not.toContain("alert");
  });
});
