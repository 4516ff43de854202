import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataDir } from "../../src/app.ts";
import { ConfigError } from "../../src/config/config-error.ts";
import { openStore } from "../../src/store/open.ts";
import { StoreError } from "../../src/store/store.ts";
import { tempDir } from "../helpers/knowledge.ts";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("the data directory and the database file", () => {
  it("creates the database readable by its owner only, in an existing world-readable directory too", async () => {
    const dir = join(tempDir(), "data");
    mkdirSync(dir, { mode: 0o755 });
    const store = await openStore({ dataDir: dir });
    await store.subscribe({ platform: "telegram", userId: "1", chatId: "1", language: "en" });
    expect(mode(join(dir, "panah.db"))).toBe(0o600);
    expect(mode(join(dir, "panah.db-wal"))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    await store.close();
  });

  it("makes a new data directory owner-only", async () => {
    const dir = join(tempDir(), "fresh", "data");
    const store = await openStore({ dataDir: dir });
    expect(mode(dir)).toBe(0o700);
    await store.close();
  });

  it("refuses an empty PANAH_DATA_DIR instead of using the current directory", () => {
    expect(() => dataDir({ PANAH_DATA_DIR: "" })).toThrow(ConfigError);
    expect(() => dataDir({ PANAH_DATA_DIR: "  " })).toThrow(/PANAH_DATA_DIR is set but empty/);
    expect(dataDir({})).toBe(join(process.cwd(), "data"));
  });

  it("refuses a data directory under /proc or /sys with a message that says what to do", async () => {
    await expect(openStore({ dataDir: "/proc/self/cwd/data" })).rejects.toThrow(StoreError);
    await expect(openStore({ dataDir: "/sys/panah" })).rejects.toThrow(
      /set PANAH_DATA_DIR to a directory on a disk/,
    );
  });
});
