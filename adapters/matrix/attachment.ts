import { createCipheriv, createHash, randomBytes } from "node:crypto";
import type { MatrixClient } from "matrix-js-sdk";
import type { EncryptedFile } from "matrix-js-sdk/lib/@types/media.js";
import type { OutboundDocument } from "../../src/index.ts";
import { withRateLimitRetry } from "./retry.ts";

/**
 * A file encrypted for an encrypted room, as the Matrix spec's attachment encryption v2 has
 * it: AES-256-CTR under a fresh key, a 128-bit counter block whose low 64 bits start at zero,
 * and the SHA-256 of the ciphertext. The key travels only inside the (Megolm-encrypted) event,
 * so the homeserver stores bytes it cannot read. matrix-js-sdk does not do this itself.
 */
export function encryptAttachment(plaintext: Uint8Array): {
  ciphertext: Buffer;
  file: Omit<EncryptedFile, "url">;
} {
  const key = randomBytes(32);
  const iv = Buffer.concat([randomBytes(8), Buffer.alloc(8)]);
  const cipher = createCipheriv("aes-256-ctr", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    ciphertext,
    file: {
      key: {
        kty: "oct",
        key_ops: ["encrypt", "decrypt"],
        alg: "A256CTR",
        k: key.toString("base64url"),
        ext: true,
      },
      iv: unpadded(iv.toString("base64")),
      hashes: { sha256: unpadded(createHash("sha256").update(ciphertext).digest("base64")) },
      v: "v2",
    },
  };
}

/** An `m.file` event's content, before the reply relation is added. */
export interface FileMessage {
  msgtype: "m.file";
  /** The caption (or the file name when there is none). */
  body: string;
  filename: string;
  info: { mimetype: string; size: number };
  url?: string;
  file?: EncryptedFile;
}

/**
 * Uploads a reply's file to the homeserver's media repository: in an encrypted room encrypted
 * first (and without its name, which the server would otherwise see), else as it is.
 */
export async function uploadDocument(
  client: MatrixClient,
  document: OutboundDocument,
  encrypted: boolean,
): Promise<FileMessage> {
  const data = typeof document.data === "string" ? Buffer.from(document.data) : document.data;
  const message = {
    msgtype: "m.file" as const,
    // A body that differs from filename is the file's caption (Matrix 1.10).
    body: document.caption ?? document.fileName,
    filename: document.fileName,
    info: { mimetype: document.mimeType, size: data.length },
  };
  if (!encrypted) {
    const { content_uri } = await withRateLimitRetry(() =>
      client.uploadContent(data, { name: document.fileName, type: document.mimeType }),
    );
    return { ...message, url: content_uri };
  }
  const { ciphertext, file } = encryptAttachment(data);
  const { content_uri } = await withRateLimitRetry(() =>
    client.uploadContent(ciphertext, { type: "application/octet-stream", includeFilename: false }),
  );
  return { ...message, file: { ...file, url: content_uri } };
}

function unpadded(base64: string): string {
  return base64.replace(/=+$/, "");
}
