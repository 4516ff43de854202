import { MatrixError } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { retrySend, withRateLimitRetry } from "../../../adapters/matrix/retry.ts";

const limited = (retryAfterMs: number) =>
  new MatrixError(
    { errcode: "M_LIMIT_EXCEEDED", error: "Too Many Requests", retry_after_ms: retryAfterMs },
    429,
  );

describe("M_LIMIT_EXCEEDED handling", () => {
  it("waits as long as the server says, then retries", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRateLimitRetry(
      async () => {
        calls++;
        if (calls < 3) throw limited(1234 * calls);
        return "joined";
      },
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(result).toBe("joined");
    expect(waits).toEqual([1234, 2468]);
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    const forbidden = new MatrixError({ errcode: "M_FORBIDDEN", error: "no" }, 403);
    await expect(
      withRateLimitRetry(
        async () => {
          calls++;
          throw forbidden;
        },
        async () => {},
      ),
    ).rejects.toBe(forbidden);
    expect(calls).toBe(1);
  });

  it("gives up after a bounded number of attempts", async () => {
    let calls = 0;
    await expect(
      withRateLimitRetry(
        async () => {
          calls++;
          throw limited(10);
        },
        async () => {},
      ),
    ).rejects.toBeInstanceOf(MatrixError);
    expect(calls).toBe(8);
  });

  it("makes queued sends wait for retry_after_ms, and stop after a while", () => {
    expect(retrySend(null, 1, limited(5000))).toBe(5000);
    expect(retrySend(null, 8, limited(5000))).toBe(-1);
    expect(retrySend(null, 1, new MatrixError({ errcode: "M_FORBIDDEN" }, 403))).toBe(-1);
  });
});
