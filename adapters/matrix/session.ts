import { createClient, type MatrixClient, MatrixError } from "matrix-js-sdk";
import { type MatrixConfig, MatrixConfigError } from "./config.ts";
import { withRateLimitRetry } from "./retry.ts";
import { silentSdkLogger } from "./sdk-logging.ts";

/** The display name of the bot's devices; stale devices are recognised by it. */
export const DEVICE_DISPLAY_NAME = "Panah bot";

export interface Session {
  userId: string;
  deviceId: string;
  accessToken: string;
}

/**
 * A session for this start. With a password, a fresh device: its Rust crypto store lives in
 * memory, and a device must never be reused with new keys. With an access token, the token's
 * own device, whose crypto store is kept on disk (crypto-store.ts).
 */
export async function openSession(config: MatrixConfig): Promise<Session> {
  const client = createClient({ baseUrl: config.homeserverUrl, logger: silentSdkLogger });
  if (config.credentials.kind === "token") {
    const accessToken = config.credentials.accessToken;
    const tokenClient = createClient({
      baseUrl: config.homeserverUrl,
      accessToken,
      logger: silentSdkLogger,
    });
    const me = await withRateLimitRetry(() => tokenClient.whoami());
    if (me.user_id !== config.userId)
      throw new MatrixConfigError(
        "MATRIX_ACCESS_TOKEN belongs to another user than MATRIX_USER_ID: set the token of MATRIX_USER_ID, or fix MATRIX_USER_ID",
      );
    if (!me.device_id)
      throw new MatrixConfigError(
        "MATRIX_ACCESS_TOKEN has no device: set MATRIX_PASSWORD instead, or create the token by logging in",
      );
    return { userId: me.user_id, deviceId: me.device_id, accessToken };
  }
  const password = config.credentials.password;
  const response = await withRateLimitRetry(() =>
    client.loginRequest({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: config.userId },
      password,
      initial_device_display_name: DEVICE_DISPLAY_NAME,
    }),
  );
  if (!response.device_id)
    throw new MatrixConfigError(
      "the Matrix homeserver did not assign a device at login: check MATRIX_HOMESERVER_URL points at a Matrix homeserver",
    );
  return {
    userId: response.user_id,
    deviceId: response.device_id,
    accessToken: response.access_token,
  };
}

/**
 * Deletes the bot's devices from earlier starts (same display name, not this one), so that
 * people's clients do not encrypt for devices whose keys are gone. Needs the password
 * (user-interactive auth). Returns how many were deleted.
 */
export async function deleteStaleDevices(
  client: MatrixClient,
  config: MatrixConfig,
  currentDeviceId: string,
): Promise<number> {
  if (config.credentials.kind !== "password") return 0;
  const { devices } = await withRateLimitRetry(() => client.getDevices());
  const stale = devices
    .filter((d) => d.device_id !== currentDeviceId && d.display_name === DEVICE_DISPLAY_NAME)
    .map((d) => d.device_id);
  if (stale.length === 0) return 0;
  const password = config.credentials.password;
  try {
    await withRateLimitRetry(() => client.deleteMultipleDevices(stale));
  } catch (error) {
    const session =
      error instanceof MatrixError && error.httpStatus === 401
        ? (error.data.session as string | undefined)
        : undefined;
    if (!session) throw error;
    await withRateLimitRetry(() =>
      client.deleteMultipleDevices(stale, {
        type: "m.login.password",
        identifier: { type: "m.id.user", user: config.userId },
        password,
        session,
      }),
    );
  }
  return stale.length;
}

/**
 * Whether the homeserver already publishes identity keys for this device. Such a device must not
 * start with a new crypto store: new keys for a known device id are rejected by the homeserver,
 * and people's clients would distrust the device.
 */
export async function deviceHasPublishedKeys(
  client: MatrixClient,
  session: Session,
): Promise<boolean> {
  const keys = (await withRateLimitRetry(() => client.downloadKeysForUsers([session.userId]))) as {
    device_keys?: Record<string, Record<string, unknown>>;
  };
  return keys.device_keys?.[session.userId]?.[session.deviceId] !== undefined;
}
