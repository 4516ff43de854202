import { describe, expect, it } from "vitest";
import { stripReplyFallback, toInbound } from "../../../adapters/matrix/inbound.ts";

const bot = { botUserId: "@panah:example.org", botDisplayName: "Panah" };
const event = (content: Record<string, unknown>) => ({
  sender: "@alice:example.org",
  roomId: "!r:example.org",
  content,
});
const text = (body: string, extra: Record<string, unknown> = {}) =>
  event({ msgtype: "m.text", body, ...extra });

describe("which Matrix messages Panah answers", () => {
  it("answers every text message in a DM", () => {
    expect(toInbound(text("Is Bale safe?"), { ...bot, isDirect: true })).toEqual({
      platform: "matrix",
      userId: "@alice:example.org",
      chatId: "!r:example.org",
      isDirect: true,
      // Element keeps a leading "/" for itself: replies name commands as !help.
      commandPrefix: "!",
      text: "Is Bale safe?",
    });
  });

  it("ignores room messages that neither mention it nor are ! commands", () => {
    expect(toInbound(text("Is Bale safe?"), { ...bot, isDirect: false })).toBeUndefined();
    expect(toInbound(text("/help"), { ...bot, isDirect: false })).toBeUndefined();
  });

  it("answers ! commands in rooms", () => {
    expect(toInbound(text("!lang fa"), { ...bot, isDirect: false })?.text).toBe("!lang fa");
  });

  it("answers room messages that mention it, without the mention", () => {
    const room = { ...bot, isDirect: false };
    expect(toInbound(text("Panah: is Bale safe?"), room)?.text).toBe("is Bale safe?");
    expect(toInbound(text("panah, is Bale safe?"), room)?.text).toBe("is Bale safe?");
    expect(toInbound(text("@panah:example.org: is Bale safe?"), room)?.text).toBe("is Bale safe?");
    expect(toInbound(text("is Bale safe @panah:example.org"), room)?.text).toBe("is Bale safe");
    expect(
      toInbound(
        text("Panah is Bale safe?", { "m.mentions": { user_ids: ["@panah:example.org"] } }),
        room,
      )?.text,
    ).toBe("Panah is Bale safe?");
    const pill = {
      format: "org.matrix.custom.html",
      formatted_body: '<a href="https://matrix.to/#/@panah:example.org">P</a>: hi',
    };
    expect(toInbound(text("P: hi", pill), room)).toBeDefined();
  });

  it("ignores notices (other bots), edits and non-text messages", () => {
    const dm = { ...bot, isDirect: true };
    expect(toInbound(event({ msgtype: "m.notice", body: "hello" }), dm)).toBeUndefined();
    expect(toInbound(event({ msgtype: "m.image", body: "photo.jpg" }), dm)).toBeUndefined();
    expect(
      toInbound(text("* fixed", { "m.relates_to": { rel_type: "m.replace", event_id: "$x" } }), dm),
    ).toBeUndefined();
    expect(toInbound(event({ msgtype: "m.text" }), dm)).toBeUndefined();
  });

  it("reads the question, not the quoted message it replies to", () => {
    expect(stripReplyFallback("> <@panah:example.org> Signal is safe.\n> more\n\nand Bale?")).toBe(
      "and Bale?",
    );
    expect(stripReplyFallback("no quote")).toBe("no quote");
  });

  it("passes a long message on whole: the engine applies the limits and says when one is over", () => {
    expect(toInbound(text("a".repeat(10_000)), { ...bot, isDirect: true })?.text).toHaveLength(
      10_000,
    );
  });
});
