import { describe, expect, it } from "vitest";
import { redactError } from "../../src/core/redact-error.ts";

describe("the error redactor", () => {
  it("keeps an error's kind, message and stack, with Matrix ids masked", () => {
    const error = new TypeError("cannot send to !room:example.org for @alice:example.org");
    const redacted = redactError(error);
    expect(redacted).toMatchObject({
      type: "TypeError",
      message: "cannot send to [id] for [id]",
    });
    expect(redacted.stack).toContain("redact-error.test.ts");
    expect(JSON.stringify(redacted)).not.toContain("alice");
  });

  it("lets a platform read its own errors, and keeps nothing else of them", () => {
    class ApiError extends Error {
      constructor(readonly payload: { chat_id: number; text: string }) {
        super("Bad Request");
      }
    }
    const redacted = redactError(new ApiError({ chat_id: 42, text: "my secret" }), (e) =>
      e instanceof ApiError ? { type: "ApiError", description: e.message } : undefined,
    );
    expect(redacted).toEqual({ type: "ApiError", description: "Bad Request" });
  });

  it("says only what kind of thing was thrown when it is not an error", () => {
    expect(redactError({ chat_id: 42, text: "my secret" })).toEqual({ type: "object" });
  });
});
