import { randomBytes } from "node:crypto";
import {
  ClientEvent,
  createClient,
  type MatrixClient,
  type MatrixEvent,
  MatrixEventEvent,
  RoomEvent,
  SyncState,
} from "matrix-js-sdk";
import { OnlySignedDevicesIsolationMode } from "matrix-js-sdk/lib/crypto-api/index.js";
import type { Logger } from "pino";
import { readMatrixConfig } from "../../../adapters/matrix/config.ts";
import { MatrixBot } from "../../../adapters/matrix/matrix-bot.ts";
import {
  initRustCryptoQuietly,
  silenceSdkGlobalLogger,
  silentSdkLogger,
} from "../../../adapters/matrix/sdk-logging.ts";
import { type RegisteredUser, registerUser } from "../../../scripts/synapse/synapse.ts";
import type { Panah } from "../../../src/index.ts";
import type { ProvidedSynapse } from "../../setup/synapse.ts";

/**
 * Panah's Matrix bot signed in as `account` on `homeserverUrl` (with its password, or with
 * `accessToken` alone), its crypto state kept in `dataDir`: configured from the environment
 * variables `panah start` reads.
 */
export async function startBot(options: {
  panah: Panah;
  logger: Logger;
  homeserverUrl: string;
  account: { userId: string; password?: string };
  dataDir: string;
  accessToken?: string;
  env?: NodeJS.ProcessEnv;
  keyWaitMs?: number;
}): Promise<MatrixBot> {
  const { account, accessToken } = options;
  const config = readMatrixConfig(
    {
      MATRIX_HOMESERVER_URL: options.homeserverUrl,
      MATRIX_USER_ID: account.userId,
      ...(accessToken
        ? { MATRIX_ACCESS_TOKEN: accessToken }
        : { MATRIX_PASSWORD: account.password }),
      ...options.env,
    },
    options.dataDir,
  );
  if (!config) throw new Error("no Matrix configuration");
  const { panah, logger, keyWaitMs } = options;
  return MatrixBot.start({ panah, config, logger, ...(keyWaitMs ? { keyWaitMs } : {}) });
}

/** A unique, valid Matrix localpart, so tests never collide on the shared Synapse. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function registerUniqueUser(
  synapse: ProvidedSynapse,
  prefix: string,
): Promise<RegisteredUser> {
  return registerUser(synapse, uniqueName(prefix), randomBytes(12).toString("hex"));
}

/** Polls `check` until it returns something truthy; the test's own timeout bounds the wait. */
export async function until<T>(check: () => T | Promise<T>, pollMs = 100): Promise<NonNullable<T>> {
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * A person on Matrix: a real matrix-js-sdk client with Rust crypto, cross-signed, and set to
 * share room keys only with devices their owner cross-signed, as Element does since 2026.
 * It records every event the bot sends, decrypted.
 */
export class MatrixUser {
  /** The bot's events seen by this user, once decrypted (or plaintext). */
  readonly fromBot: MatrixEvent[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly client: MatrixClient,
    readonly account: RegisteredUser,
    private readonly botUserId: string,
  ) {}

  static async connect(
    synapse: ProvidedSynapse,
    account: RegisteredUser,
    botUserId: string,
  ): Promise<MatrixUser> {
    silenceSdkGlobalLogger();
    const client = createClient({
      baseUrl: synapse.url,
      userId: account.userId,
      deviceId: account.deviceId,
      accessToken: account.accessToken,
      logger: silentSdkLogger,
    });
    await initRustCryptoQuietly(() => client.initRustCrypto({ useIndexedDB: false }));
    const user = new MatrixUser(client, account, botUserId);
    client.on(RoomEvent.Timeline, (event) => user.record(event));
    client.on(MatrixEventEvent.Decrypted, (event) => user.record(event));
    const prepared = new Promise<void>((resolve) => {
      client.on(ClientEvent.Sync, (state: SyncState) => {
        if (state === SyncState.Prepared) resolve();
      });
    });
    await client.startClient({ initialSyncLimit: 10 });
    await prepared;
    const crypto = client.getCrypto();
    if (!crypto) throw new Error("no crypto");
    await crypto.bootstrapCrossSigning({
      authUploadDeviceSigningKeys: async (makeRequest) => {
        await makeRequest({
          type: "m.login.password",
          identifier: { type: "m.id.user", user: account.userId },
          password: account.password,
        });
      },
    });
    crypto.setDeviceIsolationMode(new OnlySignedDevicesIsolationMode());
    return user;
  }

  private record(event: MatrixEvent): void {
    if (
      event.getSender() !== this.botUserId ||
      event.isBeingDecrypted() ||
      event.isDecryptionFailure()
    )
      return;
    if (event.getType() !== "m.room.message" || this.fromBot.includes(event)) return;
    this.fromBot.push(event);
    for (const wake of this.waiters) wake();
  }

  /** The bot's reply to `questionId`, waiting for it (and its decryption) if needed. */
  async replyTo(questionId: string): Promise<MatrixEvent> {
    return this.waitFor((event) => inReplyTo(event) === questionId);
  }

  async waitFor(match: (event: MatrixEvent) => boolean): Promise<MatrixEvent> {
    for (;;) {
      const found = this.fromBot.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
  }

  /** Sends a text message and returns its event id. */
  async say(roomId: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { event_id } = await this.client.sendMessage(roomId, {
      msgtype: "m.text",
      body,
      ...extra,
    } as never);
    return event_id;
  }

  /** A DM with the bot, as Element creates it; encrypted unless told otherwise. Waits for the bot to join. */
  async openDirectChat(options: { encrypted: boolean }): Promise<string> {
    const { room_id } = await this.client.createRoom({
      preset: "trusted_private_chat" as never,
      is_direct: true,
      invite: [this.botUserId],
      ...(options.encrypted
        ? {
            initial_state: [
              {
                type: "m.room.encryption",
                state_key: "",
                content: { algorithm: "m.megolm.v1.aes-sha2" },
              },
            ],
          }
        : {}),
    });
    await this.botJoined(room_id);
    return room_id;
  }

  /** A room with the bot and others (invited), unencrypted. Waits for the bot to join. */
  async openGroupRoom(others: string[]): Promise<string> {
    const { room_id } = await this.client.createRoom({
      preset: "private_chat" as never,
      invite: [this.botUserId, ...others],
    });
    await this.botJoined(room_id);
    return room_id;
  }

  async botJoined(roomId: string): Promise<void> {
    await until(
      () => this.client.getRoom(roomId)?.getMember(this.botUserId)?.membership === "join",
    );
  }

  /** Waits until this user's client knows the bot's device and sees it cross-signed by the bot. */
  async seesSignedBotDevice(deviceId: string): Promise<void> {
    const crypto = this.client.getCrypto();
    if (!crypto) throw new Error("no crypto");
    await until(async () => {
      const devices = await crypto.getUserDeviceInfo([this.botUserId], true);
      if (!devices.get(this.botUserId)?.has(deviceId)) return false;
      return (await crypto.getDeviceVerificationStatus(this.botUserId, deviceId))?.signedByOwner;
    }, 200);
  }

  async stop(): Promise<void> {
    this.client.stopClient();
  }
}

export function inReplyTo(event: MatrixEvent): string | undefined {
  return (
    event.getContent()["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined
  )?.["m.in_reply_to"]?.event_id;
}
