import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixBot } from "../../../adapters/matrix/matrix-bot.ts";
import { createLogger, createPanah, IN_MEMORY, openStore, type Panah } from "../../../src/index.ts";
import { MatrixUser, registerUniqueUser, startBot, until } from "./harness.ts";

const synapse = inject("synapse");
const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "knowledge");

describe.skipIf(!synapse)("invites with MATRIX_ALLOWED_SERVERS set", { timeout: 60_000 }, () => {
  let panah: Panah;
  let bot: MatrixBot | undefined;
  let alice: MatrixUser;
  let dataDir: string;

  beforeAll(async () => {
    if (!synapse) return;
    dataDir = await mkdtemp(join(tmpdir(), "panah-matrix-invites-"));
    const account = await registerUniqueUser(synapse, "panah");
    const logger = createLogger({ level: "silent" });
    panah = await createPanah({
      logger,
      knowledgeDir: FIXTURES,
      store: await openStore({ dataDir: IN_MEMORY }),
    });
    const env = { MATRIX_ALLOWED_SERVERS: "example.org" };
    bot = await startBot({
      panah,
      logger,
      homeserverUrl: synapse.url,
      account,
      dataDir,
      env,
    });
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

  it("declines an invite from a homeserver that is not allowed", async () => {
    const { room_id } = await alice.client.createRoom({
      invite: [bot?.userId ?? ""],
      is_direct: true,
    });
    const membership = await until(() => {
      const state = alice.client.getRoom(room_id)?.getMember(bot?.userId ?? "")?.membership;
      return state === "invite" ? undefined : state;
    });
    expect(membership).toBe("leave");
  });
});
