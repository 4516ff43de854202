import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { loadCheckedKnowledge } from "../engine/knowledge.ts";
import { renderGuide } from "../export/guide.ts";
import type { CliContext } from "./context.ts";

export const EXPORT_FORMATS = ["html"] as const;

/**
 * `panah export --format html [--out FILE]`: writes the offline guide. Without `--out` the page
 * goes to stdout when it is piped, and into `panah-guide-<date>.html` here when stdout is a
 * terminal (nobody wants 200 kB of HTML on their screen). `--out -` forces stdout.
 */
export async function exportGuide(
  cli: CliContext,
  options: { dir: string; format: string; out?: string; now?: Date },
): Promise<number> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
    cli.stderr.write(
      `panah export: unknown format "${options.format}"; the only format is html (--format html)\n`,
    );
    return 2;
  }
  const { kb } = await loadCheckedKnowledge(options.dir);
  const guide = renderGuide(kb, { exportedAt: options.now ?? new Date() });
  const toStdout =
    options.out === "-" || (options.out === undefined && !(cli.stdout as NodeJS.WriteStream).isTTY);
  if (toStdout) {
    cli.stdout.write(guide.html);
    return 0;
  }
  const file = resolve(options.out ?? guide.fileName);
  await writeFile(file, guide.html);
  const size = Buffer.byteLength(guide.html);
  cli.stderr.write(
    `panah export: wrote ${file} (${kb.topics.size} topics, ${(size / 1024).toFixed(0)} kB)\n`,
  );
  return 0;
}
