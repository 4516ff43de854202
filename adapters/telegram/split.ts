import type { Block, Inline } from "../../src/index.ts";
import {
  type HtmlPiece,
  joinPieces,
  listMarker,
  renderBlock,
  renderListItem,
  textPiece,
} from "./render.ts";

/** Telegram's limit on one message's text, counted after the HTML is parsed. */
export const MAX_MESSAGE_LENGTH = 4096;

/**
 * Renders blocks as Telegram HTML messages of at most `limit` visible characters each. Breaks
 * between paragraphs when it can; a block too long for one message breaks between list items,
 * then between words, and a word longer than a message between characters. A break never
 * falls inside a tag: every message is valid HTML on its own.
 */
export function splitBlocks(blocks: Block[], limit = MAX_MESSAGE_LENGTH): string[] {
  const packer = new Packer(limit);
  for (const block of blocks) {
    const whole = renderBlock(block);
    if (whole.length === 0) continue;
    if (packer.add(whole, "\n\n")) continue;
    packer.flush();
    if (packer.add(whole, "\n\n")) continue;
    for (const unit of unitsOf(block, limit)) {
      if (packer.add(unit.piece, unit.separator)) continue;
      packer.flush();
      packer.add(unit.piece, unit.separator);
    }
  }
  return packer.finish();
}

/** Fills messages up to the limit, dropping the separator at each break. */
class Packer {
  private readonly done: string[] = [];
  private current: HtmlPiece[] = [];
  private length = 0;

  constructor(private readonly limit: number) {}

  add(next: HtmlPiece, separator: string): boolean {
    const joined = this.current.length === 0 ? next : joinPieces([textPiece(separator), next]);
    if (this.length + joined.length > this.limit) return false;
    this.current.push(joined);
    this.length += joined.length;
    return true;
  }

  flush(): void {
    if (this.current.length > 0) this.done.push(joinPieces(this.current).html);
    this.current = [];
    this.length = 0;
  }

  finish(): string[] {
    this.flush();
    return this.done;
  }
}

interface Unit {
  piece: HtmlPiece;
  separator: string;
}

/** An oversized block cut into units that each fit in a message. */
function unitsOf(block: Block, limit: number): Unit[] {
  if (block.kind === "paragraph") return fitWords(wordsOf(block.content), limit);
  return block.items.flatMap((item, i) => {
    const whole = renderListItem(item, block.ordered, i);
    if (whole.length <= limit) return [{ piece: whole, separator: "\n" }];
    const words = [
      {
        plain: listMarker(block.ordered, i),
        bold: false,
        piece: textPiece(listMarker(block.ordered, i)),
      },
      ...wordsOf(item),
    ];
    return fitWords(words, limit).map((unit, j) => (j === 0 ? { ...unit, separator: "\n" } : unit));
  });
}

/** A word (with its trailing space), or a whole link, with the plain text behind it. */
interface Word {
  piece: HtmlPiece;
  plain: string;
  bold: boolean;
}

function wordsOf(content: Inline[], bold = false): Word[] {
  return content.flatMap((part): Word[] => {
    if (part.kind === "bold") return wordsOf(part.children, true);
    if (part.kind === "link") {
      const rendered = renderBlock({ kind: "paragraph", content: [part] });
      return [{ piece: bold ? emphasize(rendered) : rendered, plain: part.text, bold }];
    }
    return (part.text.match(/\S+\s*|\s+/g) ?? []).map((word) => {
      const rendered = textPiece(word);
      return { piece: bold ? emphasize(rendered) : rendered, plain: word, bold };
    });
  });
}

const emphasize = (inner: HtmlPiece): HtmlPiece => ({
  html: `<b>${inner.html}</b>`,
  length: inner.length,
});

/** Words as units; a word longer than a message is cut between characters (code points). */
function fitWords(words: Word[], limit: number): Unit[] {
  return words.flatMap((word) => {
    if (word.piece.length <= limit) return [{ piece: word.piece, separator: "" }];
    const chunks: string[] = [];
    let chunk = "";
    for (const char of word.plain) {
      if (chunk.length + char.length > limit) {
        chunks.push(chunk);
        chunk = "";
      }
      chunk += char;
    }
    if (chunk) chunks.push(chunk);
    return chunks.map((text) => ({
      piece: word.bold ? emphasize(textPiece(text)) : textPiece(text),
      separator: "",
    }));
  });
}
