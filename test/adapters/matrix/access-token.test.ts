import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "matrix-js-sdk";
import { EventShieldColour } from "matrix-js-sdk/lib/crypto-api/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixBot } from "../../../adapters/matrix/matrix-bot.ts";
import { silentSdkLogger } from "../../../adapters/matrix/sdk-logging.ts";
import type { RegisteredUser } from "../../../scripts/synapse/synapse.ts";
import { createPanah, IN_MEMORY, openStore, type Panah } from "../../../src/index.ts";
import { capturingLogger } from "../../helpers/engine.ts";
import { inReplyTo, MatrixUser, registerUniqueUser, startBot } from "./harness.ts";

const synapse = inject("synapse");
const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "knowledge");

describe.skipIf(!synapse)(
  "Panah on Matrix signed in with an access token only",
  { timeout: 40_000 },
  () => {
    const { logger, lines } = capturingLogger();
    let panah: Panah;
    let dataDir: string;
    let botAccount: RegisteredUser;
    let token: { accessToken: string; deviceId: string };
    let bot: MatrixBot | undefined;
    let alice: MatrixUser;
    let dm: string;

    /** The bot on the token alone, its crypto state in `directory`. */
    const start = (directory = dataDir) => {
      if (!synapse) throw new Error("no synapse");
      return startBot({
        panah,
        logger,
        homeserverUrl: synapse.url,
        account: botAccount,
        accessToken: token.accessToken,
        dataDir: directory,
        keyWaitMs: 1000,
      });
    };

    beforeAll(async () => {
      if (!synapse) return;
      dataDir = await mkdtemp(join(tmpdir(), "panah-matrix-token-"));
      botAccount = await registerUniqueUser(synapse, "panah");
      // As an operator would: log in once, by hand, and give the bot only the token.
      const login = await createClient({
        baseUrl: synapse.url,
        logger: silentSdkLogger,
      }).loginRequest({
        type: "m.login.password",
        identifier: { type: "m.id.user", user: botAccount.userId },
        password: botAccount.password,
      });
      token = { accessToken: login.access_token, deviceId: login.device_id ?? "" };
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

    it("answers in an encrypted DM from the token's own device, cross-signed, and the person's client decrypts the reply", async () => {
      expect(bot?.deviceId).toBe(token.deviceId);
      dm = await alice.openDirectChat({ encrypted: true });
      const reply = await alice.replyTo(await alice.say(dm, "Is Bale safe?"));
      expect(reply.isEncrypted()).toBe(true);
      expect(reply.getContent().body).toContain("No.");
      const info = await alice.client.getCrypto()?.getEncryptionInfoForEvent(reply);
      expect(info?.shieldColour).not.toBe(EventShieldColour.RED);
      await alice.seesSignedBotDevice(token.deviceId);
    });

    it("keeps the device's encryption state and its key in the data directory, readable by its owner only", async () => {
      for (const file of ["crypto-store", "crypto-store-key", "recovery-key"]) {
        expect((await stat(join(dataDir, "matrix", file))).mode & 0o777).toBe(0o600);
      }
      expect((await stat(join(dataDir, "matrix"))).mode & 0o777).toBe(0o700);
    });

    it("after a restart with the same token, answers a new encrypted message from the same device and not the old ones", async () => {
      const before = alice.fromBot.length;
      await bot?.stop();
      bot = undefined;
      const whileDown = await alice.say(dm, "Is Signal safe?");
      bot = await start();
      expect(bot.deviceId).toBe(token.deviceId);
      const reply = await alice.replyTo(await alice.say(dm, "Is Bale safe?"));
      expect(reply.isEncrypted()).toBe(true);
      expect(reply.getContent().body).toContain("No.");
      expect(alice.fromBot.slice(before).map((e) => e.getId())).toEqual([reply.getId()]);
      expect(alice.fromBot.filter((e) => inReplyTo(e) === whileDown)).toEqual([]);
      // Still the one device, signed once: nothing for people to verify again.
      const devices = await alice.client.getCrypto()?.getUserDeviceInfo([botAccount.userId], true);
      expect([...(devices?.get(botAccount.userId)?.keys() ?? [])]).toEqual([token.deviceId]);
      expect(lines().join("\n")).toContain("loaded the device's saved encryption state");
    });

    it("refuses to start the token's device with new keys when its saved state is gone, and says what to do", async () => {
      const emptyDataDir = await mkdtemp(join(tmpdir(), "panah-matrix-token-lost-"));
      try {
        await expect(start(emptyDataDir)).rejects.toThrow(
          /holds no encryption state for it .*restore the data directory, or sign in again/,
        );
      } finally {
        await rm(emptyDataDir, { recursive: true, force: true });
      }
    });

    it("logs no token, keys, user ids or room ids", () => {
      const log = lines().join("\n");
      expect(log).toContain("Matrix: started");
      for (const secret of [token.accessToken, botAccount.userId, alice.account.userId, dm]) {
        expect(log).not.toContain(secret);
      }
    });
  },
);
