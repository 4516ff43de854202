import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AVATAR_FILE } from "../../../adapters/matrix/profile.ts";
import type { RegisteredUser } from "../../../scripts/synapse/synapse.ts";
import { createPanah, IN_MEMORY, openStore, type Panah } from "../../../src/index.ts";
import { capturingLogger } from "../../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE } from "../../helpers/knowledge.ts";
import { registerUniqueUser, startBot } from "./harness.ts";

const synapse = inject("synapse");

describe.skipIf(!synapse)("the bot's profile on Matrix", { timeout: 60_000 }, () => {
  const { logger, lines } = capturingLogger();
  let panah: Panah;
  let dataDir: string;
  let bot: RegisteredUser;
  let reader: RegisteredUser;

  beforeAll(async () => {
    if (!synapse) return;
    dataDir = await mkdtemp(join(tmpdir(), "panah-matrix-profile-"));
    [bot, reader] = [
      await registerUniqueUser(synapse, "panah"),
      await registerUniqueUser(synapse, "reader"),
    ];
    panah = await createPanah({
      logger,
      knowledgeDir: FIXTURE_KNOWLEDGE,
      store: await openStore({ dataDir: IN_MEMORY }),
    });
  });
  afterAll(async () => {
    await panah?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** What another user sees of the bot: its profile, and its avatar's bytes. */
  async function seenProfile() {
    const url = synapse?.url ?? "";
    const auth = { headers: { Authorization: `Bearer ${reader.accessToken}` } };
    const profile = (await (
      await fetch(`${url}/_matrix/client/v3/profile/${encodeURIComponent(bot.userId)}`, auth)
    ).json()) as { displayname?: string; avatar_url?: string };
    const mxc = profile.avatar_url?.replace("mxc://", "") ?? "";
    const media = await fetch(`${url}/_matrix/client/v1/media/download/${mxc}`, auth);
    return { ...profile, avatar: Buffer.from(await media.arrayBuffer()) };
  }

  it("sets a display name in both languages and the shipped avatar, and a restart changes neither", async () => {
    const start = () =>
      startBot({ panah, logger, homeserverUrl: synapse?.url ?? "", account: bot, dataDir });
    await (await start()).stop();
    const first = await seenProfile();
    expect(first.displayname).toBe("Panah · پناه");
    expect(first.avatar.equals(await readFile(AVATAR_FILE))).toBe(true);
    expect(lines().filter((l) => l.includes("Matrix profile updated"))).toHaveLength(1);

    await (await start()).stop();
    const second = await seenProfile();
    // Each change is copied into every room the bot is in: a restart must not make one.
    expect(second.avatar_url).toBe(first.avatar_url);
    expect(lines().filter((l) => l.includes("Matrix profile updated"))).toHaveLength(1);
  });
});
