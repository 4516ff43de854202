import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/knowledge.ts";

describe("panah alert", () => {
  it("sends from a file, lists, and reports one alert's status", async () => {
    const dir = tempDir();
    const env = { PANAH_DATA_DIR: dir };
    const store = await openStore({ dataDir: dir });
    await store.subscribe({ platform: "telegram", userId: "1", chatId: "1", language: "en" });
    await store.close();
    const file = join(dir, "alert.yaml");
    writeFileSync(
      file,
      "kind: status\nseverity: warning\nexpires: 12h\ntext:\n  en: Back online.\n",
    );
    expect((await runCli(["alert", "send", file, "--dry-run"], { env })).stdout).toBe(
      "would send to 1 subscribers (1 English, 0 Persian)\n",
    );
    expect((await runCli(["alert", "send", file], { env })).stdout).toMatch(
      /^alert #1 queued for 1 subscribers/,
    );
    expect((await runCli(["alert", "list"], { env })).stdout).toMatch(
      /^#1 .* sending +status\/warning +sent 0\/1, failed 0\n$/,
    );
    const status = await runCli(["alert", "status", "1"], { env });
    expect(status.stdout).toContain("deliveries: 1 total, 0 sent, 1 pending");
    expect((await runCli(["alert", "status", "9"], { env })).code).toBe(1);
  });

  it("refuses a broken file with located errors and queues nothing", async () => {
    const dir = tempDir();
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "severity: warning\ntext: {}\n");
    const result = await runCli(["alert", "send", file], { env: { PANAH_DATA_DIR: dir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.yaml:2:7: error: "text": give the text in en, fa or both/);
  });
});
