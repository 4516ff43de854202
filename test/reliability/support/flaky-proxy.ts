import { createServer, request, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * How one Bot API call fails:
 * - `reset`: the connection is reset before the request reaches the server;
 * - `hang`: the connection stays open and nothing ever answers (the client must time out);
 * - `bad-gateway`: a 502 with a Bot API error body, as Telegram sends when it is overloaded;
 * - `html-500`: a 500 with an HTML page, as a reverse proxy in front of the server sends;
 * - `lost-reply`: the server does the work, then the connection is reset before the answer
 *   gets back (the message was sent, the client cannot know).
 */
export type Fault = "reset" | "hang" | "bad-gateway" | "html-500" | "lost-reply";

/** Decides the fault, if any, for one call: its method (the path's last part), JSON payload and path. */
export type FaultPlan = (
  method: string,
  payload: Record<string, unknown>,
  path: string,
) => Fault | undefined;

/**
 * A loopback HTTP proxy in front of the Telegram emulator (or a homeserver) that fails calls as
 * `plan` says, at the network level, so the bot's real HTTP client meets real resets and
 * silences.
 */
export async function startFlakyProxy(target: string, plan: FaultPlan) {
  const injected: Record<Fault, number> = {
    reset: 0,
    hang: 0,
    "bad-gateway": 0,
    "html-500": 0,
    "lost-reply": 0,
  };
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const method = (req.url ?? "").split("/").at(-1) ?? "";
      let payload: Record<string, unknown> = {};
      try {
        payload = JSON.parse(body.toString("utf8") || "{}");
      } catch {
        // multipart uploads: no fault plan needs their payload
      }
      const fault = plan(method, payload, req.url ?? "");
      if (fault) injected[fault]++;
      if (fault === "reset") return req.socket.resetAndDestroy();
      if (fault === "hang") return;
      if (fault === "bad-gateway")
        return reply(res, 502, "application/json", {
          ok: false,
          error_code: 502,
          description: "Bad Gateway",
        });
      if (fault === "html-500")
        return reply(res, 500, "text/html", "<html><body>500 Internal Server Error</body></html>");
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          if (fault === "lost-reply") {
            answer.resume();
            answer.on("end", () => req.socket.resetAndDestroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => req.socket.destroy());
      forward.end(body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("the proxy has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    injected,
    /** How many faults were injected in all. */
    total: () => Object.values(injected).reduce((a, b) => a + b, 0),
    /** Resets every open connection (requests in flight, long polls), as a server going down does. */
    dropConnections() {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(res: ServerResponse, status: number, type: string, body: unknown): void {
  res.writeHead(status, { "content-type": type });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}
