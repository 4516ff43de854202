import type { Problem } from "./problems.ts";

/**
 * The largest knowledge file read. The biggest bundled file is under 30 kB; a file a hundred
 * times that is a mistake (a pasted dump, a binary), and parsing it would hold the reload up
 * for minutes and take gigabytes.
 */
export const MAX_KNOWLEDGE_FILE_BYTES = 2 * 1024 * 1024;

/**
 * A knowledge file's bytes as text, or the problem that stops it: too big, not UTF-8, or
 * holding control characters (a NUL in a title reaches people as "�"). Problems name the line
 * and column of the first bad byte, so a maintainer can find it.
 */
export function knowledgeText(
  file: string,
  bytes: Buffer,
): { text: string; problem?: undefined } | { text?: undefined; problem: Problem } {
  const big = sizeProblem(file, bytes.length);
  if (big) return { problem: big };
  let text: string;
  try {
    text = DECODER.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return {
      problem: {
        severity: "error",
        file,
        ...positionOfByte(bytes, offset),
        message: `byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, "0")} is not UTF-8 text: save the file as UTF-8 (editors offer it under "encoding")`,
      },
    };
  }
  const control = CONTROL.exec(text);
  if (control) {
    const before = text.slice(0, control.index);
    const line = before.split("\n").length;
    const column = control.index - before.lastIndexOf("\n");
    const code = control[0].codePointAt(0)?.toString(16).padStart(4, "0").toUpperCase();
    return {
      problem: {
        severity: "error",
        file,
        line,
        column,
        message: `invisible control character U+${code} in the text: delete it (it would show as a broken character)`,
      },
    };
  }
  // A byte-order mark at the start is how some editors write UTF-8; YAML does not need it.
  return { text: text.replace(/^\uFEFF/, "") };
}

/** The problem with a file of `size` bytes, checked before reading it, or undefined. */
export function sizeProblem(file: string, size: number): Problem | undefined {
  if (size <= MAX_KNOWLEDGE_FILE_BYTES) return undefined;
  return {
    severity: "error",
    file,
    message: `the file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_KNOWLEDGE_FILE_BYTES / 1024 / 1024} MB a knowledge file may be: split it, or remove what does not belong`,
  };
}

const DECODER = new TextDecoder("utf-8", { fatal: true });
/** C0 and C1 controls other than tab, line feed and carriage return, and DEL. */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;

/** Where UTF-8 decoding fails: the first byte that does not start or continue a valid sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b < 0xe0
          ? 2
          : b >= 0xe0 && b < 0xf0
            ? 3
            : b >= 0xf0 && b < 0xf5
              ? 4
              : 0;
    if (length === 0) return i;
    if (length > 1 && !decodes(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

function decodes(sequence: Buffer): boolean {
  try {
    DECODER.decode(sequence);
    return true;
  } catch {
    return false;
  }
}

function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  // Columns count characters, as editors show them: decode what is valid before the bad byte.
  const column = bytes.subarray(lineStart, offset).toString("utf8").length + 1;
  return { line, column };
}
