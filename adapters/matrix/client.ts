import { createClient, type MatrixClient, MatrixScheduler } from "matrix-js-sdk";
import type { Logger } from "pino";
import type { MatrixConfig } from "./config.ts";
import { SecretStorageKeyHolder, setUpCrossSigning } from "./cross-signing.ts";
import type { PersistentCryptoStore } from "./crypto-store.ts";
import { startDeviceCrypto } from "./device-crypto.ts";
import { RecoveryKeyFile } from "./recovery-key.ts";
import { clearRequestTimeouts } from "./request-timeouts.ts";
import { isRateLimited, queuePerRoom, retrySend } from "./retry.ts";
import { silenceSdkGlobalLogger, silentSdkLogger } from "./sdk-logging.ts";
import { deleteStaleDevices, openSession } from "./session.ts";

/** How long shutdown waits for the homeserver to sign a device out. */
const SIGN_OUT_MS = 5_000;

/** A signed-in client with its device's crypto running, not yet syncing. */
export interface SignedInClient {
  client: MatrixClient;
  /** The device's saved crypto state, when signed in with an access token. */
  cryptoStore: PersistentCryptoStore | undefined;
  keyHolder: SecretStorageKeyHolder;
}

/**
 * Signs in (a password makes a new device each start; an access token keeps its device) and
 * starts the device's Rust crypto. Sends are retried by the scheduler, rate limits logged.
 */
export async function signIn(config: MatrixConfig, logger: Logger): Promise<SignedInClient> {
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
  return { client, cryptoStore, keyHolder };
}

/**
 * After the first sync: cross-signing set up and this device signed (so people's clients
 * trust it), then the devices earlier starts left behind deleted.
 */
export async function finishSetUp(
  { client, keyHolder }: SignedInClient,
  config: MatrixConfig,
  logger: Logger,
): Promise<void> {
  const setup = await setUpCrossSigning(
    client,
    config,
    new RecoveryKeyFile(config.stateDir),
    keyHolder,
  );
  logger.info({ setup }, "Matrix: cross-signing ready, device signed");
  const deleted = await deleteStaleDevices(client, config, client.getDeviceId() ?? "");
  if (deleted > 0) logger.info({ count: deleted }, "Matrix: deleted devices from earlier starts");
}

/**
 * Stops the client. A password device is signed out; a token device keeps its token and saves
 * its crypto state for the next start.
 */
export async function signOut({ client, cryptoStore }: SignedInClient): Promise<void> {
  client.stopClient();
  if (cryptoStore) {
    await cryptoStore.close();
  } else {
    // The device's keys lived in memory only; deleting it keeps people's clients from encrypting for it.
    await Promise.race([client.logout(false).catch(() => undefined), sleep(SIGN_OUT_MS)]);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
