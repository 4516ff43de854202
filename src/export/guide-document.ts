import type { OutboundDocument } from "../core/messages.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { Language } from "../text/language.ts";
import { renderGuide } from "./guide.ts";

const rendered = new WeakMap<KnowledgeBase, { day: string; data: Buffer; fileName: string }>();

/**
 * The offline guide as a document for the `guide` command, captioned in the asker's language.
 * Rendered once per knowledge base and day, so a busy bot does not rebuild 200 kB of HTML for
 * every request; a reload (a new knowledge base) or a new day renders it afresh.
 */
export function guideDocument(
  kb: KnowledgeBase,
  language: Language,
  now: number,
): OutboundDocument {
  const exportedAt = new Date(now);
  const day = exportedAt.toISOString().slice(0, 10);
  let cached = rendered.get(kb);
  if (cached?.day !== day) {
    const guide = renderGuide(kb, { exportedAt });
    cached = { day, data: Buffer.from(guide.html, "utf8"), fileName: guide.fileName };
    rendered.set(kb, cached);
  }
  return {
    fileName: cached.fileName,
    mimeType: "text/html",
    data: cached.data,
    caption: kb.ui[language].guide.caption,
  };
}
