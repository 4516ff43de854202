import { MatrixError } from "matrix-js-sdk";
import { type RedactedError, redactError } from "../../src/index.ts";

/**
 * What may be logged about an error (see the core's `redactError`): a Matrix error's kind,
 * errcode and HTTP status, never its payload; Matrix ids in any other error are masked.
 */
export function describeError(error: unknown): RedactedError {
  return redactError(error, (e) =>
    e instanceof MatrixError
      ? { type: "MatrixError", errcode: e.errcode ?? "", status: e.httpStatus ?? 0 }
      : undefined,
  );
}
