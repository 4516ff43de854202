import type { Logger } from "pino";
import { describeError, isUnsupportedMethod } from "./errors.ts";

/**
 * Bot API calls the bot can do without: command menus, "typing…", webhook set-up. One that
 * fails is logged and skipped, never stopping the bot from answering; a method the server
 * does not offer at all (older self-hosted Bot API servers, the test emulator) is skipped
 * from then on, so it costs one log line, not one per message.
 */
export class OptionalCalls {
  private readonly unsupported = new Set<string>();

  constructor(private readonly logger: Logger) {}

  async run<T>(method: string, call: () => Promise<T>): Promise<T | undefined> {
    if (this.unsupported.has(method)) return undefined;
    try {
      return await call();
    } catch (error) {
      if (isUnsupportedMethod(error)) {
        this.unsupported.add(method);
        this.logger.warn(
          { method },
          "the Bot API server does not offer this method; skipping it from now on",
        );
      } else {
        this.logger.warn(
          { method, err: describeError(error) },
          "an optional Bot API call failed; carrying on without it",
        );
      }
      return undefined;
    }
  }

  /** Whether `method` was found missing on this server. */
  isUnsupported(method: string): boolean {
    return this.unsupported.has(method);
  }
}
