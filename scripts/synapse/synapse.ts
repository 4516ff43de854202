import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A throwaway Synapse homeserver on 127.0.0.1 (SQLite, no federation, relaxed rate limits),
 * for the Matrix tests and for trying the adapter by hand. `scripts/synapse/install.sh`
 * installs it; `startSynapse` runs one; `registerUser` creates accounts through the
 * shared-secret admin API.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "..", "..");

/** The virtual environment install.sh creates (PANAH_SYNAPSE_VENV overrides it). */
export function synapseVenv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(REPO, env.PANAH_SYNAPSE_VENV ?? ".tmp/synapse-venv");
}

/** The Python that runs Synapse, or undefined when Synapse is not installed. */
export function synapsePython(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const python = join(synapseVenv(env), "bin", "python");
  return existsSync(python) ? python : undefined;
}

export const INSTALL_HINT =
  "install it with scripts/synapse/install.sh (needs Python >= 3.10 and network access to PyPI)";

export interface RunningSynapse {
  /** The client-server API base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The secret for the admin registration API. */
  registrationSecret: string;
  /** Synapse's data directory (database, log). */
  dir: string;
  stop(): Promise<void>;
}

/**
 * Starts Synapse in `dir` on a free loopback port and waits until it answers (a few seconds,
 * schema migration of the empty SQLite database included).
 */
export async function startSynapse(options: {
  dir: string;
  port?: number;
  readyTimeoutMs?: number;
}): Promise<RunningSynapse> {
  const python = synapsePython();
  if (!python) throw new Error(`Synapse is not installed: ${INSTALL_HINT}`);
  const dir = resolve(options.dir);
  const port = options.port ?? (await freePort());
  const secret = randomBytes(16).toString("hex");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const fill = (text: string) =>
    text
      .replaceAll("{{DIR}}", dir)
      .replaceAll("{{PORT}}", String(port))
      .replaceAll("{{SECRET}}", secret);
  await writeFile(
    join(dir, "homeserver.yaml"),
    fill(await readFile(join(HERE, "homeserver.yaml"), "utf8")),
  );
  await writeFile(join(dir, "log.yaml"), fill(await readFile(join(HERE, "log.yaml"), "utf8")));

  const child = spawn(
    python,
    ["-m", "synapse.app.homeserver", "-c", join(dir, "homeserver.yaml")],
    {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child, options.readyTimeoutMs ?? 180_000, () => stderr, dir);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { url, registrationSecret: secret, dir, stop: () => stopProcess(child) };
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
  dir: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(
        `Synapse exited during start-up; see ${join(dir, "homeserver.log")}\n${stderr()}`,
      );
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `Synapse did not answer within ${timeoutMs} ms; see ${join(dir, "homeserver.log")}`,
  );
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolvePort(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export interface RegisteredUser {
  userId: string;
  accessToken: string;
  deviceId: string;
  password: string;
}

/** Registers a user through Synapse's shared-secret admin API (no rate limit applies). */
export async function registerUser(
  synapse: Pick<RunningSynapse, "url" | "registrationSecret">,
  username: string,
  password: string,
  admin = false,
): Promise<RegisteredUser> {
  const endpoint = `${synapse.url}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(endpoint)).json()) as { nonce: string };
  const mac = createHmac("sha1", synapse.registrationSecret)
    .update(`${nonce}\0${username}\0${password}\0${admin ? "admin" : "notadmin"}`)
    .digest("hex");
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ nonce, username, password, admin, mac }),
  });
  if (!response.ok)
    throw new Error(
      `registering ${username} failed: HTTP ${response.status} ${await response.text()}`,
    );
  const body = (await response.json()) as {
    user_id: string;
    access_token: string;
    device_id: string;
  };
  return {
    userId: body.user_id,
    accessToken: body.access_token,
    deviceId: body.device_id,
    password,
  };
}
