/**
 * Panah's Matrix adapter: listed in adapters/index.ts (see ./platform.ts), it runs when
 * MATRIX_HOMESERVER_URL is set. See docs/matrix.md.
 */
import { type AdapterContext, type Connection, dataDir, type Panah } from "../../src/index.ts";
import { MatrixConfigError, readMatrixConfig } from "./config.ts";
import { MatrixBot } from "./matrix-bot.ts";
import { explainStartError } from "./start-error.ts";

export { type MatrixConfig, MatrixConfigError, readMatrixConfig } from "./config.ts";
export { MatrixBot } from "./matrix-bot.ts";

/** Connects the Matrix adapter (see ./platform.ts); the core runs it in the leader replica only. */
export async function connectMatrix(panah: Panah, context: AdapterContext): Promise<Connection> {
  const config = readMatrixConfig(context.env, dataDir(context.env));
  if (!config) throw new MatrixConfigError("set MATRIX_HOMESERVER_URL to the bot's homeserver");
  const bot = await MatrixBot.start({ panah, config, logger: context.logger }).catch(
    (error: unknown) => {
      throw explainStartError(error, config);
    },
  );
  return { stop: () => bot.stop(), ready: () => bot.connected, deliverer: bot.deliverer() };
}
