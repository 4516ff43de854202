import type { Logger } from "pino";
import { type Clock, systemClock } from "../core/clock.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { AlertPlatform } from "./alert.ts";
import type { AlertStore } from "./alert-store.ts";
import type { Deliverer } from "./deliverer.ts";
import {
  DeliveryWorker,
  type DeliveryWorkerOptions,
  type PaceSettings,
  type RetrySettings,
} from "./delivery-worker.ts";
import { alertMessage, reportMessage } from "./render.ts";

export interface BroadcasterOptions {
  store: AlertStore;
  /** The current knowledge base: alerts and reports use its interface strings. */
  kb: () => KnowledgeBase;
  logger: Logger;
  clock?: Clock;
  metrics?: DeliveryWorkerOptions["metrics"];
  /** How often a moderator hears how a broadcast is going; default 30 s. */
  progressEveryMs?: number;
}

/** How one platform's worker runs (its pace comes from the config's `alerts` section). */
export interface WorkerSettings {
  pace: PaceSettings;
  concurrency?: number;
  retry?: Partial<RetrySettings>;
  idleMs?: number;
}

/**
 * Delivers released alerts: one {@link DeliveryWorker} per platform, started by each adapter
 * with its {@link Deliverer}, and the progress and final reports to the moderator who sent
 * the alert (through the deliverer of the moderator's platform).
 *
 * @example
 * const worker = panah.alerts.start(telegramDeliverer, { pace: { perSecond: 25, perChatSeconds: 1 } });
 * panah.workers.add({ name: "telegram alerts", stop: () => worker.stop() });
 */
export class Broadcaster {
  private readonly workers = new Map<AlertPlatform, DeliveryWorker>();
  private readonly deliverers = new Map<AlertPlatform, Deliverer>();
  private readonly lastProgress = new Map<number, number>();
  private readonly clock: Clock;

  constructor(private readonly options: BroadcasterOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Starts delivering on the deliverer's platform (replacing a stopped worker, if any). */
  start(deliverer: Deliverer, settings: WorkerSettings): DeliveryWorker {
    const { store, logger, metrics } = this.options;
    const worker = new DeliveryWorker({
      deliverer,
      store,
      render: (alert, delivery) =>
        alertMessage(this.options.kb(), alert, delivery.language, delivery.chatId),
      ...settings,
      clock: this.clock,
      logger,
      ...(metrics ? { metrics } : {}),
      onDelivered: (id) => this.maybeProgress(id),
      onFinished: (ids) => {
        for (const id of ids) void this.report(id, true);
      },
    });
    this.workers.set(deliverer.platform, worker);
    this.deliverers.set(deliverer.platform, deliverer);
    return worker.start();
  }

  /** Tells the workers an alert was released, so they start at once. */
  wake(): void {
    for (const worker of this.workers.values()) worker.wake();
  }

  /** Whether a platform has a worker in this process. */
  delivers(platform: AlertPlatform): boolean {
    return this.workers.has(platform);
  }

  private maybeProgress(alertId: number): void {
    const every = this.options.progressEveryMs ?? 30_000;
    const now = this.clock.now();
    const last = this.lastProgress.get(alertId);
    if (last === undefined) {
      this.lastProgress.set(alertId, now);
      return;
    }
    if (now - last < every) return;
    this.lastProgress.set(alertId, now);
    void this.report(alertId, false);
  }

  /** Sends progress or the final report to the moderator's chat, if that platform runs here. */
  private async report(alertId: number, final: boolean): Promise<void> {
    const { store, logger } = this.options;
    try {
      const progress = await store.progress(alertId);
      if (final) {
        this.lastProgress.delete(alertId);
        logger.info(
          {
            alert: alertId,
            sent: progress.sent,
            failed: progress.failed,
            unsubscribed: progress.unsubscribed,
          },
          "alert delivery finished",
        );
      }
      const target = await store.reportTarget(alertId);
      const deliverer = target && this.deliverers.get(target.platform);
      if (!target || !deliverer) return;
      const failure = await deliverer.send(
        reportMessage(this.options.kb(), alertId, progress, final, target),
      );
      if (failure)
        logger.warn(
          { alert: alertId, reason: failure.label },
          "could not send the report to the moderator",
        );
      if (final) await store.clearReportTarget(alertId);
    } catch (error) {
      logger.error(
        { alert: alertId, err: { type: (error as Error)?.name } },
        "alert report failed",
      );
    }
  }
}
