/**
 * Panah's Matrix adapter: `startMatrix` is registered in src/cli/adapters.ts and runs when
 * MATRIX_HOMESERVER_URL is set. See docs/matrix.md.
 */
import { type AdapterStarter, dataDir } from "../../src/index.ts";
import { readMatrixConfig } from "./config.ts";
import { MatrixBot } from "./matrix-bot.ts";

export { type MatrixConfig, MatrixConfigError, readMatrixConfig } from "./config.ts";
export { MatrixBot } from "./matrix-bot.ts";

export const startMatrix: AdapterStarter = async (panah, cli) => {
  const config = readMatrixConfig(cli.env, dataDir(cli.env));
  if (!config) return undefined;
  const bot = await MatrixBot.start({
    panah,
    config,
    logger: cli.logger.child({ adapter: "matrix" }),
  });
  // Alert delivery runs beside the bot and is stopped (by panah.workers) before it.
  const alerts = panah.alerts.start(bot.deliverer(), { pace: cli.config.alerts.matrix });
  panah.workers.add({ name: "matrix alerts", stop: () => alerts.stop() });
  return { name: "matrix", stop: () => bot.stop(), ready: () => bot.connected };
};
