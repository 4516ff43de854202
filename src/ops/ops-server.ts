import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { ConfigError } from "../config/config-error.ts";
import type { Metrics } from "./metrics.ts";

/** Where `panah start` is: readiness is only ever true while `running`. */
export type Phase = "starting" | "running" | "stopping";

/** Whether Panah can serve people now, and each thing that decides it (knowledge, each adapter). */
export interface Readiness {
  ready: boolean;
  phase: Phase;
  checks: Record<string, boolean>;
  /** Live-status sources (`status:`), shown for operators; they never make Panah unready. */
  status?: Record<string, string>;
}

/** Ready: running (not starting or shutting down) and every check passing. */
export function readiness(phase: Phase, checks: Record<string, boolean>): Readiness {
  return { ready: phase === "running" && Object.values(checks).every(Boolean), phase, checks };
}

export interface OpsServer {
  /** The port it listens on (the configured one, or the one the system chose for port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The operations endpoint: `/healthz` (the process answers), `/readyz` (knowledge loaded and
 * every adapter connected; 503 otherwise, and while shutting down) and `/metrics` (Prometheus).
 * It logs no requests: a caller's address is nobody's business.
 */
export async function startOpsServer(options: {
  port: number;
  host: string;
  metrics: Metrics;
  readiness: () => Readiness | Promise<Readiness>;
  logger: Logger;
}): Promise<OpsServer> {
  const { metrics, readiness, logger } = options;
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      reply(response, 405, "text/plain", "only GET and HEAD\n", { allow: "GET, HEAD" });
      return;
    }
    switch (path) {
      case "/healthz":
        reply(response, 200, "text/plain", "ok\n");
        return;
      case "/readyz":
        Promise.resolve(readiness()).then(
          (state) =>
            reply(
              response,
              state.ready ? 200 : 503,
              "application/json",
              `${JSON.stringify(state)}\n`,
            ),
          (error: unknown) => {
            logger.error({ err: error }, "checking readiness failed");
            reply(response, 503, "text/plain", "not ready\n");
          },
        );
        return;
      case "/metrics":
        metrics.registry.metrics().then(
          (text) => reply(response, 200, metrics.registry.contentType, text),
          (error: unknown) => {
            logger.error({ err: error }, "collecting metrics failed");
            reply(response, 500, "text/plain", "metrics unavailable\n");
          },
        );
        return;
      default:
        reply(response, 404, "text/plain", "not found: try /healthz, /readyz or /metrics\n");
    }
  });
  // Scrapers keep connections open; these bounds keep a stuck one from holding shutdown.
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new ConfigError(
          `cannot serve health and metrics on ${options.host}:${options.port} (${error.code ?? error.message}): choose another http.port in the configuration file (or PANAH_HTTP_PORT, which overrides it), or remove both to turn the endpoint off`,
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ host: options.host, port }, "health and metrics endpoint listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    ...headers,
  });
  response.end(response.req.method === "HEAD" ? undefined : body);
}
