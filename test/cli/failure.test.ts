import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { failureReport } from "../../src/cli/failure.ts";
import { main } from "../../src/cli/main.ts";
import { ConfigError } from "../../src/config/config-error.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";

describe("what panah prints when a command cannot go on", () => {
  it("a foreseen failure: its own message, which says what to fix, and nothing else", () => {
    expect(
      failureReport(new ConfigError("TELEGRAM_WEBHOOK_PORT must be a port number"), "start"),
    ).toBe("panah: TELEGRAM_WEBHOOK_PORT must be a port number\n");
  });

  it("an unexpected error: one line with what it was and how to see more, no stack trace", () => {
    const report = failureReport(new TypeError("reading 'port' of undefined"), "start");
    expect(report).toBe(
      "panah start: stopped by an unexpected error (TypeError: reading 'port' of undefined): run it again with LOG_LEVEL=debug to print the stack trace, and report it\n",
    );
  });

  it("with LOG_LEVEL=debug, the stack trace first, then the same closing line", () => {
    const report = failureReport(new TypeError("reading 'port' of undefined"), "start", "debug");
    expect(report).toContain("    at ");
    expect(report.trimEnd().split("\n").at(-1)).toBe(
      "panah start: stopped by an unexpected error (TypeError: reading 'port' of undefined): the stack trace is above; please report it",
    );
  });

  it("never prints a token, a Matrix id or a Telegram id an error message quotes", () => {
    const error = new Error(
      "POST /bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage for @alice:example.org in chat 5938271042",
    );
    const report = failureReport(error, "start", "debug");
    for (const secret of ["AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "@alice:example.org", "5938271042"])
      expect(report).not.toContain(secret);
  });

  it("main returns 1 with that line instead of throwing (standard output failing mid-command)", async () => {
    let stderr = "";
    const code = await main(["topics"], {
      env: { PANAH_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE },
      // A stream that throws as it is written to: nothing Panah foresees.
      stdout: {
        write() {
          throw new Error("write EPIPE");
        },
      } as unknown as NodeJS.WritableStream,
      stderr: new Writable({
        write(chunk, _encoding, done) {
          stderr += String(chunk);
          done();
        },
      }),
      logger: capturingLogger().logger,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^panah topics: stopped by an unexpected error \(Error: write EPIPE\)/);
    expect(stderr).not.toContain("    at ");
  });
});
