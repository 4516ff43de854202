import { describe, expect, it } from "vitest";
import { conversation } from "../helpers/engine.ts";

describe("small talk", () => {
  it("answers a thank-you with a short warm reply in the person's language, not the fallback", async () => {
    const c = await conversation();
    const [thanks] = await c.send("thanks!");
    expect(thanks).toMatchObject({ kind: "notice", language: "en", choices: [] });
    expect(await c.say("thank you")).toBe(
      "You're welcome. Stay safe, and ask me whenever you need to.",
    );
    const [persian] = await (await conversation()).send("ممنون");
    expect(persian).toMatchObject({ kind: "notice", language: "fa" });
    expect(await (await conversation()).say("خیلی ممنون")).toContain("[fa] You're welcome");
  });

  it("keeps a Persian conversation Persian when the thank-you is written in Latin letters", async () => {
    const c = await conversation();
    expect((await c.send("سیگنال امن است؟"))[0]?.language).toBe("fa");
    const [merci] = await c.send("merci");
    expect(merci).toMatchObject({ kind: "notice", language: "fa" });
    expect((await c.send("ok"))[0]?.language).toBe("fa");
  });

  it("greets back with the topics, says goodbye, and acknowledges the rest without a menu of nine", async () => {
    const c = await conversation();
    const [hello] = await c.send("hello");
    expect(hello?.kind).toBe("notice");
    expect(hello?.choices.map((x) => x.action)).toEqual(expect.arrayContaining(["k:messengers"]));
    expect(await c.say("bye")).toBe("Take care. I'm here whenever you need me.");
    const [ok] = await c.send("ok");
    expect(ok).toMatchObject({ kind: "notice", choices: [] });
    expect((await c.send("yes"))[0]?.kind).toBe("notice");
  });

  it("takes a yes after a did-you-mean with several choices as 'which one?', and a no as the menu", async () => {
    const c = await conversation();
    const [suggest] = await c.send("which is safer, bale or signal?");
    expect(suggest?.kind).toBe("suggest");
    const [which] = await c.send("yes");
    expect(which?.kind).toBe("suggest");
    expect(which?.choices).toEqual(suggest?.choices);
    await c.send("which is safer, bale or signal?");
    const [menu] = await c.send("no");
    expect(menu?.choices.map((x) => x.action)).toContain("k:messengers");
  });

  it("offers the command a typo probably meant, runs nothing, and a yes asks before deleting", async () => {
    const c = await conversation();
    await c.send("/subscribe");
    const [typo] = await c.send("/forgot");
    expect(typo?.kind).toBe("suggest");
    expect(typo?.choices).toEqual([{ label: "/forget", action: "c:forget" }]);
    const [asked] = await c.send("yes");
    expect(asked?.choices.map((x) => x.action)).toEqual(["f:yes", "f:no"]);
    const user = { platform: "console" as const, userId: "user-1" };
    expect(await c.panah.store.getSubscription(user)).toBeDefined();
  });
});
