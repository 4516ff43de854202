import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MatrixEvent } from "matrix-js-sdk";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ADAPTERS } from "../../adapters/index.ts";
import type { MatrixBot } from "../../adapters/matrix/matrix-bot.ts";
import type { RegisteredUser } from "../../scripts/synapse/synapse.ts";
import { createPanah, IN_MEMORY, openStore, type Panah } from "../../src/index.ts";
import { MatrixUser, registerUniqueUser, startBot } from "../adapters/matrix/harness.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";

const synapse = inject("synapse");

describe.skipIf(!synapse)("alerts on Matrix, against a real Synapse", { timeout: 60_000 }, () => {
  const log = capturingLogger();
  let panah: Panah;
  let dataDir: string;
  let botAccount: RegisteredUser;
  let bot: MatrixBot | undefined;
  let alice: MatrixUser;
  let bob: MatrixUser;

  beforeAll(async () => {
    if (!synapse) return;
    dataDir = await mkdtemp(join(tmpdir(), "panah-matrix-alerts-"));
    botAccount = await registerUniqueUser(synapse, "panah");
    const aliceAccount = await registerUniqueUser(synapse, "alice");
    panah = await createPanah({
      logger: log.logger,
      knowledgeDir: FIXTURE_KNOWLEDGE,
      store: await openStore({ dataDir: IN_MEMORY }),
      moderation: { moderators: { telegram: [], matrix: [aliceAccount.userId] }, approvals: 1 },
      platforms: ADAPTERS,
    });
    bot = await startBot({
      panah,
      logger: log.logger,
      homeserverUrl: synapse.url,
      account: botAccount,
      dataDir,
    });
    const worker = panah.alerts.start(bot.deliverer(), { pace: { perSecond: 20 }, idleMs: 100 });
    panah.workers.add({ name: "matrix alerts", stop: () => worker.stop() });
    alice = await MatrixUser.connect(synapse, aliceAccount, botAccount.userId);
    bob = await MatrixUser.connect(
      synapse,
      await registerUniqueUser(synapse, "bob"),
      botAccount.userId,
    );
  });

  afterAll(async () => {
    await panah?.close();
    await bot?.stop();
    await alice?.stop();
    await bob?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const ask = async (who: MatrixUser, roomId: string, text: string) =>
    String((await who.replyTo(await who.say(roomId, text))).getContent().body);
  const isAlert = (roomId: string) => (event: MatrixEvent) =>
    event.getRoomId() === roomId && String(event.getContent().body).startsWith("Panah alert");

  it("a moderator composes in an encrypted DM; subscribed rooms, encrypted or not, receive the alert", async () => {
    const encryptedDm = await alice.openDirectChat({ encrypted: true });
    const plainDm = await bob.openDirectChat({ encrypted: false });
    expect(await ask(alice, encryptedDm, "!subscribe")).toContain("You're subscribed");
    expect(await ask(bob, plainDm, "!subscribe")).toContain("You're subscribed");

    expect(await ask(alice, encryptedDm, "!alert")).toContain("New alert");
    expect(await ask(alice, encryptedDm, "Connectivity is partly back in Tehran.")).toContain(
      "in Persian",
    );
    const kind = await ask(alice, encryptedDm, "!skip");
    expect(kind).toContain("1. Connectivity status");
    await ask(alice, encryptedDm, "1");
    expect(await ask(alice, encryptedDm, "2")).toContain("stop showing");
    expect(await ask(alice, encryptedDm, "1")).toContain("Who should get it");
    const preview = await ask(alice, encryptedDm, "1");
    expect(preview).toContain("This alert goes to 2 subscribers (2 English, 0 Persian)");
    expect(await ask(alice, encryptedDm, "1")).toContain("Alert #1 is being sent to 2 subscribers");

    const inEncrypted = await alice.waitFor(isAlert(encryptedDm));
    expect(inEncrypted.isEncrypted()).toBe(true);
    expect(inEncrypted.getContent().msgtype).toBe("m.notice");
    expect(inEncrypted.getContent().body).toBe(
      "Panah alert · Warning\n\nConnectivity is partly back in Tehran.",
    );
    const inPlain = await bob.waitFor(isAlert(plainDm));
    expect(inPlain.isEncrypted()).toBe(false);
    const report = await alice.waitFor(
      (e) =>
        e.getRoomId() === encryptedDm &&
        String(e.getContent().body).startsWith("Alert #1 is finished"),
    );
    expect(report.getContent().body).toContain("2 sent, 0 failed");
    expect(log.lines().join("\n")).not.toContain("Connectivity is partly back");
  });
});
