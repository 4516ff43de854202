import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { MatrixClient } from "matrix-js-sdk";
import type { Logger } from "pino";
import type { KnowledgeBase } from "../../src/index.ts";
import { describeError } from "./errors.ts";
import { readPrivateFile, replacePrivateFile } from "./private-file.ts";

/** The avatar shipped with Panah: a white shield with a keyhole, on teal (256 × 256 PNG). */
export const AVATAR_FILE = join(import.meta.dirname, "avatar.png");

/** Which upload is the bot's avatar, so a restart does not upload it again. */
interface AvatarRecord {
  sha256: string;
  mxc: string;
}

/**
 * The bot's display name and avatar. Matrix keeps one profile for every reader, so the name
 * carries both languages ("Panah · پناه"). Each is read first and changed only when it
 * differs: a change is copied into every room the bot is in, and the avatar would otherwise
 * be uploaded again on every start. A homeserver that refuses profile changes is logged, and
 * the bot answers as before.
 */
export async function setMatrixProfile(
  client: MatrixClient,
  kb: KnowledgeBase,
  stateDir: string,
  log: Logger,
): Promise<void> {
  const [en, fa] = [kb.ui.en.profile.name, kb.ui.fa.profile.name];
  const displayName = en === fa ? en : `${en} · ${fa}`;
  const userId = client.getSafeUserId();
  const changed: string[] = [];
  try {
    // A profile never set is a 404: nothing to compare with, so both are set.
    const { displayname, avatar_url } = await client
      .getProfileInfo(userId)
      .catch(() => ({}) as { displayname?: string; avatar_url?: string });
    if (displayname !== displayName) {
      await client.setDisplayName(displayName);
      changed.push("displayname");
    }
    const image = await readFile(AVATAR_FILE);
    const sha256 = createHash("sha256").update(image).digest("hex");
    const recordFile = join(stateDir, "avatar.json");
    const recorded = await readPrivateFile(recordFile).then((b) =>
      b ? (JSON.parse(b.toString("utf8")) as AvatarRecord) : undefined,
    );
    if (!(recorded?.sha256 === sha256 && recorded.mxc === avatar_url)) {
      const { content_uri: mxc } = await client.uploadContent(image, {
        type: "image/png",
        name: "panah.png",
      });
      await client.setAvatarUrl(mxc);
      const record: AvatarRecord = { sha256, mxc };
      await replacePrivateFile(recordFile, Buffer.from(JSON.stringify(record)));
      changed.push("avatar");
    }
    if (changed.length > 0) log.info({ changed }, "Matrix profile updated");
  } catch (error) {
    log.warn(
      { err: describeError(error) },
      "the homeserver refused a profile change; the bot keeps its current name and avatar",
    );
  }
}
