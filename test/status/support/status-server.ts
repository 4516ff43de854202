import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { StatusSettings } from "../../../src/status/status-settings.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "status");

/** A recorded-shape response (test/fixtures/status), by file name without `.json`. */
export const fixture = (name: string) => readFileSync(join(FIXTURES, `${name}.json`), "utf8");

/** How the server answers one source's requests. */
export type Answer =
  | { json: string }
  | { status: number }
  | "hang"
  | { hugeMiB: number }
  | { text: string };

/**
 * IODA and OONI on loopback: `/v2/signals/raw/...` answers per datasource, `/api/v1/aggregation`
 * per test name, each as the test sets it (a fixture, an error, silence, an endless body).
 * Every request is recorded. Closed when the test ends.
 */
export async function statusServer() {
  const answers = new Map<string, Answer>();
  const requests: string[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    requests.push(url.pathname + url.search);
    const key = url.pathname.startsWith("/v2/signals/raw/")
      ? `ioda:${url.searchParams.get("datasource")}`
      : `ooni:${url.searchParams.get("test_name")}`;
    const answer = answers.get(key) ?? { status: 404 };
    if (answer === "hang") {
      hanging.add(response);
      return;
    }
    if ("status" in answer) {
      response.writeHead(answer.status, { "content-type": "text/plain" }).end("server error");
      return;
    }
    if ("hugeMiB" in answer) {
      // No content-length: the client only finds out by reading.
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, "[");
      let left = answer.hugeMiB * 16;
      const more = () => {
        while (left > 0) {
          left--;
          if (!response.write(chunk)) return void response.once("drain", more);
        }
        response.end();
      };
      response.on("error", () => undefined);
      more();
      return;
    }
    const body = "json" in answer ? answer.json : answer.text;
    response.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  onTestFinished(
    () =>
      new Promise<void>((done) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return {
    iodaUrl: `${base}/v2`,
    ooniUrl: base,
    requests,
    /** The `status:` settings pointing at this server, with a short timeout; `extra` on top. */
    settings(extra: Record<string, unknown> = {}): StatusSettings {
      const { ioda = {}, ooni = {}, ...rest } = extra as { ioda?: object; ooni?: object };
      return StatusSettings.parse({
        timeoutSeconds: 1,
        ioda: { baseUrl: `${base}/v2`, ...ioda },
        ooni: { baseUrl: base, ...ooni },
        ...rest,
      });
    },
    /** Sets what one IODA datasource or OONI test answers from now on. */
    answer(source: `ioda:${string}` | `ooni:${string}`, answer: Answer) {
      answers.set(source, answer);
    },
    /** IODA answers both datasources with the fixtures of one scenario. */
    ioda(scenario: "normal" | "drop" | "recovery") {
      answers.set("ioda:ping-slash24", { json: fixture(`ioda-ping-slash24-${scenario}`) });
      answers.set("ioda:bgp", { json: fixture(`ioda-bgp-${scenario}`) });
    },
    /** OONI answers every test with its fixture. */
    ooni() {
      for (const test of ["signal", "telegram", "whatsapp", "tor"])
        answers.set(`ooni:${test}`, { json: fixture(`ooni-${test}`) });
    },
  };
}
