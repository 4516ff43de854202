import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/**
 * The servers the test run starts (PostgreSQL, Synapse) outlive a test runner that is killed
 * (a timeout, Ctrl-C, SIGKILL): PostgreSQL runs as a daemon, and nothing stops an orphaned
 * Synapse. Each one holds a port and a temporary directory. So every server is recorded here,
 * with the runner that owns it, before it starts; the next run's setup stops each recorded
 * server whose runner is gone and removes its directory.
 *
 * A server is found by its directory, which is in its command line (`postgres -D DIR/data`,
 * `synapse.app.homeserver -c DIR/homeserver.yaml`): there is no pid to record, no moment
 * between starting a server and recording it, and no reused pid mistaken for it.
 */

/** Where the records are: one file per server, so runs going on at once never share a file. */
export const SERVER_RECORDS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  ".tmp",
  "test-servers",
);

export interface ServerRecord {
  /** Which server: `postgres` or `synapse`. */
  kind: string;
  /** The server's temporary directory, removed with it. */
  dir: string;
  /** The signal that stops it at once (for PostgreSQL, SIGQUIT: immediate shutdown). */
  signal: NodeJS.Signals;
  /** The test runner that owns it, and when that process started: a reused pid started later. */
  owner: { pid: number; started: string };
}

/** How long a server gets to stop on its signal before it is killed. */
const STOP_GRACE_MS = 10_000;
const POLL_MS = 100;

/**
 * Records that this process owns a server of `kind` living in `dir`. Call it before starting
 * the server, and the returned `forget` once the server is stopped and its directory removed.
 */
export function recordServer(
  server: Omit<ServerRecord, "owner">,
  recordsDir = SERVER_RECORDS_DIR,
): () => void {
  const started = startTimeOf(process.pid);
  if (!started) throw new Error(`cannot read this process's start time with ps`);
  const record: ServerRecord = { ...server, owner: { pid: process.pid, started } };
  const file = join(recordsDir, `${server.kind}-${basename(server.dir)}.json`);
  mkdirSync(recordsDir, { recursive: true });
  // Written whole or not at all: a runner killed mid-write leaves no half a record.
  writeFileSync(`${file}.partial`, JSON.stringify(record));
  renameSync(`${file}.partial`, file);
  return () => rmSync(file, { force: true });
}

/** The recorded servers (of one kind, if given), whether their runners are alive or not. */
export function serverRecords(kind?: string, recordsDir = SERVER_RECORDS_DIR): ServerRecord[] {
  return recordFiles(recordsDir)
    .map(({ record }) => record)
    .filter((record): record is ServerRecord => record !== undefined)
    .filter((record) => kind === undefined || record.kind === kind);
}

/**
 * Stops the servers of `kind` that earlier test runs left running (their runner is gone),
 * removes their directories and their records, and returns what was stopped. Servers of runs
 * still going on are left alone.
 */
export async function stopLeftoverServers(
  kind: string,
  recordsDir = SERVER_RECORDS_DIR,
): Promise<ServerRecord[]> {
  const stopped: ServerRecord[] = [];
  for (const { file, record } of recordFiles(recordsDir)) {
    if (!record) {
      rmSync(file, { force: true });
      continue;
    }
    if (record.kind !== kind || startTimeOf(record.owner.pid) === record.owner.started) continue;
    await stopProcessesIn(record.dir, record.signal);
    rmSync(record.dir, { recursive: true, force: true });
    rmSync(file, { force: true });
    stopped.push(record);
    process.stderr.write(
      `Stopped the ${kind} server (in ${record.dir}) that test run ${record.owner.pid}, since ended, left running.\n`,
    );
  }
  return stopped;
}

function recordFiles(recordsDir: string): { file: string; record: ServerRecord | undefined }[] {
  let names: string[];
  try {
    names = readdirSync(recordsDir).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  return names.map((name) => {
    const file = join(recordsDir, name);
    try {
      return { file, record: JSON.parse(readFileSync(file, "utf8")) as ServerRecord };
    } catch {
      // Unreadable (or just forgotten by its run): nothing to stop.
      return { file, record: undefined };
    }
  });
}

async function stopProcessesIn(dir: string, signal: NodeJS.Signals): Promise<void> {
  for (const [stopWith, graceMs] of [
    [signal, STOP_GRACE_MS],
    ["SIGKILL", STOP_GRACE_MS],
  ] as const) {
    let pids = processesIn(dir);
    for (const pid of pids) signalProcess(pid, stopWith);
    for (const deadline = Date.now() + graceMs; pids.length > 0 && Date.now() < deadline; ) {
      await sleep(POLL_MS);
      pids = processesIn(dir);
    }
    if (pids.length === 0) return;
  }
  throw new Error(`could not stop the processes running in ${dir}`);
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** The processes whose command line names a path inside `dir` (an exited one no longer does). */
function processesIn(dir: string): number[] {
  const ps = spawnSync("ps", ["-A", "-ww", "-o", "pid=", "-o", "args="], { encoding: "utf8" });
  if (ps.status !== 0) throw new Error(`ps failed: ${ps.stderr}`);
  return ps.stdout
    .split("\n")
    .map((line) => /^\s*(\d+)\s(.*)$/.exec(line))
    .filter(
      (match): match is RegExpExecArray => match !== null && match[2]?.includes(`${dir}/`) === true,
    )
    .map((match) => Number(match[1]))
    .filter((pid) => pid !== process.pid);
}

/** When process `pid` started, as ps tells it, or undefined when there is no such process. */
function startTimeOf(pid: number): string | undefined {
  const ps = spawnSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8" });
  const started = ps.stdout.trim();
  return ps.status === 0 && started !== "" ? started : undefined;
}
