import {
  ClientEvent,
  createClient,
  EventType,
  HttpApiEvent,
  type MatrixClient,
  MatrixError,
  type MatrixEvent,
  MatrixEventEvent,
  MatrixScheduler,
  type Room,
  RoomEvent,
  SyncState,
} from "matrix-js-sdk";
import type { RoomMessageEventContent } from "matrix-js-sdk/lib/@types/events.js";
import { DecryptionFailureCode } from "matrix-js-sdk/lib/crypto-api/index.js";
import type { Logger } from "pino";
import type { OutboundDocument, Panah } from "../../src/index.ts";
import { uploadDocument } from "./attachment.ts";
import { type MatrixConfig, MatrixConfigError, serverOf } from "./config.ts";
import {
  type FileReplyContent,
  fileContent,
  type NoticeContent,
  noticeContent,
  type ReplyTarget,
  undecryptableContent,
} from "./content.ts";
import { SecretStorageKeyHolder, setUpCrossSigning } from "./cross-signing.ts";
import type { PersistentCryptoStore } from "./crypto-store.ts";
import { MatrixDeliverer } from "./deliverer.ts";
import { startDeviceCrypto } from "./device-crypto.ts";
import { toInbound } from "./inbound.ts";
import { RecoveryKeyFile } from "./recovery-key.ts";
import { clearRequestTimeouts } from "./request-timeouts.ts";
import { isRateLimited, queuePerRoom, retrySend, withRateLimitRetry } from "./retry.ts";
import { silenceSdkGlobalLogger, silentSdkLogger } from "./sdk-logging.ts";
import { deleteStaleDevices, openSession } from "./session.ts";

/** How long an encrypted message may wait for its room key before Panah says it cannot read it. */
const KEY_WAIT_MS = 30_000;
/** How long shutdown waits for replies in progress. */
const DRAIN_MS = 5_000;

export interface MatrixBotOptions {
  panah: Panah;
  config: MatrixConfig;
  logger: Logger;
  /** How long an undecryptable message waits for its key; default 30 s. */
  keyWaitMs?: number;
}

/**
 * Panah on Matrix: one matrix-js-sdk client with Rust crypto that joins rooms it is invited
 * to, turns messages addressed to it into the core's inbound messages, and sends the replies
 * as `m.notice` replies, encrypted wherever the room is.
 */
export class MatrixBot {
  /** False until the first sync is done: everything before it is history, never answered. */
  private live = false;
  private readonly startedAt = Date.now();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly joining = new Set<string>();

  private constructor(
    private readonly client: MatrixClient,
    private readonly options: MatrixBotOptions,
    /** The device's saved crypto state, when signed in with an access token. */
    private readonly cryptoStore: PersistentCryptoStore | undefined,
  ) {}

  /** Signs in, sets up encryption and cross-signing, and starts answering. */
  static async start(options: MatrixBotOptions): Promise<MatrixBot> {
    const { config, logger } = options;
    const began = performance.now();
    silenceSdkGlobalLogger();
    const session = await openSession(config);
    const keyHolder = new SecretStorageKeyHolder();
    const client = createClient({
      baseUrl: config.homeserverUrl,
      userId: session.userId,
      deviceId: session.deviceId,
      accessToken: session.accessToken,
      logger: silentSdkLogger,
      scheduler: new MatrixScheduler((event, attempts, error) => {
        const waitMs = retrySend(event, attempts, error);
        if (isRateLimited(error))
          logger.info({ event: "rate-limited", attempts, waitMs }, "Matrix: send rate-limited");
        return waitMs;
      }, queuePerRoom),
      cryptoCallbacks: { getSecretStorageKey: keyHolder.getSecretStorageKey },
    });
    clearRequestTimeouts(client);
    const cryptoStore = await startDeviceCrypto(client, config, session, logger);
    const bot = new MatrixBot(client, options, cryptoStore);
    try {
      await bot.run();
      const setup = await setUpCrossSigning(
        client,
        config,
        new RecoveryKeyFile(config.stateDir),
        keyHolder,
      );
      logger.info({ setup }, "Matrix: cross-signing ready, device signed");
      const deleted = await deleteStaleDevices(client, config, session.deviceId);
      if (deleted > 0)
        logger.info({ count: deleted }, "Matrix: deleted devices from earlier starts");
    } catch (error) {
      client.stopClient();
      await cryptoStore?.close();
      throw error;
    }
    logger.info(
      { ms: Math.round(performance.now() - began), device: cryptoStore ? "kept" : "new" },
      "Matrix: started",
    );
    return bot;
  }

  private async run(): Promise<void> {
    const { client } = this;
    client.on(RoomEvent.MyMembership, (room, membership) => {
      if (membership === "invite") this.track(this.onInvite(room));
    });
    client.on(RoomEvent.Timeline, (event, room, toStartOfTimeline, _removed, data) => {
      if (!this.live || toStartOfTimeline || !room || !data.liveEvent) return;
      if (event.getSender() === client.getUserId() || event.getTs() < this.startedAt) return;
      const type = event.getType();
      if (type !== EventType.RoomMessage && type !== EventType.RoomMessageEncrypted) return;
      this.track(this.onMessage(event, room));
    });
    client.on(HttpApiEvent.SessionLoggedOut, () => {
      this.options.logger.error(
        "Matrix: the homeserver ended the bot's session; restart Panah to sign in again",
      );
    });
    const prepared = new Promise<void>((resolve, reject) => {
      const onSync = (state: SyncState) => {
        if (state === SyncState.Prepared) {
          client.off(ClientEvent.Sync, onSync);
          resolve();
        } else if (state === SyncState.Error) {
          client.off(ClientEvent.Sync, onSync);
          reject(
            new MatrixConfigError(
              `the first sync with the Matrix homeserver at ${this.options.config.homeserverUrl} failed: check that MATRIX_HOMESERVER_URL answers from here and the homeserver is healthy`,
            ),
          );
        }
      };
      client.on(ClientEvent.Sync, onSync);
    });
    await client.startClient({ initialSyncLimit: 1, lazyLoadMembers: true });
    await prepared;
    this.live = true;
  }

  /** Answering and in sync with the homeserver (what /readyz reports). */
  get connected(): boolean {
    return this.live && this.client.getSyncState() !== SyncState.Error;
  }

  /** The bot's Matrix user id. */
  get userId(): string {
    return this.client.getSafeUserId();
  }

  /** Alert delivery through this bot's client and crypto (see adapters/matrix/deliverer.ts). */
  deliverer(): MatrixDeliverer {
    return new MatrixDeliverer(this.client);
  }

  /** This start's device: a new one per start with a password, the token's with an access token. */
  get deviceId(): string {
    return this.client.getDeviceId() ?? "";
  }

  /**
   * Stops answering and lets replies in progress finish (briefly). A password device is signed
   * out; a token device keeps its token and saves its crypto state for the next start.
   */
  async stop(): Promise<void> {
    this.live = false;
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(DRAIN_MS)]);
    this.client.stopClient();
    if (this.cryptoStore) {
      await this.cryptoStore.close();
    } else {
      // The device's keys lived in memory only; deleting it keeps people's clients from encrypting for it.
      await Promise.race([this.client.logout(false).catch(() => undefined), sleep(DRAIN_MS)]);
    }
    this.options.logger.info("Matrix: stopped");
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.options.logger.error({ err: describeError(error) }, "Matrix: handling an event failed");
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private async onInvite(room: Room): Promise<void> {
    const roomId = room.roomId;
    if (this.joining.has(roomId)) return;
    this.joining.add(roomId);
    try {
      const inviter = room.getMember(this.client.getSafeUserId())?.events.member?.getSender();
      const allowed = this.options.config.allowedServers;
      if (allowed && (!inviter || !allowed.includes(serverOf(inviter)))) {
        await withRateLimitRetry(() => this.client.leave(roomId));
        this.options.logger.info(
          { event: "invite", outcome: "declined" },
          "Matrix: declined an invite from a server not allowed",
        );
        return;
      }
      await withRateLimitRetry(() => this.client.joinRoom(roomId));
      this.options.logger.info({ event: "invite", outcome: "joined" }, "Matrix: joined a room");
    } catch (error) {
      this.options.logger.warn(
        { event: "invite", err: describeError(error) },
        "Matrix: could not join a room",
      );
    } finally {
      this.joining.delete(roomId);
    }
  }

  private async onMessage(event: MatrixEvent, room: Room): Promise<void> {
    const began = performance.now();
    const { client, options } = this;
    const isDirect = room.getInvitedAndJoinedMemberCount() <= 2;
    const sender = event.getSender();
    const eventId = event.getId();
    if (!sender || !eventId) return;
    const target: ReplyTarget = {
      eventId,
      ...(isDirect ? {} : { mention: sender }),
      ...(event.threadRootId && !event.isThreadRoot ? { threadRootId: event.threadRootId } : {}),
    };
    if (event.isEncrypted()) {
      await client.decryptEventIfNeeded(event);
      if (
        event.isDecryptionFailure() &&
        event.decryptionFailureReason === DecryptionFailureCode.MEGOLM_UNKNOWN_INBOUND_SESSION_ID
      ) {
        await waitForKeys(event, options.keyWaitMs ?? KEY_WAIT_MS);
      }
      if (event.isDecryptionFailure()) {
        options.logger.warn(
          { event: "undecryptable", code: event.decryptionFailureReason },
          "Matrix: could not decrypt a message",
        );
        // In a room Panah cannot tell whether it was addressed; in a DM it always was.
        if (isDirect && this.live) {
          const language = await options.panah.store
            .getLanguage({ platform: "matrix", userId: sender })
            .catch(() => undefined);
          await this.send(
            room,
            undecryptableContent(language, target, options.panah.knowledge().kb.ui),
          );
        }
        return;
      }
    }
    if (event.getType() !== EventType.RoomMessage) return;
    const inbound = toInbound(
      { sender, roomId: room.roomId, content: event.getContent() },
      {
        botUserId: client.getSafeUserId(),
        botDisplayName: room.getMember(client.getSafeUserId())?.name,
        isDirect,
      },
    );
    if (!inbound) return;
    const replies = await options.panah.engine.handle({ ...inbound, raw: event });
    const ui = options.panah.knowledge().kb.ui;
    for (const reply of replies) {
      if (!this.live) return;
      // A reply may be only a file (the offline guide): no empty notice before it.
      if (reply.blocks.length > 0 || reply.choices.length > 0)
        await this.send(room, noticeContent(reply, ui[reply.language].pick_number, target));
      if (reply.document) await this.sendDocument(room, reply.document, target);
    }
    options.logger.debug(
      {
        event: "answered",
        replies: replies.length,
        encrypted: event.isEncrypted(),
        ms: Math.round(performance.now() - began),
      },
      "Matrix: answered",
    );
  }

  /**
   * Sends one notice. Refuses to send into a room the client has not synced yet or whose
   * encryption the crypto layer does not know about, as the SDK would then send plaintext.
   */
  private async send(room: Room, content: NoticeContent | FileReplyContent): Promise<void> {
    const { client, options } = this;
    const known = client.getRoom(room.roomId);
    if (known?.getMyMembership() !== "join") {
      options.logger.warn(
        { event: "send", outcome: "skipped", reason: "room not joined" },
        "Matrix: not sending",
      );
      return;
    }
    if (known.hasEncryptionStateEvent()) {
      const crypto = client.getCrypto();
      if (!crypto || !(await crypto.isEncryptionEnabledInRoom(room.roomId))) {
        options.logger.warn(
          { event: "send", outcome: "skipped", reason: "encryption not ready" },
          "Matrix: not sending plaintext into an encrypted room",
        );
        return;
      }
    }
    try {
      await client.sendMessage(room.roomId, content as unknown as RoomMessageEventContent);
    } catch (error) {
      options.logger.warn(
        { event: "send", outcome: "failed", err: describeError(error) },
        "Matrix: sending a reply failed",
      );
    }
  }

  /**
   * Uploads a reply's file and sends it as an `m.file` reply. In an encrypted room the file is
   * encrypted before upload and its key goes inside the event, which the SDK encrypts as usual.
   */
  private async sendDocument(
    room: Room,
    document: OutboundDocument,
    target: ReplyTarget,
  ): Promise<void> {
    const encrypted = this.client.getRoom(room.roomId)?.hasEncryptionStateEvent() ?? false;
    let file: FileReplyContent;
    try {
      file = fileContent(await uploadDocument(this.client, document, encrypted), target);
    } catch (error) {
      this.options.logger.warn(
        { event: "upload", outcome: "failed", err: describeError(error) },
        "Matrix: uploading a file failed",
      );
      return;
    }
    await this.send(room, file);
  }
}

/** Resolves when the event has been decrypted after all (its key arrived), or after `ms`. */
function waitForKeys(event: MatrixEvent, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function onDecrypted() {
      if (!event.isDecryptionFailure()) done();
    }
    function done() {
      clearTimeout(timer);
      event.off(MatrixEventEvent.Decrypted, onDecrypted);
      resolve();
    }
    event.on(MatrixEventEvent.Decrypted, onDecrypted);
  });
}

/** An error's kind and Matrix error code, never its payload; Matrix ids in a message are masked. */
export function describeError(error: unknown): {
  type: string;
  errcode?: string;
  status?: number;
  message?: string;
} {
  if (error instanceof MatrixError)
    return { type: "MatrixError", errcode: error.errcode ?? "", status: error.httpStatus ?? 0 };
  if (error instanceof Error)
    return {
      type: error.name,
      message: error.message.replace(/[@!#$+][^\s:'"]+:[^\s'"]+/g, "[id]"),
    };
  return { type: typeof error };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
