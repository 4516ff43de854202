import type { EventEmitter } from "node:events";
import { platformSettings, type RunningAdapter, runAdapter } from "../adapter.ts";
import type { Panah } from "../app.ts";
import { configured, Platforms } from "../core/platform.ts";
import type { ReloadEvents } from "../engine/reloader.ts";
import { reloadRefusedNotice } from "../knowledge/reload-notice.ts";
import { type Phase, readiness, startOpsServer } from "../ops/ops-server.ts";
import { boundShutdown, type ShutdownBound, watchSignals } from "../ops/shutdown.ts";
import { chat } from "./chat.ts";
import type { CliContext } from "./context.ts";

/** How long /readyz waits for the database: under a balancer's usual health-check timeout. */
const DATABASE_CHECK_MS = 1_000;

/**
 * `panah start`: runs every adapter whose platform is configured, in one process; with none
 * configured, the terminal chat on the knowledge base, or, when the HTTP endpoint is on and
 * there is no terminal (a container without tokens yet), only the health endpoints.
 * With `http.port` set it serves /healthz, /readyz and /metrics. On SIGTERM or SIGINT it
 * stops the workers (alert deliveries), then the adapters; the caller closes the database;
 * a shutdown that takes longer than eight seconds exits non-zero.
 */
export async function start(
  cli: CliContext,
  panah: Panah,
  bound: ShutdownBound = {},
  /** Refused knowledge edits are told to the maintainers' chats in the configuration. */
  reloads?: EventEmitter<ReloadEvents>,
): Promise<number> {
  const running: RunningAdapter[] = [];
  let phase: Phase = "starting";
  const signals = watchSignals();
  const stopping = new AbortController();
  void signals.next.then(() => {
    stopping.abort();
    boundShutdown({ ...bound, logger: cli.logger });
  });
  const { port, host } = cli.config.http;
  const ops =
    port === undefined
      ? undefined
      : await startOpsServer({
          port,
          host,
          metrics: panah.metrics.withProcessMetrics(),
          logger: cli.logger,
          readiness: async () => ({
            ...readiness(phase, {
              knowledge: panah.knowledge().kb.topics.size > 0,
              database: await panah.store.reachable(DATABASE_CHECK_MS),
              ...Object.fromEntries(running.map((a) => [a.name, a.ready()])),
            }),
            ...(panah.liveStatus ? { status: await panah.liveStatus.health() } : {}),
          }),
        }).catch((error: unknown) => {
          signals.dispose();
          throw error;
        });
  try {
    try {
      for (const adapter of cli.adapters) {
        if (stopping.signal.aborted) break;
        if (!configured(adapter, cli.env)) continue;
        running.push(
          await runAdapter(adapter, panah, {
            env: cli.env,
            config: cli.config,
            settings: platformSettings(cli.config, adapter),
            logger: cli.logger.child({ adapter: adapter.name }),
            stopping: stopping.signal,
          }),
        );
      }
    } catch (error) {
      // One platform failing to start must not leave the others running with nobody to stop them.
      await stopAdapters(cli, running);
      if (stopping.signal.aborted) return stoppedDuringStartUp(cli);
      throw error;
    }
    if (stopping.signal.aborted) {
      await stopAdapters(cli, running);
      return stoppedDuringStartUp(cli);
    }
    if (panah.liveStatus)
      await (await import("../status/poll-live-status.ts")).pollLiveStatus(
        panah,
        cli.config,
        (platform) => running.find((a) => a.name === platform)?.deliverer?.(),
      );
    const healthOnly = running.length === 0 && ops !== undefined && !isTerminal(cli.stdin);
    if (running.length === 0 && !healthOnly) {
      signals.dispose();
      cli.logger.info(`no platform configured (${switches(cli)}): starting the terminal chat`);
      return await chat(cli, panah);
    }
    phase = "running";
    reloads?.on("failed", ({ problems }) => void tellMaintainers(cli, running, problems));
    if (healthOnly)
      cli.logger.warn(
        `no platform configured (${switches(cli)}) and no terminal: serving only health and metrics until stopped`,
      );
    else cli.logger.info({ adapters: running.map((a) => a.name) }, "Panah is running");
    const signal = await signals.next;
    phase = "stopping";
    cli.logger.info({ signal }, "shutting down");
    // Deliveries in flight finish while their platform is still connected; then the adapters
    // stop receiving and let the replies in progress go out.
    await panah.workers.stopAll(cli.logger);
    await stopAdapters(cli, running);
    return 0;
  } finally {
    signals.dispose();
    await ops?.close();
  }
}

function stoppedDuringStartUp(cli: CliContext): number {
  cli.logger.info("stopped during start-up");
  return 0;
}

/** Sends the refused-edit notice to each configured maintainers' chat whose platform runs here. */
async function tellMaintainers(
  cli: CliContext,
  running: RunningAdapter[],
  problems: Parameters<typeof reloadRefusedNotice>[1],
): Promise<void> {
  for (const adapter of running) {
    const { name: platform } = adapter;
    const chats = cli.config.maintainers[platform] ?? [];
    const deliverer = adapter.deliverer();
    if (chats.length === 0 || !deliverer) continue;
    for (const chatId of chats) {
      const failure = await deliverer
        .send(reloadRefusedNotice(chatId, problems))
        .catch((error: Error) => ({ label: error.name }));
      if (failure)
        cli.logger.warn(
          { platform, reason: failure.label },
          "could not tell a maintainers' chat about a refused edit",
        );
    }
  }
}

async function stopAdapters(cli: CliContext, running: RunningAdapter[]): Promise<void> {
  const results = await Promise.allSettled(running.map((a) => a.stop()));
  results.forEach((result, i) => {
    if (result.status === "rejected")
      cli.logger.error(
        { adapter: running[i]?.name, err: result.reason },
        "stopping an adapter failed",
      );
  });
}

function isTerminal(stream: NodeJS.ReadableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

function switches(cli: CliContext): string {
  return new Platforms(cli.adapters).switches() || "no adapters installed";
}
