import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "../adapters/telegram/support/emulator.ts";

/**
 * A throwaway PostgreSQL server on 127.0.0.1, for the store and replica tests: `initdb` into a
 * temporary directory, `pg_ctl start` on a free port, trust authentication for the `panah`
 * superuser, no fsync (nothing here must survive a power cut). PostgreSQL refuses to run as
 * root, so under root the server runs as the `postgres` system user that Debian's package
 * creates (or a dedicated `panah-pg` user made on the spot).
 */

export const POSTGRES_INSTALL_HINT =
  "install it with scripts/install-postgres.sh (Debian's postgresql package), or set PANAH_PG_BIN to a directory holding initdb and pg_ctl";

export interface RunningPostgres {
  /** A superuser URL on the maintenance database; tests create their own databases from it. */
  url: string;
  port: number;
  stop(): void;
}

/** The directory holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.PANAH_PG_BIN];
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian))
    candidates.push(
      ...readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(debian, v, "bin")),
    );
  const pgConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  return candidates.find(
    (dir): dir is string =>
      dir !== undefined && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")),
  );
}

/** A new empty directory for a server to live in (`startPostgres` removes it when it stops). */
export function postgresDirectory(): string {
  return mkdtempSync(join(tmpdir(), "panah-pg-"));
}

/** Starts a server in `dir`, an empty directory that stopping it (or failing to start) removes. */
export async function startPostgres(
  bin: string,
  dir = postgresDirectory(),
): Promise<RunningPostgres> {
  const runAs = userInfo().uid === 0 ? serverUser() : undefined;
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const run = (command: string, args: string[]) => {
    const [file, argv] = runAs
      ? ["runuser", ["-u", runAs.name, "--", join(bin, command), ...args]]
      : [join(bin, command), args];
    return execFileSync(file, argv, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  };
  try {
    run("initdb", [
      "-D",
      data,
      "-U",
      "panah",
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
    ]);
    const port = await freePort();
    writeFileSync(
      join(data, "postgresql.auto.conf"),
      [
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "max_connections = 200",
        "",
      ].join("\n"),
    );
    if (runAs) chownSync(join(data, "postgresql.auto.conf"), runAs.uid, runAs.gid);
    run("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", "start"]);
    return {
      url: `postgres://panah@127.0.0.1:${port}/postgres`,
      port,
      stop() {
        try {
          run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL from ${bin}: ${stderr || String(error)}`);
  }
}

/** The unprivileged user the server runs as when the tests run as root. */
function serverUser(): { name: string; uid: number; gid: number } {
  for (const name of ["postgres", "panah-pg"]) {
    const id = spawnSync("id", ["-u", name], { encoding: "utf8" });
    if (id.status === 0) {
      const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
      return { name, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
    }
  }
  execFileSync("useradd", [
    "--system",
    "--no-create-home",
    "--shell",
    "/usr/sbin/nologin",
    "panah-pg",
  ]);
  return serverUser();
}
