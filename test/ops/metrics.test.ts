import { describe, expect, it } from "vitest";
import { createPanah } from "../../src/app.ts";
import type { ReplyKind } from "../../src/core/messages.ts";
import { Metrics } from "../../src/ops/metrics.ts";
import { capturingLogger } from "../helpers/engine.ts";
import { FIXTURE_KNOWLEDGE } from "../helpers/knowledge.ts";

const MARKER = "zqxmetricmarker";

/** The value of one counter series, 0 when it has none. */
async function value(metrics: Metrics, name: string, labels: Record<string, string> = {}) {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const match = values.find((v) =>
    Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l),
  );
  return match?.value ?? 0;
}

describe("Metrics", () => {
  it("counts what the engine does: messages per platform, answers per topic, fallbacks, did-you-means", async () => {
    const metrics = new Metrics();
    const panah = await createPanah({
      logger: capturingLogger().logger,
      knowledgeDir: FIXTURE_KNOWLEDGE,
      metrics,
    });
    const tally: { kind: ReplyKind; topic?: string }[] = [];
    const questions = [
      "Is Bale safe?",
      "Is Signal safe?",
      "Is Bale safe for my family?",
      "help signal bale",
      `${MARKER} weather on mars`,
      "/help",
    ];
    for (const [i, text] of questions.entries())
      for (const reply of await panah.engine.handle({
        platform: i % 2 === 0 ? "telegram" : "matrix",
        userId: `@${MARKER}:example.org`,
        chatId: `!${MARKER}:example.org`,
        isDirect: true,
        text,
      }))
        tally.push(reply.topic ? { kind: reply.kind, topic: reply.topic } : { kind: reply.kind });
    await panah.close();

    expect(await value(metrics, "panah_messages_total", { platform: "telegram" })).toBe(3);
    expect(await value(metrics, "panah_messages_total", { platform: "matrix" })).toBe(3);
    const count = (kind: ReplyKind, topic?: string) =>
      tally.filter((t) => t.kind === kind && (topic === undefined || t.topic === topic)).length;
    expect(count("answer", "bale")).toBeGreaterThanOrEqual(1);
    expect(count("fallback")).toBeGreaterThanOrEqual(1);
    const sum = async (name: string, labels: Record<string, string>) =>
      (await value(metrics, name, { ...labels, platform: "telegram" })) +
      (await value(metrics, name, { ...labels, platform: "matrix" }));
    expect(await sum("panah_answers_total", { topic: "bale" })).toBe(count("answer", "bale"));
    expect(await sum("panah_answers_total", { topic: "signal" })).toBe(count("answer", "signal"));
    expect(await sum("panah_fallbacks_total", {})).toBe(count("fallback"));
    expect(await sum("panah_did_you_mean_total", {})).toBe(count("suggest"));

    const exposition = await metrics.registry.metrics();
    expect(exposition).not.toContain(MARKER);
    expect(exposition).not.toContain("weather");
  });

  it("counts deliveries sent and given up per platform and reason, and refused reloads", async () => {
    const metrics = new Metrics();
    metrics.deliverySent("telegram");
    metrics.deliverySent("telegram");
    metrics.deliverySent("matrix");
    metrics.deliveryFailed("telegram", "gone");
    metrics.deliveryFailed("matrix", "gave_up");
    metrics.reloadFailed();
    expect(await value(metrics, "panah_deliveries_sent_total", { platform: "telegram" })).toBe(2);
    expect(await value(metrics, "panah_deliveries_sent_total", { platform: "matrix" })).toBe(1);
    expect(
      await value(metrics, "panah_deliveries_failed_total", {
        platform: "telegram",
        reason: "gone",
      }),
    ).toBe(1);
    expect(
      await value(metrics, "panah_deliveries_failed_total", {
        platform: "matrix",
        reason: "gave_up",
      }),
    ).toBe(1);
    expect(await value(metrics, "panah_knowledge_reload_errors_total")).toBe(1);
  });

  it("never turns something that is not a topic id into a label", async () => {
    const metrics = new Metrics();
    metrics.replied("telegram", "answer", `What about ${MARKER}?`);
    metrics.replied("telegram", "answer", "bale");
    const exposition = await metrics.registry.metrics();
    expect(exposition).not.toContain(MARKER);
    expect(exposition).toContain('panah_answers_total{platform="telegram",topic="other"} 1');
    expect(exposition).toContain('panah_answers_total{platform="telegram",topic="bale"} 1');
  });

  it("exposes zeroed series before anything happens, and process metrics only when asked", async () => {
    const metrics = new Metrics(["telegram", "matrix"]);
    const before = await metrics.registry.metrics();
    expect(before).toContain('panah_fallbacks_total{platform="telegram"} 0');
    expect(before).toContain("panah_knowledge_reload_errors_total 0");
    expect(before).not.toContain("process_cpu_seconds_total");
    metrics.withProcessMetrics().withProcessMetrics();
    expect(await metrics.registry.metrics()).toContain("process_cpu_seconds_total");
  });
});
