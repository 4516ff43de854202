import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The recovery key that unlocks the bot's cross-signing keys in secret storage. Given as
 * MATRIX_RECOVERY_KEY, or generated on the first start and kept in `<data>/matrix/recovery-key`,
 * readable by the owner only. Whoever holds it can sign devices as the bot: treat it like the
 * password.
 */
export class RecoveryKeyFile {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, "recovery-key");
  }

  async read(): Promise<string | undefined> {
    try {
      const key = (await readFile(this.path, "utf8")).trim();
      return key || undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async write(encodedKey: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    await writeFile(this.path, `${encodedKey}\n`, { mode: 0o600, flag: "wx" });
    await chmod(this.path, 0o600);
  }
}
