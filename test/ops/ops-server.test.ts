import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.ts";
import { Metrics } from "../../src/ops/metrics.ts";
import { type OpsServer, type Phase, readiness, startOpsServer } from "../../src/ops/ops-server.ts";
import { capturingLogger } from "../helpers/engine.ts";

const servers: OpsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(state: { phase: Phase; telegram: boolean }, metrics = new Metrics()) {
  const server = await startOpsServer({
    port: 0,
    host: "127.0.0.1",
    metrics,
    logger: capturingLogger().logger,
    readiness: () => readiness(state.phase, { knowledge: true, telegram: state.telegram }),
  });
  servers.push(server);
  const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
  return { server, url };
}

describe("the health and metrics endpoint", () => {
  it("answers /healthz as soon as it listens, whatever the adapters do", async () => {
    const { url } = await serve({ phase: "starting", telegram: false });
    const response = await fetch(url("/healthz"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("is ready only while running with every adapter connected, and says which check fails", async () => {
    const state = { phase: "starting" as Phase, telegram: true };
    const { url } = await serve(state);
    const read = async () => {
      const response = await fetch(url("/readyz"));
      return { status: response.status, body: await response.json() };
    };
    expect(await read()).toMatchObject({ status: 503, body: { ready: false, phase: "starting" } });
    state.phase = "running";
    expect(await read()).toEqual({
      status: 200,
      body: { ready: true, phase: "running", checks: { knowledge: true, telegram: true } },
    });
    state.telegram = false;
    expect(await read()).toMatchObject({ status: 503, body: { checks: { telegram: false } } });
    state.telegram = true;
    state.phase = "stopping";
    expect(await read()).toMatchObject({ status: 503, body: { ready: false, phase: "stopping" } });
  });

  it("serves the counters in Prometheus text format at /metrics", async () => {
    const metrics = new Metrics();
    metrics.messageHandled("telegram");
    metrics.deliverySent("matrix");
    const { url } = await serve({ phase: "running", telegram: true }, metrics);
    const response = await fetch(url("/metrics"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE panah_messages_total counter");
    expect(text).toContain('panah_messages_total{platform="telegram"} 1');
    expect(text).toContain('panah_deliveries_sent_total{platform="matrix"} 1');
  });

  it("answers HEAD without a body, refuses other methods and unknown paths", async () => {
    const { url } = await serve({ phase: "running", telegram: true });
    const head = await fetch(url("/healthz"), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(url("/metrics"), { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect((await fetch(url("/admin"))).status).toBe(404);
    expect((await fetch(url("/healthz?probe=1"))).status).toBe(200);
  });

  it("refuses a port already in use with a message naming http.port", async () => {
    const { server } = await serve({ phase: "running", telegram: true });
    const error = await startOpsServer({
      port: server.port,
      host: "127.0.0.1",
      metrics: new Metrics(),
      logger: capturingLogger().logger,
      readiness: () => readiness("running", {}),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/EADDRINUSE.*choose another http\.port/);
  });

  it("closes promptly even with a scraper's connection kept alive", async () => {
    const { server, url } = await serve({ phase: "running", telegram: true });
    await fetch(url("/metrics"), { keepalive: true }).then((r) => r.text());
    const began = Date.now();
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    expect(Date.now() - began).toBeLessThan(1000);
  });
});
