import type { Logger } from "pino";
import { type Clock, systemClock } from "../core/clock.ts";
import type { OutboundMessage } from "../core/messages.ts";
import type { Alert, AlertPlatform, Delivery, FailureReason } from "./alert.ts";
import type { AlertStore } from "./alert-store.ts";
import { MAX_IN_FLIGHT, SendConcurrency } from "./concurrency.ts";
import type { Deliverer, SendFailure } from "./deliverer.ts";
import { Pace } from "./pace.ts";

export interface PaceSettings {
  perSecond: number;
  /** Minimum gap between two messages to one chat. */
  perChatSeconds?: number;
}

export interface RetrySettings {
  /** First backoff after a transient failure; doubles each try. */
  baseMs: number;
  maxMs: number;
  /** Tries before a delivery is given up. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetrySettings = { baseMs: 2_000, maxMs: 5 * 60_000, maxAttempts: 8 };

/** What the worker counts, for reports and benchmarks. */
export interface WorkerCounts {
  sent: number;
  failed: number;
  rateLimited: number;
  retried: number;
}

export interface DeliveryWorkerOptions {
  deliverer: Deliverer;
  store: AlertStore;
  /** The message one subscriber gets for an alert. */
  render: (alert: Alert, delivery: Delivery) => OutboundMessage;
  pace: PaceSettings;
  /**
   * Sends in flight at once. Only these can be sent twice after a crash. Default: sized from
   * the measured round trip to keep the pace (see {@link SendConcurrency}), at most 32.
   */
  concurrency?: number;
  retry?: Partial<RetrySettings>;
  /** How often an idle worker looks for new deliveries (a release in this process wakes it at once). */
  idleMs?: number;
  clock?: Clock;
  logger: Logger;
  metrics?: {
    deliverySent(platform: AlertPlatform): void;
    deliveryFailed(platform: AlertPlatform, reason: FailureReason): void;
  };
  /** Called after a delivery completes, with its alert id (progress reports). */
  onDelivered?: (alertId: number) => void;
  /** Called with the alerts this worker found finished (each id once, whichever worker saw it). */
  onFinished?: (alertIds: number[]) => void;
}

/**
 * Sends one platform's alert deliveries from the store at the configured pace: claims a row
 * (marking it `sending`), sends, then marks it `sent` or classifies the failure. A rate limit
 * pauses the whole worker for as long as the platform asks; transient errors are retried with
 * exponential backoff; a recipient who is gone is unsubscribed. Starting resumes whatever a
 * crash left, so every row ends `sent` or `failed`.
 *
 * @example
 * const worker = new DeliveryWorker({ deliverer, store: store.alerts, render, pace, logger });
 * worker.start();
 * await worker.stop(); // finishes the sends in flight
 */
export class DeliveryWorker {
  readonly platform: AlertPlatform;
  readonly counts: WorkerCounts = { sent: 0, failed: 0, rateLimited: 0, retried: 0 };
  private readonly pace: Pace;
  private readonly concurrency: Pick<SendConcurrency, "limit" | "observe">;
  private readonly retry: RetrySettings;
  private readonly clock: Clock;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly alerts = new Map<number, Alert>();
  private pausedUntil = 0;
  private stopping = false;
  private readonly sleepers = new Set<() => void>();
  private running: Promise<void> | undefined;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.platform = options.deliverer.platform;
    const { perSecond, perChatSeconds = 0 } = options.pace;
    const fixed = options.concurrency;
    this.concurrency =
      fixed === undefined ? new SendConcurrency(perSecond) : { limit: fixed, observe: () => {} };
    // The bucket's burst is a tenth of a second's sends (at least one, at most 32): short
    // enough that a worker catching up after a pause does not flood the platform.
    const burst = Math.min(
      fixed ?? Math.max(1, Math.min(MAX_IN_FLIGHT, Math.ceil(perSecond / 10))),
      perSecond,
    );
    this.pace = new Pace(perSecond, perChatSeconds * 1000, burst);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.clock = options.clock ?? systemClock;
  }

  start(): this {
    this.running ??= this.supervise();
    return this;
  }

  /** Looks for deliveries now (an alert was just released). */
  wake(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /** Stops claiming deliveries and waits for the sends in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
  }

  /**
   * Runs the delivery loop, and runs it again after an error (a database that restarted, a
   * query that failed) with a growing pause, so one bad moment does not stop every broadcast
   * until the next restart. Sends still in flight finish first: requeueing them would send twice.
   */
  private async supervise(): Promise<void> {
    let pauseMs = 1000;
    for (;;) {
      try {
        await this.run();
        return;
      } catch (error) {
        await Promise.allSettled([...this.inFlight]);
        if (this.stopping) return;
        this.options.logger.error(
          { platform: this.platform, err: { type: (error as Error)?.name }, retryInMs: pauseMs },
          "alert delivery hit an error; restarting it",
        );
        await this.sleep(pauseMs);
        pauseMs = Math.min(pauseMs * 2, 30_000);
      }
    }
  }

  private async run(): Promise<void> {
    const { store, logger } = this.options;
    const requeued = await store.requeueInFlight(this.platform);
    if (requeued > 0)
      logger.info(
        { platform: this.platform, requeued },
        "resuming alert deliveries left in flight by a stop or crash",
      );
    while (!this.stopping) {
      if (this.inFlight.size >= this.concurrency.limit) {
        await Promise.race(this.inFlight);
        continue;
      }
      const paused = this.pausedUntil - this.clock.now();
      if (paused > 0) {
        await this.sleep(paused);
        continue;
      }
      const wait = this.pace.take();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      const delivery = await store.claimDelivery(this.platform, this.clock.now());
      if (delivery) {
        this.track(this.deliver(delivery));
        continue;
      }
      this.pace.refund();
      if (this.inFlight.size > 0) {
        await Promise.race([...this.inFlight, this.sleep(this.options.idleMs ?? 1000)]);
        continue;
      }
      await this.finishAlerts();
      const due = await store.nextDue(this.platform);
      const idle = this.options.idleMs ?? 1000;
      await this.sleep(
        due === undefined ? idle : Math.max(1, Math.min(idle, due - this.clock.now())),
      );
    }
    await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    const began = performance.now();
    const tracked = work.catch((error: unknown) => {
      // The row stays `sending` and is retried after the next start.
      this.options.logger.error(
        { platform: this.platform, err: { type: (error as Error)?.name } },
        "recording an alert delivery failed",
      );
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => {
      this.inFlight.delete(tracked);
      this.concurrency.observe(performance.now() - began);
    });
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const { store, deliverer, logger, metrics } = this.options;
    const alert = await this.alert(delivery.alertId);
    if (!alert) {
      await store.markFailed(delivery, "rejected", false);
      return;
    }
    const chatWait = this.pace.chatWait(delivery.chatId);
    if (chatWait > 0) await new Promise((resolve) => setTimeout(resolve, chatWait));
    this.pace.sentTo(delivery.chatId);
    let failure: SendFailure | undefined;
    try {
      failure = await deliverer.send(this.options.render(alert, delivery));
    } catch (error) {
      failure = { kind: "transient", label: (error as Error)?.name ?? "error" };
    }
    const now = this.clock.now();
    if (!failure) {
      await store.markSent(delivery);
      this.counts.sent++;
      metrics?.deliverySent(this.platform);
    } else if (failure.kind === "retry-after") {
      this.counts.rateLimited++;
      this.pausedUntil = Math.max(this.pausedUntil, now + failure.ms);
      await store.retryLater(delivery, now + failure.ms, false);
      logger.warn(
        { platform: this.platform, alert: delivery.alertId, retryAfterMs: failure.ms },
        "alert delivery rate limited; pausing",
      );
    } else if (failure.kind === "transient" && delivery.attempts + 1 < this.retry.maxAttempts) {
      this.counts.retried++;
      await store.retryLater(delivery, now + this.backoff(delivery.attempts + 1), true);
      logger.info(
        { platform: this.platform, alert: delivery.alertId, reason: failure.label },
        "alert delivery failed; will retry",
      );
    } else {
      const reason: FailureReason =
        failure.kind === "transient" ? "gave_up" : failure.unsubscribe ? "gone" : "rejected";
      await store.markFailed(delivery, reason, reason === "gone");
      this.counts.failed++;
      metrics?.deliveryFailed(this.platform, reason);
      logger.info(
        { platform: this.platform, alert: delivery.alertId, reason, label: failure.label },
        reason === "gone" ? "alert recipient is gone; unsubscribed" : "alert delivery failed",
      );
    }
    this.options.onDelivered?.(delivery.alertId);
  }

  /** Exponential backoff with jitter, so retries from a failed burst do not arrive together. */
  private backoff(attempt: number): number {
    const ms = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
    return Math.round(ms * (0.8 + Math.random() * 0.4));
  }

  private async alert(id: number): Promise<Alert | undefined> {
    let alert = this.alerts.get(id);
    if (!alert) {
      alert = await this.options.store.getAlert(id);
      if (alert) this.alerts.set(id, alert);
    }
    return alert;
  }

  private async finishAlerts(): Promise<void> {
    const finished = await this.options.store.finishAlerts(this.clock.now());
    for (const id of finished) this.alerts.delete(id);
    if (finished.length > 0) this.options.onFinished?.(finished);
  }

  /** Sleeps up to `ms`; `wake` and `stop` cut it short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
