/**
 * Panah's Matrix adapter: `startMatrix` is registered in src/cli/adapters.ts and runs when
 * MATRIX_HOMESERVER_URL is set. See docs/matrix.md.
 */
import { type AdapterStarter, type DeliveryWorker, dataDir } from "../../src/index.ts";
import { readMatrixConfig } from "./config.ts";
import { MatrixBot } from "./matrix-bot.ts";
import { explainStartError } from "./start-error.ts";

export { type MatrixConfig, MatrixConfigError, readMatrixConfig } from "./config.ts";
export { MatrixBot } from "./matrix-bot.ts";

export const startMatrix: AdapterStarter = async (panah, cli) => {
  const config = readMatrixConfig(cli.env, dataDir(cli.env));
  if (!config) return undefined;
  // The sync and alert delivery run in one replica at a time (with several, the leader; the
  // others stand by). Alert delivery runs beside the bot and is stopped (by panah.workers) first.
  let bot: MatrixBot | undefined;
  let alerts: DeliveryWorker | undefined;
  const matrix = await panah.leadership.lead("matrix", async () => {
    const started = await MatrixBot.start({
      panah,
      config,
      logger: cli.logger.child({ adapter: "matrix" }),
    }).catch((error: unknown) => {
      throw explainStartError(error, config);
    });
    const worker = panah.alerts.start(started.deliverer(), { pace: cli.config.alerts.matrix });
    [bot, alerts] = [started, worker];
    return async () => {
      await worker.stop();
      await started.stop();
    };
  });
  panah.workers.add({ name: "matrix alerts", stop: async () => alerts?.stop() });
  return {
    name: "matrix",
    stop: () => matrix.stop(),
    // A replica standing by is ready: it answers Telegram, and takes Matrix over when needed.
    ready: () => !matrix.running || (bot?.connected ?? false),
    deliverer: () => bot?.deliverer(),
  };
};
