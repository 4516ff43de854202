import type { MatrixClient, UIAuthCallback } from "matrix-js-sdk";
import {
  decodeRecoveryKey,
  type GeneratedSecretStorageKey,
} from "matrix-js-sdk/lib/crypto-api/index.js";
import { type MatrixConfig, MatrixConfigError } from "./config.ts";
import type { RecoveryKeyFile } from "./recovery-key.ts";
import { withRateLimitRetry } from "./retry.ts";

/**
 * Holds the secret-storage key once it is known. The SDK asks for it through the
 * `getSecretStorageKey` callback, which must be given when the client is created, before the
 * key is read or generated.
 */
export class SecretStorageKeyHolder {
  private key: Uint8Array | undefined;

  set(key: Uint8Array): void {
    this.key = key;
  }

  readonly getSecretStorageKey = async ({
    keys,
  }: {
    keys: Record<string, unknown>;
  }): Promise<[string, Uint8Array] | null> => {
    const keyId = Object.keys(keys)[0];
    return keyId && this.key ? [keyId, this.key] : null;
  };
}

export type CrossSigningSetup = "created" | "restored";

/**
 * Makes this device cross-signed by the bot's own identity, which 2026 Element requires before
 * it shares room keys with a device. On an account without cross-signing: creates the
 * identity, protected in secret storage by the recovery key (generated and saved to the data
 * directory unless MATRIX_RECOVERY_KEY is set). Otherwise: unlocks the identity from secret
 * storage with the recovery key and signs this device. Run after the first sync.
 */
export async function setUpCrossSigning(
  client: MatrixClient,
  config: MatrixConfig,
  keyFile: RecoveryKeyFile,
  holder: SecretStorageKeyHolder,
): Promise<CrossSigningSetup> {
  const crypto = client.getCrypto();
  if (!crypto) throw new Error("encryption is not initialised");
  const userId = client.getSafeUserId();
  const encoded = config.recoveryKey ?? (await keyFile.read());
  const authUploadDeviceSigningKeys: UIAuthCallback<void> = async (makeRequest) => {
    const password =
      config.credentials.kind === "password" ? config.credentials.password : undefined;
    await makeRequest(
      password
        ? { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password }
        : null,
    );
  };
  let setup: CrossSigningSetup;
  if (await crypto.userHasCrossSigningKeys(userId, true)) {
    if (!encoded) {
      throw new MatrixConfigError(
        `the bot's account already has cross-signing keys, but no recovery key was found: set MATRIX_RECOVERY_KEY to the account's recovery key (or put it in ${keyFile.path})`,
      );
    }
    holder.set(decodeKey(encoded));
    await crypto.bootstrapCrossSigning({ authUploadDeviceSigningKeys });
    setup = "restored";
  } else {
    let generated: GeneratedSecretStorageKey;
    if (encoded) {
      generated = { privateKey: decodeKey(encoded), encodedPrivateKey: encoded };
    } else {
      generated = await crypto.createRecoveryKeyFromPassphrase();
      if (!generated.encodedPrivateKey) throw new Error("the SDK generated no recovery key");
      // Saved before anything is uploaded: an identity whose key is lost cannot be restored.
      await keyFile.write(generated.encodedPrivateKey);
    }
    holder.set(generated.privateKey);
    await crypto.bootstrapCrossSigning({ authUploadDeviceSigningKeys });
    await crypto.bootstrapSecretStorage({ createSecretStorageKey: async () => generated });
    setup = "created";
  }
  if (!(await deviceIsSignedOnServer(client))) {
    throw new Error(
      "cross-signing did not complete: the homeserver does not show this device signed by the bot's identity",
    );
  }
  return setup;
}

/**
 * Whether the homeserver publishes this device with a signature by the bot's self-signing key:
 * what other people's clients check before they share room keys with it.
 */
async function deviceIsSignedOnServer(client: MatrixClient): Promise<boolean> {
  const userId = client.getSafeUserId();
  const deviceId = client.getDeviceId() ?? "";
  const keys = (await withRateLimitRetry(() => client.downloadKeysForUsers([userId]))) as {
    device_keys?: Record<
      string,
      Record<string, { signatures?: Record<string, Record<string, string>> }>
    >;
    self_signing_keys?: Record<string, { keys?: Record<string, string> }>;
  };
  const selfSigningKeyIds = Object.keys(keys.self_signing_keys?.[userId]?.keys ?? {});
  const signatures = keys.device_keys?.[userId]?.[deviceId]?.signatures?.[userId] ?? {};
  return selfSigningKeyIds.some((keyId) => keyId in signatures);
}

function decodeKey(encoded: string): Uint8Array {
  try {
    return decodeRecoveryKey(encoded);
  } catch {
    throw new MatrixConfigError(
      "the recovery key (MATRIX_RECOVERY_KEY or the saved one) is not a valid Matrix recovery key",
    );
  }
}
