import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Files only the bot's own OS user may read: the recovery key, the crypto store and its key.
 * Each holds secrets that let their reader act as the bot, so the directory is 0700 and the
 * files 0600, also when they existed before with looser modes.
 */

/** The file's bytes, or undefined when it does not exist. */
export async function readPrivateFile(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Creates the file; fails if it exists, so a secret that was saved once is never overwritten. */
export async function createPrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  await privateDir(dirname(path));
  await writeFile(path, data, { mode: 0o600, flag: "wx" });
  await chmod(path, 0o600);
}

/**
 * Replaces the file's content atomically: a crash mid-write leaves the old content, never a
 * torn file.
 */
export async function replacePrivateFile(path: string, data: Uint8Array): Promise<void> {
  await privateDir(dirname(path));
  const temporary = `${path}.tmp`;
  await writeFile(temporary, data, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}
