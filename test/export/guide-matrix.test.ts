import { createDecipheriv, createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MatrixEvent } from "matrix-js-sdk";
import type { EncryptedFile } from "matrix-js-sdk/lib/@types/media.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixBot } from "../../adapters/matrix/matrix-bot.ts";
import { createPanah, IN_MEMORY, openStore, type Panah } from "../../src/index.ts";
import { MatrixUser, registerUniqueUser, startBot } from "../adapters/matrix/harness.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";

const synapse = inject("synapse");

describe.skipIf(!synapse)("!guide on Matrix, against a real Synapse", { timeout: 60_000 }, () => {
  const { logger, lines } = capturingLogger();
  let panah: Panah;
  let dataDir: string;
  let bot: MatrixBot | undefined;
  let alice: MatrixUser;

  beforeAll(async () => {
    if (!synapse) return;
    dataDir = await mkdtemp(join(tmpdir(), "panah-guide-matrix-"));
    const account = await registerUniqueUser(synapse, "panah");
    panah = await createPanah({
      logger,
      knowledgeDir: FIXTURE_KNOWLEDGE,
      store: await openStore({ dataDir: IN_MEMORY }),
    });
    bot = await startBot({ panah, logger, homeserverUrl: synapse.url, account, dataDir });
    alice = await MatrixUser.connect(
      synapse,
      await registerUniqueUser(synapse, "alice"),
      account.userId,
    );
  });
  afterAll(async () => {
    await bot?.stop();
    await alice?.stop();
    await panah?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Alice sends !guide in `roomId` and gets the bot's m.file back. */
  const askForGuide = async (roomId: string): Promise<MatrixEvent> => {
    const question = await alice.say(roomId, "!guide");
    return alice.waitFor(
      (event) =>
        event.getContent().msgtype === "m.file" &&
        event.getContent()["m.relates_to"]?.["m.in_reply_to"]?.event_id === question,
    );
  };

  /** The file's bytes as the homeserver stores them (authenticated media download). */
  const download = async (mxc: string): Promise<Buffer> => {
    const [server, mediaId] = mxc.replace("mxc://", "").split("/");
    const response = await fetch(
      `${synapse?.url}/_matrix/client/v1/media/download/${server}/${mediaId}`,
      { headers: { authorization: `Bearer ${alice.account.accessToken}` } },
    );
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  it("uploads the guide and sends it as an m.file reply in an unencrypted DM", async () => {
    const room = await alice.openDirectChat({ encrypted: false });
    const reply = await askForGuide(room);
    const content = reply.getContent();
    expect(reply.isEncrypted()).toBe(false);
    expect(content.filename).toMatch(/^panah-guide-\d{4}-\d{2}-\d{2}\.html$/);
    expect(content.body).toMatch(/^Panah's offline guide/);
    expect(content.info).toMatchObject({ mimetype: "text/html" });
    const html = (await download(content.url)).toString("utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("Is Bale safe?");
    expect(content.info.size).toBe(Buffer.byteLength(html));
    // Nothing but the file: no empty notice before it.
    expect(alice.fromBot.filter((e) => e.getRoomId() === room)).toHaveLength(1);
  });

  it("in an encrypted DM, sends the guide encrypted: the server keeps only ciphertext, Alice decrypts it", async () => {
    const room = await alice.openDirectChat({ encrypted: true });
    await alice.seesSignedBotDevice(bot?.deviceId ?? "");
    const reply = await askForGuide(room);
    expect(reply.isEncrypted()).toBe(true);
    const content = reply.getContent();
    expect(content.url).toBeUndefined();
    const file = content.file as EncryptedFile;
    expect(file).toMatchObject({ v: "v2", key: { alg: "A256CTR", kty: "oct" } });
    const ciphertext = await download(file.url);
    expect(ciphertext.toString("latin1")).not.toContain("<!doctype html>");
    expect(createHash("sha256").update(ciphertext).digest("base64").replace(/=+$/, "")).toBe(
      file.hashes.sha256,
    );
    const decipher = createDecipheriv(
      "aes-256-ctr",
      Buffer.from(file.key.k, "base64url"),
      Buffer.from(file.iv, "base64"),
    );
    const html = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<section class="fa" lang="fa" dir="rtl">');
    expect(content.info.size).toBe(Buffer.byteLength(html));
  });

  it("logs neither room ids nor the file", () => {
    const logs = lines().join("\n");
    expect(logs).not.toMatch(/![A-Za-z0-9]+:/);
    expect(logs).not.toContain("<!doctype");
  });
});
