import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { Platform, ReplyKind } from "../core/messages.ts";
import { CONSOLE } from "../core/platform.ts";

/** Why a delivery was given up; the same words as the alerts' `FailureReason`. */
export type DeliveryFailure = "gone" | "rejected" | "gave_up";

/**
 * Panah's counters, in Prometheus format at `/metrics`. Labels are a platform, a topic id, a
 * reply kind or a failure reason, never anything a person wrote or who they are: the methods
 * take only those, so no caller can put user data in a label.
 *
 * @example
 * const metrics = new Metrics(["telegram"]);
 * metrics.deliverySent("telegram");
 * await metrics.registry.metrics(); // "panah_deliveries_sent_total{platform="telegram"} 1 …"
 */
export class Metrics {
  /** Its own registry, not prom-client's global one: tests and several Panahs never collide. */
  readonly registry = new Registry();
  private readonly messages: Counter<"platform">;
  private readonly answers: Counter<"platform" | "topic">;
  private readonly fallbacks: Counter<"platform">;
  private readonly suggestions: Counter<"platform">;
  private readonly rateLimited: Counter<"platform">;
  private readonly sent: Counter<"platform">;
  private readonly failed: Counter<"platform" | "reason">;
  private readonly reloadErrors: Counter;
  private readonly statusUp: Gauge<"source">;
  private readonly statusFailures: Counter<"source" | "reason">;

  /** `platforms`: the adapters' names, whose series start at zero (the terminal chat's too). */
  constructor(platforms: readonly Platform[] = []) {
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Counter<L>({ name, help, labelNames, registers: [this.registry] });
    this.messages = counter("panah_messages_total", "Messages handled, per platform", ["platform"]);
    this.answers = counter("panah_answers_total", "Topic answers sent, per topic", [
      "platform",
      "topic",
    ]);
    this.fallbacks = counter("panah_fallbacks_total", "Questions no topic matched", ["platform"]);
    this.suggestions = counter(
      "panah_did_you_mean_total",
      'Questions answered with "did you mean" choices',
      ["platform"],
    );
    this.rateLimited = counter(
      "panah_rate_limited_total",
      "Messages not answered because their sender went over the rate limit",
      ["platform"],
    );
    this.sent = counter("panah_deliveries_sent_total", "Alert deliveries sent", ["platform"]);
    this.failed = counter(
      "panah_deliveries_failed_total",
      "Alert deliveries given up (gone: the person blocked the bot or left; rejected: the platform refused it; gave_up: out of retries)",
      ["platform", "reason"],
    );
    this.reloadErrors = counter(
      "panah_knowledge_reload_errors_total",
      "Knowledge edits refused on hot reload (the last good version kept serving)",
      [],
    );
    this.statusUp = new Gauge({
      name: "panah_status_source_up",
      help: "Whether a live-status source (IODA, OONI) answered usably at its last poll (1) or not (0); only where it polls",
      labelNames: ["source"],
      registers: [this.registry],
    });
    this.statusFailures = counter(
      "panah_status_poll_failures_total",
      "Live-status polls that failed, per source and reason (timeout, network, http, too_large, malformed)",
      ["source", "reason"],
    );
    // Every platform starts at zero, so dashboards and alerts see a series before the first event.
    for (const platform of [...platforms, CONSOLE]) {
      this.messages.inc({ platform }, 0);
      this.fallbacks.inc({ platform }, 0);
      this.suggestions.inc({ platform }, 0);
    }
    this.reloadErrors.inc(0);
  }

  /** Adds Node's process metrics (CPU, memory, event-loop lag): for the process that serves them. */
  withProcessMetrics(): this {
    if (!this.registry.getSingleMetric("process_cpu_seconds_total"))
      collectDefaultMetrics({ register: this.registry });
    return this;
  }

  /** One inbound message, whatever became of it. */
  messageHandled(platform: Platform): void {
    this.messages.inc({ platform });
  }

  /** One reply the engine produced; answers count per topic. */
  replied(platform: Platform, kind: ReplyKind | "rate-limited", topic?: string): void {
    if (kind === "answer") this.answers.inc({ platform, topic: topicLabel(topic) });
    else if (kind === "fallback") this.fallbacks.inc({ platform });
    else if (kind === "suggest") this.suggestions.inc({ platform });
    else if (kind === "rate-limited") this.rateLimited.inc({ platform });
  }

  deliverySent(platform: Platform): void {
    this.sent.inc({ platform });
  }

  /** A delivery given up for good; retries in between are not failures. */
  deliveryFailed(platform: Platform, reason: DeliveryFailure): void {
    this.failed.inc({ platform, reason });
  }

  /** One poll of a live-status source (named in the configuration, never by a person). */
  statusPolled(source: string, failure?: string): void {
    const label = /^[a-z0-9:-]{1,80}$/i.test(source) ? source : "other";
    this.statusUp.set({ source: label }, failure ? 0 : 1);
    if (failure) this.statusFailures.inc({ source: label, reason: failure });
  }

  /** A knowledge edit the hot reload refused. */
  reloadFailed(): void {
    this.reloadErrors.inc();
  }
}

/** Topic ids come from the knowledge base; anything else becomes "other", never a label of its own. */
function topicLabel(topic: string | undefined): string {
  return topic && /^[a-z0-9][a-z0-9-]{0,63}$/.test(topic) ? topic : "other";
}
