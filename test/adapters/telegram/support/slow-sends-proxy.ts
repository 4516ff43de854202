import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Bot API proxy in front of the emulator: each sendMessage reaches the emulator at once (the
 * person has the message) but its answer comes back `delayMs` later, so a kill or SIGTERM lands
 * while sends are delivered yet unconfirmed: the case that can cause duplicates.
 */
export async function slowSendsProxy(
  target: string,
  delayMs: number,
): Promise<{ apiRoot: string; close: () => void }> {
  const proxy: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const response = await fetch(`${target}${req.url}`, {
      method: req.method ?? "GET",
      headers: { "content-type": req.headers["content-type"] ?? "application/json" },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = await response.text();
    if (req.url?.endsWith("/sendMessage")) await new Promise((r) => setTimeout(r, delayMs));
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((done) => proxy.listen(0, "127.0.0.1", () => done()));
  return {
    apiRoot: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () => proxy.close(),
  };
}
