import type { MatrixClient } from "matrix-js-sdk";
import type { Logger } from "pino";
import { type MatrixConfig, MatrixConfigError } from "./config.ts";
import { PersistentCryptoStore } from "./crypto-store.ts";
import { initRustCryptoQuietly } from "./sdk-logging.ts";
import { deviceHasPublishedKeys, type Session } from "./session.ts";

/**
 * Starts the Rust crypto for this start's device, before the first sync. Signed in with a
 * password, the device is new and its store lives in memory. Signed in with an access token,
 * the device is the token's, the same on every start, so its store is loaded from and saved to
 * the data directory; returns that store, which must be closed after the client stops.
 */
export async function startDeviceCrypto(
  client: MatrixClient,
  config: MatrixConfig,
  session: Session,
  logger: Logger,
): Promise<PersistentCryptoStore | undefined> {
  if (config.credentials.kind === "password") {
    await initRustCryptoQuietly(() => client.initRustCrypto({ useIndexedDB: false }));
    return undefined;
  }
  const store = await PersistentCryptoStore.open(config.stateDir, session.deviceId, logger);
  try {
    if (!store.restored && (await deviceHasPublishedKeys(client, session))) {
      throw new MatrixConfigError(
        `MATRIX_ACCESS_TOKEN's device already has encryption keys, but ${config.stateDir} holds no encryption state for it (was the data directory lost?): restore the data directory, or sign in again for a new access token, i.e. a new device`,
      );
    }
    await initRustCryptoQuietly(() =>
      client.initRustCrypto({ useIndexedDB: true, storageKey: store.storageKey }),
    );
    if (store.restored) {
      // Each start syncs from scratch (the sync token is not kept), so device-list changes
      // made while the bot was down never arrive: refetch the devices of everyone tracked.
      const crypto = client.getCrypto() as unknown as {
        markAllTrackedUsersAsDirty(): Promise<void>;
      };
      await crypto.markAllTrackedUsersAsDirty();
    }
    logger.info(
      { restored: store.restored },
      store.restored
        ? "Matrix: loaded the device's saved encryption state"
        : "Matrix: created encryption state for the access token's device",
    );
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}
