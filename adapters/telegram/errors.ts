import { BotError, GrammyError, HttpError } from "grammy";
import { type RedactedError, redactError } from "../../src/index.ts";

/**
 * What may be logged about an error (see the core's `redactError`): for a Bot API error its
 * method, code and description, never the payload (it holds chat ids and message text) nor
 * the network error behind an HttpError (its message can hold the request URL, and so the
 * token).
 */
export function describeError(error: unknown): RedactedError {
  return redactError(error instanceof BotError ? error.error : error, readBotApiError);
}

function readBotApiError(error: unknown): RedactedError | undefined {
  if (error instanceof GrammyError)
    return {
      type: "GrammyError",
      method: error.method,
      code: error.error_code,
      description: error.description,
      ...(error.parameters?.retry_after !== undefined
        ? { retryAfter: error.parameters.retry_after }
        : {}),
    };
  if (error instanceof HttpError) return { type: "HttpError", message: error.message };
  return undefined;
}

/**
 * Whether the Bot API server lacks a method: real and self-hosted servers answer 404, the
 * telegram-test-api emulator an HTTP 500 with no error code at all.
 */
export function isUnsupportedMethod(error: unknown): boolean {
  return (
    error instanceof GrammyError && (error.error_code === undefined || error.error_code === 404)
  );
}
