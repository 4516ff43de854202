import { describe, expect, it } from "vitest";
import { renderForTerminal } from "../../src/cli/render.ts";
import { conversation } from "../helpers/engine.ts";

describe("the guide command", () => {
  it("replies with the offline guide as an HTML document, captioned in the person's language", async () => {
    const chat = await conversation();
    const [reply, ...more] = await chat.send("/guide");
    expect(more).toEqual([]);
    expect(reply?.kind).toBe("command");
    expect(reply?.blocks).toEqual([]);
    expect(reply?.document?.fileName).toBe("panah-guide-2026-11-28.html");
    expect(reply?.document?.mimeType).toBe("text/html");
    expect(reply?.document?.caption).toMatch(/^Panah's offline guide/);
    expect(String(reply?.document?.data)).toContain("Is Bale safe?");

    const [persian] = await (await conversation({ languageHint: "fa" })).send("!guide");
    expect(persian?.document?.caption).toMatch(/^راهنمای آفلاین پناه/);
  });

  it("works in groups too: the guide holds nothing about anyone", async () => {
    const chat = await conversation();
    const [reply] = await chat.send("/guide", { isDirect: false });
    expect(reply?.document).toBeDefined();
  });

  it("printed by panah ask, which saves nothing, says what the file is and how to save it", async () => {
    const [reply] = await (await conversation()).send("/guide");
    if (!reply) throw new Error("no reply");
    expect(renderForTerminal(reply)).toContain(
      "save it with `panah export --out panah-guide-2026-11-28.html`",
    );
  });
});
