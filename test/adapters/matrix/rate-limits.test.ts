import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixBot } from "../../../adapters/matrix/matrix-bot.ts";
import type { RegisteredUser } from "../../../scripts/synapse/synapse.ts";
import { registerUser } from "../../../scripts/synapse/synapse.ts";
import { createPanah, IN_MEMORY, openStore, type Panah } from "../../../src/index.ts";
import { capturingLogger } from "../../helpers/engine.ts";
import { MatrixUser, registerUniqueUser, startBot, uniqueName } from "./harness.ts";

const synapse = inject("synapse");
const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "knowledge");

describe.skipIf(!synapse)("a homeserver that rate-limits the bot", { timeout: 60_000 }, () => {
  const { logger, lines } = capturingLogger();
  let panah: Panah;
  let bot: MatrixBot | undefined;
  let alice: MatrixUser;
  let account: RegisteredUser;
  let dataDir: string;

  beforeAll(async () => {
    if (!synapse) return;
    dataDir = await mkdtemp(join(tmpdir(), "panah-matrix-ratelimit-"));
    account = await registerUniqueUser(synapse, "panah");
    // One message a second, no burst: every reply after the first in a quick row gets a 429.
    const admin = await registerUser(synapse, uniqueName("admin"), "admin-password", true);
    const override = await fetch(
      `${synapse.url}/_synapse/admin/v1/users/${encodeURIComponent(account.userId)}/override_ratelimit`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${admin.accessToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ messages_per_second: 1, burst_count: 1 }),
      },
    );
    expect(override.ok).toBe(true);
    panah = await createPanah({
      logger,
      knowledgeDir: FIXTURES,
      store: await openStore({ dataDir: IN_MEMORY }),
      rateLimit: { burst: 100, perMinute: 100 },
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

  it("waits as long as M_LIMIT_EXCEEDED says and still delivers every reply, in order", async () => {
    const room = await alice.openDirectChat({ encrypted: false });
    const questions = ["Is Signal safe?", "Is Bale safe?", "I need to talk to a human"];
    const ids: string[] = [];
    for (const question of questions) ids.push(await alice.say(room, question));
    const replies = await Promise.all(ids.map((id) => alice.replyTo(id)));
    // Each reply opens with the title of the topic it answers, in the order asked.
    expect(replies.map((r) => r.getContent().body.split("\n")[0])).toEqual([
      "Signal",
      "Is Bale safe?",
      "Talk to a person",
    ]);
    const sent = replies.map((r) => r.getTs());
    expect([...sent].sort((a, b) => a - b)).toEqual(sent);
    expect(lines().join("\n")).toContain('"event":"rate-limited"');
  });
});
