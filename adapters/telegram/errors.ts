import { BotError, GrammyError, HttpError } from "grammy";

/**
 * What may be logged about an error: the Bot API method, code and description, never the
 * payload (it holds chat ids and message text) nor the network error behind an HttpError
 * (its message can hold the request URL, and so the token).
 */
export function describeError(error: unknown): Record<string, unknown> {
  const cause = error instanceof BotError ? error.error : error;
  if (cause instanceof GrammyError)
    return {
      type: "GrammyError",
      method: cause.method,
      code: cause.error_code,
      description: cause.description,
      ...(cause.parameters?.retry_after !== undefined
        ? { retryAfter: cause.parameters.retry_after }
        : {}),
    };
  if (cause instanceof HttpError) return { type: "HttpError", message: cause.message };
  if (cause instanceof Error)
    return {
      type: cause.name,
      message: cause.message,
      ...(cause.stack ? { stack: cause.stack } : {}),
    };
  return { type: typeof cause };
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
