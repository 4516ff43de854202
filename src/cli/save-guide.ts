import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { OutboundDocument } from "../core/messages.ts";
import type { UiStrings } from "../knowledge/schema.ts";

/**
 * Saves a file the chat was sent (the offline guide from /guide) where `panah export` writes it
 * by default, the current directory, and says where in the person's language. A terminal cannot
 * receive a file, and a shell command to type instead is a detour. When it cannot be written,
 * the note says why and what to do; the chat goes on.
 */
export async function saveDocument(
  document: OutboundDocument,
  strings: UiStrings,
  dir = process.cwd(),
): Promise<string> {
  const file = resolve(dir, document.fileName);
  const caption = document.caption ? `${document.caption}\n` : "";
  try {
    await writeFile(file, document.data);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return `${caption}${strings.guide.save_failed.replace("{file}", file).replace("{reason}", reason)}`;
  }
  // A no-break space: wrapping must not leave "kB" alone at the start of a line.
  const size = `${Math.max(1, Math.round(Buffer.byteLength(document.data) / 1024))}\u00a0kB`;
  return `${caption}${strings.guide.saved.replace("{file}", file).replace("{size}", size)}`;
}
