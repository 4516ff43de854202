import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixBot } from "../../adapters/matrix/matrix-bot.ts";
import { createPanah, IN_MEMORY, openStore, type Panah } from "../../src/index.ts";
import {
  inReplyTo,
  MatrixUser,
  registerUniqueUser,
  startBot,
  until,
} from "../adapters/matrix/harness.ts";
import { captureLogs } from "../adapters/telegram/support/harness.ts";
import { FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";
import { errorLines } from "./support/crowd.ts";
import { startFlakyProxy } from "./support/flaky-proxy.ts";

const synapse = inject("synapse");

describe.skipIf(!synapse)("the homeserver down for a while", { timeout: 60_000 }, () => {
  const { lines, logger } = captureLogs();
  /** Every request fails while the homeserver is down; only sends while sends are failing. */
  let down = false;
  let sendsFail = false;
  let proxy: Awaited<ReturnType<typeof startFlakyProxy>>;
  let panah: Panah;
  let bot: MatrixBot | undefined;
  let alice: MatrixUser;
  let dataDir: string;

  beforeAll(async () => {
    if (!synapse) return;
    proxy = await startFlakyProxy(synapse.url, (_method, _payload, path) =>
      down || (sendsFail && path.includes("/send/")) ? "reset" : undefined,
    );
    dataDir = await mkdtemp(join(tmpdir(), "panah-matrix-outage-"));
    const account = await registerUniqueUser(synapse, "panah");
    panah = await createPanah({
      logger,
      knowledgeDir: FIXTURE_KNOWLEDGE,
      store: await openStore({ dataDir: IN_MEMORY }),
    });
    bot = await startBot({ panah, logger, homeserverUrl: proxy.url, account, dataDir });
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
    await proxy?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("answers what was asked while it was unreachable, and retries a reply it could not send, without crashing", async () => {
    const room = await alice.openDirectChat({ encrypted: false });
    const first = await alice.say(room, "Is Signal safe?");
    expect((await alice.replyTo(first)).getContent().body).toMatch(/^Signal\n\nSignal encrypts/);

    // Down: the open sync is cut, and the bot's next try fails too; then the server is back.
    down = true;
    proxy.dropConnections();
    const asked = await alice.say(room, "Is Bale safe?");
    await until(() => proxy.injected.reset >= 1);
    down = false;
    expect((await alice.replyTo(asked)).getContent().body).toMatch(/^Is Bale safe\?\n\nNo\./);

    // Up, but the reply's send fails: it is retried, and arrives once.
    sendsFail = true;
    const before = proxy.injected.reset;
    const third = await alice.say(room, "I need to talk to a human");
    await until(() => proxy.injected.reset > before);
    sendsFail = false;
    expect((await alice.replyTo(third)).getContent().body).toContain("Helpline");
    for (const question of [first, asked, third])
      expect(alice.fromBot.filter((e) => inReplyTo(e) === question)).toHaveLength(1);
    // One failed sync while down, one failed send: both recovered from, nothing lost.
    expect(proxy.injected.reset).toBeGreaterThanOrEqual(2);
    expect(errorLines(lines)).toEqual([]);
  });
});
