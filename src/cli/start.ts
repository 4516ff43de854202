import type { EventEmitter } from "node:events";
import type { Deliverer } from "../alerts/deliverer.ts";
import type { Panah } from "../app.ts";
import { reloadRefusedNotice } from "../knowledge/reload-notice.ts";
import type { ReloadEvents } from "../knowledge/reloader.ts";
import { type Phase, readiness, startOpsServer } from "../ops/ops-server.ts";
import { boundShutdown, type ShutdownBound, watchSignals } from "../ops/shutdown.ts";
import { chat } from "./chat.ts";
import type { CliContext } from "./context.ts";

/** How long /readyz waits for the database: under a balancer's usual health-check timeout. */
const DATABASE_CHECK_MS = 1_000;

/** An adapter running in this process; `panah start` stops each on shutdown. */
export interface RunningAdapter {
  name: string;
  /** Stops receiving and lets replies in progress finish. */
  stop(): Promise<void>;
  /** Connected to its platform right now (for /readyz); without it, connected while running. */
  ready?(): boolean;
  /** Sends a message to a chat of this platform (maintainers' notices); absent while standing by. */
  deliverer?(): Deliverer | undefined;
}

/**
 * Starts one platform adapter if its environment is configured; undefined if it is not.
 * `stopping` aborts when SIGTERM or SIGINT arrives during start-up: a starter still waiting
 * (for a platform it cannot reach yet) gives up then, so the process exits at once and cleanly.
 */
export type AdapterStarter = (
  panah: Panah,
  cli: CliContext,
  stopping: AbortSignal,
) => Promise<RunningAdapter | undefined>;

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
  starters: AdapterStarter[],
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
  if (port === undefined && cli.env.DATABASE_URL?.trim() && cli.env.TELEGRAM_WEBHOOK_URL?.trim())
    cli.logger.warn(
      "a replica behind a balancer (DATABASE_URL, TELEGRAM_WEBHOOK_URL) with the health endpoint off: a balancer that checks /readyz takes it out; set PANAH_HTTP_PORT and PANAH_HTTP_HOST (see docs/deployment.md)",
    );
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
              ...Object.fromEntries(running.map((a) => [a.name, a.ready?.() ?? true])),
            }),
            ...(panah.liveStatus ? { status: await panah.liveStatus.health() } : {}),
          }),
        }).catch((error: unknown) => {
          signals.dispose();
          throw error;
        });
  try {
    try {
      for (const startAdapter of starters) {
        if (stopping.signal.aborted) break;
        const adapter = await startAdapter(panah, cli, stopping.signal);
        if (adapter) running.push(adapter);
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
      cli.logger.info(
        "no platform configured (TELEGRAM_BOT_TOKEN, MATRIX_HOMESERVER_URL): starting the terminal chat",
      );
      return await chat(cli, panah);
    }
    phase = "running";
    reloads?.on("failed", ({ problems }) => void tellMaintainers(cli, running, problems));
    if (healthOnly)
      cli.logger.warn(
        "no platform configured (TELEGRAM_BOT_TOKEN, MATRIX_HOMESERVER_URL) and no terminal: serving only health and metrics until stopped",
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
  for (const platform of ["telegram", "matrix"] as const) {
    const chats = cli.config.maintainers[platform];
    const deliverer = running.find((a) => a.name === platform)?.deliverer?.();
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
