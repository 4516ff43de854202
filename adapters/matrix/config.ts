import { join } from "node:path";
import { ConfigError } from "../../src/index.ts";

/**
 * How the Matrix adapter signs in: a password (a fresh device per start) or an existing access
 * token (its device on every start, with the crypto state kept in the data directory).
 */
export type MatrixCredentials =
  | { kind: "password"; password: string }
  | { kind: "token"; accessToken: string };

/** The Matrix adapter's settings, all from the environment. */
export interface MatrixConfig {
  homeserverUrl: string;
  userId: string;
  credentials: MatrixCredentials;
  /** The cross-signing recovery key from MATRIX_RECOVERY_KEY; without it, the one in the data directory. */
  recoveryKey?: string;
  /** Invites are accepted only from these homeservers (server names); undefined: from anyone. */
  allowedServers?: string[];
  /**
   * Where the adapter keeps the generated recovery key and, signed in with a token, the
   * device's crypto state: `<PANAH_DATA_DIR>/matrix`.
   */
  stateDir: string;
}

/** A Matrix setting that is missing or wrong; the message says what to set. */
export class MatrixConfigError extends ConfigError {
  override readonly name = "MatrixConfigError";
}

/**
 * Reads MATRIX_* variables. Returns undefined when MATRIX_HOMESERVER_URL is unset (Matrix is not
 * configured); throws {@link MatrixConfigError} when it is set but the rest is incomplete.
 */
export function readMatrixConfig(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): MatrixConfig | undefined {
  const homeserverUrl = env.MATRIX_HOMESERVER_URL?.trim();
  if (!homeserverUrl) return undefined;
  let url: URL;
  try {
    url = new URL(homeserverUrl);
  } catch {
    throw new MatrixConfigError(
      `MATRIX_HOMESERVER_URL is not a URL: set it to the homeserver's address, e.g. https://matrix.example.org`,
    );
  }
  if (url.protocol !== "https:" && !isLoopback(url.hostname)) {
    throw new MatrixConfigError(
      "MATRIX_HOMESERVER_URL must use https:// (plain http only works on localhost)",
    );
  }
  const userId = env.MATRIX_USER_ID?.trim();
  if (!userId || !/^@[^:\s]+:\S+$/.test(userId)) {
    throw new MatrixConfigError(
      "MATRIX_USER_ID must be the bot's full Matrix id, e.g. @panah:example.org",
    );
  }
  const password = env.MATRIX_PASSWORD;
  const accessToken = env.MATRIX_ACCESS_TOKEN?.trim();
  let credentials: MatrixCredentials;
  if (password) credentials = { kind: "password", password };
  else if (accessToken) credentials = { kind: "token", accessToken };
  else throw new MatrixConfigError("set MATRIX_PASSWORD or MATRIX_ACCESS_TOKEN to sign the bot in");
  const allowed = env.MATRIX_ALLOWED_SERVERS?.split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const recoveryKey = env.MATRIX_RECOVERY_KEY?.trim();
  return {
    homeserverUrl: url.toString().replace(/\/$/, ""),
    userId,
    credentials,
    ...(recoveryKey ? { recoveryKey } : {}),
    ...(allowed && allowed.length > 0 ? { allowedServers: allowed } : {}),
    stateDir: join(dataDir, "matrix"),
  };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** The server name of a Matrix id: `@alice:example.org` → `example.org`. */
export function serverOf(matrixId: string): string {
  return matrixId.slice(matrixId.indexOf(":") + 1).toLowerCase();
}
