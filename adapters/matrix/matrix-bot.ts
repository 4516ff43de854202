import { ClientEvent, EventType, HttpApiEvent, RoomEvent, SyncState } from "matrix-js-sdk";
import type { Logger } from "pino";
import type { Panah } from "../../src/index.ts";
import { finishSetUp, type SignedInClient, signIn, signOut, sleep } from "./client.ts";
import { type MatrixConfig, MatrixConfigError } from "./config.ts";
import { MatrixDeliverer } from "./deliverer.ts";
import { describeError } from "./errors.ts";
import { InvitePolicy } from "./invites.ts";
import { type MessageContext, onMessage } from "./on-message.ts";
import { setMatrixProfile } from "./profile.ts";
import { RoomSender } from "./send.ts";

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
 * Panah on Matrix: one matrix-js-sdk client with Rust crypto (client.ts) that joins rooms it
 * is invited to (invites.ts), answers messages addressed to it (on-message.ts), and sends the
 * replies as `m.notice` replies, encrypted wherever the room is (send.ts).
 */
export class MatrixBot {
  /** False until the first sync is done: everything before it is history, never answered. */
  private live = false;
  private readonly startedAt = Date.now();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly messages: MessageContext;

  private constructor(
    private readonly signedIn: SignedInClient,
    private readonly options: MatrixBotOptions,
  ) {
    this.messages = {
      client: signedIn.client,
      panah: options.panah,
      logger: options.logger,
      sender: new RoomSender(signedIn.client, options.logger),
      keyWaitMs: options.keyWaitMs ?? KEY_WAIT_MS,
      live: () => this.live,
    };
  }

  /** Signs in, sets up encryption and cross-signing, and starts answering. */
  static async start(options: MatrixBotOptions): Promise<MatrixBot> {
    const { config, logger } = options;
    const began = performance.now();
    const signedIn = await signIn(config, logger);
    const bot = new MatrixBot(signedIn, options);
    try {
      await bot.run();
      await finishSetUp(signedIn, config, logger);
      await setMatrixProfile(
        signedIn.client,
        options.panah.knowledge().kb,
        config.stateDir,
        logger,
      );
    } catch (error) {
      signedIn.client.stopClient();
      await signedIn.cryptoStore?.close();
      throw error;
    }
    logger.info(
      {
        ms: Math.round(performance.now() - began),
        device: signedIn.cryptoStore ? "kept" : "new",
      },
      "Matrix: started",
    );
    return bot;
  }

  private async run(): Promise<void> {
    const { client } = this.signedIn;
    const invites = new InvitePolicy(client, this.options.config, this.options.logger);
    client.on(RoomEvent.MyMembership, (room, membership) => {
      if (membership === "invite") this.track(invites.onInvite(room));
    });
    client.on(RoomEvent.Timeline, (event, room, toStartOfTimeline, _removed, data) => {
      if (!this.live || toStartOfTimeline || !room || !data.liveEvent) return;
      if (event.getSender() === client.getUserId() || event.getTs() < this.startedAt) return;
      const type = event.getType();
      if (type !== EventType.RoomMessage && type !== EventType.RoomMessageEncrypted) return;
      this.track(onMessage(this.messages, event, room));
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
    return this.live && this.signedIn.client.getSyncState() !== SyncState.Error;
  }

  /** The bot's Matrix user id. */
  get userId(): string {
    return this.signedIn.client.getSafeUserId();
  }

  /** Alert delivery through this bot's client and crypto (see adapters/matrix/deliverer.ts). */
  deliverer(): MatrixDeliverer {
    return new MatrixDeliverer(this.signedIn.client);
  }

  /** This start's device: a new one per start with a password, the token's with an access token. */
  get deviceId(): string {
    return this.signedIn.client.getDeviceId() ?? "";
  }

  /** Stops answering, lets replies in progress finish (briefly), and signs out (client.ts). */
  async stop(): Promise<void> {
    this.live = false;
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(DRAIN_MS)]);
    await signOut(this.signedIn);
    this.options.logger.info("Matrix: stopped");
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.options.logger.error({ err: describeError(error) }, "Matrix: handling an event failed");
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
