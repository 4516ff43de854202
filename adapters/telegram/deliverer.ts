import { Api, GrammyError, HttpError, type Transformer } from "grammy";
import type { Deliverer, OutboundMessage, SendFailure } from "../../src/index.ts";
import { sendOptions, toTelegramMessages } from "./outbound.ts";

/**
 * Alert delivery on Telegram. It uses an `Api` of its own, without auto-retry: a 429 must
 * reach the delivery worker, which pauses every send for `retry_after`, instead of one call
 * waiting while the others keep hitting the limit.
 */
export class TelegramDeliverer implements Deliverer {
  readonly platform = "telegram" as const;

  constructor(private readonly api: Api) {}

  /**
   * A deliverer with its own Api for `token`; `transformers` are the tests' fault injectors.
   * A call that takes over `timeoutSeconds` (default 30) counts as a transient failure and is
   * retried: with grammy's 500 s default, a few hung requests would stall a whole broadcast.
   */
  static create(
    token: string,
    apiRoot?: string,
    transformers: Transformer[] = [],
    timeoutSeconds = 30,
  ) {
    const api = new Api(token, {
      timeoutSeconds,
      ...(apiRoot ? { apiRoot: apiRoot.replace(/\/+$/, "") } : {}),
    });
    api.config.use(...transformers);
    return new TelegramDeliverer(api);
  }

  async send(message: OutboundMessage): Promise<SendFailure | undefined> {
    try {
      for (const part of toTelegramMessages(message))
        await this.api.sendMessage(part.chatId, part.html, sendOptions(part));
      return undefined;
    } catch (error) {
      return classifyTelegramError(error);
    }
  }
}

/**
 * A Bot API failure as the worker needs it (research/telegram.md §2.4): 429 waits
 * `retry_after`; 403 (blocked, deactivated, kicked, cannot initiate) and 400 "chat not found"
 * or "user not found" mean the person is gone; other 400s mean the message was refused; 5xx and
 * network errors are transient.
 */
export function classifyTelegramError(error: unknown): SendFailure {
  if (error instanceof GrammyError) {
    const label = `${error.error_code} ${error.description}`.slice(0, 120);
    if (error.error_code === 429)
      return { kind: "retry-after", ms: (error.parameters.retry_after ?? 1) * 1000, label };
    if (error.error_code === 403) return { kind: "permanent", unsubscribe: true, label };
    if (error.error_code === 400)
      return /chat not found|user not found|PEER_ID_INVALID|user is deactivated/i.test(
        error.description,
      )
        ? { kind: "permanent", unsubscribe: true, label }
        : { kind: "permanent", unsubscribe: false, label };
    return { kind: "transient", label };
  }
  if (error instanceof HttpError) return { kind: "transient", label: "network" };
  return { kind: "transient", label: (error as Error)?.name ?? "error" };
}
