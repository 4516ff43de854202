import { join } from "node:path";
import { createPrivateFile, readPrivateFile } from "./private-file.ts";

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
    const key = (await readPrivateFile(this.path))?.toString("utf8").trim();
    return key || undefined;
  }

  async write(encodedKey: string): Promise<void> {
    await createPrivateFile(this.path, `${encodedKey}\n`);
  }
}
