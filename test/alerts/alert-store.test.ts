import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { AlertDraft } from "../../src/alerts/alert.ts";
import { parseAlertFile } from "../../src/alerts/alert-file.ts";
import { MemoryStore } from "../../src/store/memory-store.ts";
import { SqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/knowledge.ts";

const draft: AlertDraft = {
  kind: "notice",
  severity: "info",
  text: { en: "Hello" },
  audience: { languages: ["en", "fa"], platforms: ["telegram", "matrix"] },
};
const op = { platform: "cli" as const, id: "ops" };

describe.each([
  ["SQLite", () => SqliteStore.open(tempDir()) as Store],
  ["memory", () => new MemoryStore() as Store],
])("the %s alert store", (_, open) => {
  it("snapshots the audience when the alert is released: later subscribers are not added", async () => {
    const store = open();
    await store.subscribe({ platform: "telegram", userId: "1", chatId: "1", language: "fa" });
    await store.subscribe({
      platform: "matrix",
      userId: "@a:x.org",
      chatId: "!r:x.org",
      language: "en",
    });
    const result = await store.alerts.createAlert(
      { ...draft, audience: { languages: ["fa"], platforms: ["telegram", "matrix"] } },
      op,
      { now: 1, approved: true },
    );
    expect(result).toMatchObject({ outcome: "queued", recipients: 1 });
    await store.subscribe({ platform: "telegram", userId: "2", chatId: "2", language: "fa" });
    expect(await store.alerts.progress(1)).toMatchObject({ total: 1, pending: 1 });
    await store.close();
  });

  it("forget deletes a person's deliveries with their subscription, and keeps others'", async () => {
    const store = open();
    for (const id of ["1", "2"])
      await store.subscribe({ platform: "telegram", userId: id, chatId: id, language: "en" });
    await store.alerts.createAlert(draft, op, { now: 1, approved: true });
    expect(await store.forget({ platform: "telegram", userId: "1" })).toBe(2);
    expect(await store.alerts.progress(1)).toMatchObject({ total: 1 });
    await store.close();
  });

  it("claims each delivery once, and puts rows left in flight back after a restart", async () => {
    const store = open();
    for (const id of ["1", "2"])
      await store.subscribe({ platform: "telegram", userId: id, chatId: id, language: "en" });
    await store.alerts.createAlert(draft, op, { now: 1, approved: true });
    const a = await store.alerts.claimDelivery("telegram", 10);
    const b = await store.alerts.claimDelivery("telegram", 10);
    expect([a?.userId, b?.userId].sort()).toEqual(["1", "2"]);
    expect(await store.alerts.claimDelivery("telegram", 10)).toBeUndefined();
    expect(await store.alerts.requeueInFlight("telegram")).toBe(2);
    expect(await store.alerts.finishAlerts(10)).toEqual([]);
    await store.close();
  });
});

describe("the alerts' tables", () => {
  it("hold the moderators' audit log outside forget, with only configured ids and actions", async () => {
    const store = SqliteStore.open(tempDir());
    await store.alerts.createAlert(
      draft,
      { platform: "telegram", id: "42" },
      { now: 5, approved: false },
    );
    expect(await store.alerts.auditLog(5)).toEqual([
      { at: 5, actor: { platform: "telegram", id: "42" }, action: "propose", alertId: 1 },
    ]);
    const db = new Database(store.file, { readonly: true });
    const columns = db.prepare("SELECT name FROM pragma_table_info('moderator_audit')").all();
    expect(columns.map((c) => (c as { name: string }).name)).toEqual([
      "id",
      "at",
      "actor_platform",
      "actor_id",
      "action",
      "alert_id",
    ]);
    db.close();
    await store.close();
  });
});

describe("alert files", () => {
  it("name the line and column of each mistake", () => {
    const { draft: parsed, problems } = parseAlertFile(
      "alert.yaml",
      "severity: loud\nexpires: soon\ntext:\n  de: Hallo\n",
      0,
    );
    expect(parsed).toBeUndefined();
    const text = problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n");
    expect(text).toMatch(/^1:11 "severity" must be one of: info, warning, critical/m);
    expect(text).toMatch(/^2:10 "expires" \("soon"\): write a duration such as 30m, 12h or 2d/m);
    expect(text).toMatch(/^4:3 unknown field "de" in "text"/m);
  });
});

describe("panah alert", () => {
  it("sends from a file, lists, and reports one alert's status", async () => {
    const dir = tempDir();
    const env = { PANAH_DATA_DIR: dir };
    const store = SqliteStore.open(dir);
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
