import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/knowledge.ts";

const RUN_TS = resolve(import.meta.dirname, "..", "..", "bin", "run-ts.js");
const run = (entry: string) =>
  execFileSync(process.execPath, [RUN_TS, entry], { encoding: "utf8" });

describe("bin/run-ts.js runs TypeScript", () => {
  it("never runs an edited source from the build made before the edit", () => {
    const dir = tempDir("panah-compiled-");
    writeFileSync(join(dir, "entry.ts"), 'import { word } from "./word.ts";\nconsole.log(word);\n');
    writeFileSync(join(dir, "word.ts"), 'export const word: string = "first";\n');
    expect(run(join(dir, "entry.ts")).trim()).toBe("first");
    expect(run(join(dir, "entry.ts")).trim()).toBe("first");
    writeFileSync(join(dir, "word.ts"), 'export const word: string = "second";\n');
    expect(run(join(dir, "entry.ts")).trim()).toBe("second");
  });

  it("gives each module its own file's location, so paths beside the source resolve", () => {
    const dir = tempDir("panah-compiled-");
    writeFileSync(
      join(dir, "entry.ts"),
      'import { where } from "./sub/where.ts";\nconsole.log(where);\n',
    );
    writeFileSync(join(dir, "sub.ts"), "");
    execFileSync("mkdir", [join(dir, "sub")]);
    writeFileSync(
      join(dir, "sub", "where.ts"),
      'export const where = JSON.stringify([import.meta.dirname, new URL("x.txt", import.meta.url).pathname]);\n',
    );
    expect(JSON.parse(run(join(dir, "entry.ts")))).toEqual([
      join(dir, "sub"),
      join(dir, "sub", "x.txt"),
    ]);
  });

  it("still runs code that imports a path computed at run time, through tsx", () => {
    const dir = tempDir("panah-compiled-");
    // tsx reads a .ts file outside a "type": "module" package as CommonJS.
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      join(dir, "entry.ts"),
      'import { join } from "node:path";\nimport { pathToFileURL } from "node:url";\nconst { word } = await import(pathToFileURL(join(import.meta.dirname, "word.ts")).href);\nconsole.log(word);\n',
    );
    writeFileSync(join(dir, "word.ts"), 'export const word: string = "found";\n');
    expect(run(join(dir, "entry.ts")).trim()).toBe("found");
  });
});
