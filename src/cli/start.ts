import type { Panah } from "../app.ts";
import { chat } from "./chat.ts";
import type { CliContext } from "./context.ts";

/** An adapter running in this process; `panah start` stops each on shutdown. */
export interface RunningAdapter {
  name: string;
  stop(): Promise<void>;
}

/** Starts one platform adapter if its environment is configured; undefined if it is not. */
export type AdapterStarter = (panah: Panah, cli: CliContext) => Promise<RunningAdapter | undefined>;

/**
 * `panah start`: runs every adapter whose platform is configured, in one process; with none
 * configured, the terminal chat on the knowledge base.
 */
export async function start(
  cli: CliContext,
  panah: Panah,
  starters: AdapterStarter[],
): Promise<number> {
  const running: RunningAdapter[] = [];
  for (const startAdapter of starters) {
    const adapter = await startAdapter(panah, cli);
    if (adapter) running.push(adapter);
  }
  if (running.length === 0) {
    cli.logger.info(
      "no platform configured (TELEGRAM_BOT_TOKEN, MATRIX_HOMESERVER_URL): starting the terminal chat",
    );
    return chat(cli, panah);
  }
  cli.logger.info({ adapters: running.map((a) => a.name) }, "Panah is running");
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  cli.logger.info("shutting down");
  await Promise.allSettled(running.map((a) => a.stop()));
  return 0;
}
