import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventShieldColour, EventShieldReason } from "matrix-js-sdk/lib/crypto-api/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixBot } from "../../../adapters/matrix/matrix-bot.ts";
import type { RegisteredUser } from "../../../scripts/synapse/synapse.ts";
import { createPanah, IN_MEMORY, openStore, type Panah } from "../../../src/index.ts";
import { capturingLogger } from "../../helpers/engine.ts";
import { inReplyTo, MatrixUser, registerUniqueUser, startBot } from "./harness.ts";

const synapse = inject("synapse");
const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "knowledge");

describe.skipIf(!synapse)("Panah on Matrix, against a real Synapse", { timeout: 60_000 }, () => {
  const { logger, lines } = capturingLogger();
  let panah: Panah;
  let dataDir: string;
  let botAccount: RegisteredUser;
  let carol: RegisteredUser;
  let bot: MatrixBot | undefined;
  let alice: MatrixUser;
  let encryptedDm: string;
  let plainDm: string;
  const questions: string[] = [];

  const start = () => {
    if (!synapse) throw new Error("no synapse");
    return startBot({
      panah,
      logger,
      homeserverUrl: synapse.url,
      account: botAccount,
      dataDir,
      keyWaitMs: 1000,
    });
  };

  /** Alice asks in `roomId` and gets the bot's reply (decrypted if the room is encrypted). */
  const ask = async (roomId: string, text: string, extra: Record<string, unknown> = {}) => {
    const id = await alice.say(roomId, text, extra);
    questions.push(text);
    return alice.replyTo(id);
  };

  beforeAll(async () => {
    if (!synapse) return;
    dataDir = await mkdtemp(join(tmpdir(), "panah-matrix-test-"));
    botAccount = await registerUniqueUser(synapse, "panah");
    carol = await registerUniqueUser(synapse, "carol");
    // One person asks many questions in a few seconds here; the core's per-person limit would step in.
    panah = await createPanah({
      logger,
      knowledgeDir: FIXTURES,
      store: await openStore({ dataDir: IN_MEMORY }),
      rateLimit: { burst: 1000, perMinute: 1000 },
    });
    bot = await start();
    alice = await MatrixUser.connect(
      synapse,
      await registerUniqueUser(synapse, "alice"),
      botAccount.userId,
    );
  });

  afterAll(async () => {
    await bot?.stop();
    await alice?.stop();
    await panah?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("joins an unencrypted DM it is invited to and answers a question as an m.notice reply", async () => {
    plainDm = await alice.openDirectChat({ encrypted: false });
    const reply = await ask(plainDm, "Is Signal safe?");
    const content = reply.getContent();
    expect(reply.isEncrypted()).toBe(false);
    expect(content.msgtype).toBe("m.notice");
    expect(content.body).toContain("Signal encrypts every chat end to end");
    expect(content.format).toBe("org.matrix.custom.html");
    // The title first, then the answer, one compact sources line and how current it is.
    expect(content.formatted_body).toMatch(/^<p><strong>Signal<\/strong><\/p><p>Signal encrypts/);
    expect(content.formatted_body).toContain(
      '<a href="https://signal.org/blog/help-iran-reconnect/">Signal proxy</a>',
    );
    expect(content.formatted_body).toContain(
      'Sources: <a href="https://support.signal.org/">Signal 2026</a>',
    );
    expect(content.body).toContain("Last checked 28 November 2026.");
    // The related topic and the full sources, as numbered choices.
    expect(content.body).toContain("1. Is Bale safe?\n2. All sources");
    expect(content.formatted_body).toContain("<ol><li>Is Bale safe?</li><li>All sources</li></ol>");
  });

  it("takes a reply of just a number as the choice with that number", async () => {
    const room = await alice.openDirectChat({ encrypted: false });
    const first = await ask(room, "Is Signal safe?");
    expect(first.getContent().body).toContain("1. Is Bale safe?");
    const picked = await ask(room, "1");
    expect(picked.getContent().body).toContain("No.");
    expect(picked.getContent().body).toContain("For private talk, use Signal");
  });

  it("writes commands the Matrix way, offers what a typo meant as a number, and runs nothing", async () => {
    const room = await alice.openDirectChat({ encrypted: false });
    const help = (await ask(room, "!help")).getContent().body;
    expect(help).toContain("!subscribe: Get safety and connectivity alerts");
    expect(help).toContain("!lang: Choose English or Persian");
    expect(help).not.toMatch(/(^|\s)\/[a-z]/);
    const typo = (await ask(room, "!subscrbe")).getContent().body;
    expect(typo).toContain("Did you mean !subscribe?");
    expect(typo).toContain("1. !subscribe");
    expect(
      await panah.store.getSubscription({ platform: "matrix", userId: alice.account.userId }),
    ).toBeUndefined();
    expect((await ask(room, "thanks")).getContent().body).toContain("You're welcome");
  });

  it("in a room, ignores messages that do not mention it and answers those that do", async () => {
    const room = await alice.openGroupRoom([carol.userId]);
    const ignored = await alice.say(room, "Is Signal safe?");
    const mentioned = await ask(room, "panah: is bale safe?", {
      "m.mentions": { user_ids: [botAccount.userId] },
    });
    expect(mentioned.getContent().body).toContain("No.");
    const command = await ask(room, "!help");
    // Element takes a leading "/" as its own command: on Matrix, commands are written with "!".
    expect(command.getContent().body).toContain("!topics");
    expect(command.getContent().body).not.toContain("/topics");
    expect(alice.fromBot.filter((e) => inReplyTo(e) === ignored)).toEqual([]);
  });

  it("answers in an encrypted DM from a device it cross-signed, and the person's client decrypts the reply", async () => {
    encryptedDm = await alice.openDirectChat({ encrypted: true });
    const reply = await ask(encryptedDm, "Is Bale safe?");
    expect(reply.isEncrypted()).toBe(true);
    const info = await alice.client.getCrypto()?.getEncryptionInfoForEvent(reply);
    // Element marks messages from devices their owner has not signed (red shield) and, since 2026, drops them.
    expect(info?.shieldReason).not.toBe(EventShieldReason.UNSIGNED_DEVICE);
    expect(info?.shieldColour).not.toBe(EventShieldColour.RED);
    expect(reply.getContent().msgtype).toBe("m.notice");
    expect(reply.getContent().body).toContain("No.");
    expect(reply.getContent().body).toContain("1. Signal");
    await alice.seesSignedBotDevice(bot?.deviceId ?? "");
  });

  it("keeps the recovery key it generated in the data directory, readable by its owner only", async () => {
    const key = await stat(join(dataDir, "matrix", "recovery-key"));
    expect(key.mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, "matrix"))).mode & 0o777).toBe(0o700);
  });

  it("switches to Persian on !lang fa", async () => {
    const switched = await ask(encryptedDm, "!lang fa");
    expect(switched.getContent().body).toBe("[fa] I'll answer in English from now on.");
    const answer = await ask(encryptedDm, "Is Signal safe?");
    expect(answer.getContent().body).toContain("سیگنال همه گفت‌وگوها را");
    // Persian names the publisher as Persian readers know it, and dates in the Solar Hijri calendar.
    expect(answer.getContent().body).toContain("منابع: سیگنال ۱۴۰۵");
    expect(answer.getContent().body).toContain("[fa] Last checked ۷ آذر ۱۴۰۵.");
    const english = await ask(encryptedDm, "!lang en");
    expect(english.getContent().body).toBe("I'll answer in English from now on.");
  });

  it("after a restart, answers in the encrypted DM again without answering old messages", async () => {
    const before = alice.fromBot.length;
    await bot?.stop();
    bot = undefined;
    const downInEncrypted = await alice.say(encryptedDm, "Is Signal safe?");
    const downInPlain = await alice.say(plainDm, "Is Signal safe?");
    bot = await start();
    // Element needs the same: to see the bot's new device, signed by the bot, before it shares keys.
    await alice.seesSignedBotDevice(bot.deviceId);
    const reply = await ask(encryptedDm, "Is Bale safe?");
    expect(reply.isEncrypted()).toBe(true);
    expect(reply.getContent().body).toContain("No.");
    // Replies in a room go out in order, so an answer to the old plaintext message would come first.
    const plainReply = await ask(plainDm, "Is Bale safe?");
    expect(plainReply.getContent().body).toContain("No.");
    // The only new events from the bot are those two replies: nothing older was answered again.
    expect(alice.fromBot.slice(before).map((e) => e.getId())).toEqual([
      reply.getId(),
      plainReply.getId(),
    ]);
    expect(
      alice.fromBot.filter((e) => [downInEncrypted, downInPlain].includes(inReplyTo(e) ?? "")),
    ).toEqual([]);
  });

  it("says so, in a short notice, when it cannot decrypt a message in a DM", async () => {
    const fake = await alice.client.sendEvent(
      encryptedDm,
      "m.room.encrypted" as never,
      {
        algorithm: "m.megolm.v1.aes-sha2",
        sender_key: "c2VuZGVyIGtleSBvZiBubyBkZXZpY2UgYXQgYWxsIGhlcmU",
        session_id: "c2Vzc2lvbiB0aGF0IHdhcyBuZXZlciBzaGFyZWQgd2l0aCB0aGUgYm90",
        device_id: alice.account.deviceId,
        ciphertext: "AwgAEnAkH1kBbm90IHJlYWxseSBhIGNpcGhlcnRleHQ",
      } as never,
    );
    const notice = await alice.replyTo(fake.event_id);
    expect(notice.isEncrypted()).toBe(true);
    expect(notice.getContent().msgtype).toBe("m.notice");
    expect(notice.getContent().body).toBe("I couldn't decrypt your message. Please send it again.");
  });

  it("logs no message text, user ids or room ids", () => {
    const log = lines().join("\n");
    expect(log).toContain("Matrix: started");
    for (const secret of [
      botAccount.userId,
      alice.account.userId,
      encryptedDm,
      botAccount.password,
      ...questions.filter((q) => q.length > 3),
    ]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/![A-Za-z]+:localhost/);
  });
});
