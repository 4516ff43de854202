import { describe, expect, it } from "vitest";
import { postgresBinDir, startPostgres } from "../setup/postgres-server.ts";
import { get, instance, listeningPort, startPanah, until } from "./support/running.ts";

// The real `panah start` on PostgreSQL, with a server of its own to stop under it.
describe("/readyz and the database", () => {
  it.skipIf(!postgresBinDir())(
    "on PostgreSQL, is not ready while the database does not answer, and keeps running",
    { timeout: 60_000 },
    async () => {
      // Its own server, so stopping it leaves the suite's shared one alone.
      const database = await startPostgres(postgresBinDir() ?? "");
      let stopped = false;
      const { env } = instance();
      const panah = startPanah({ ...env, DATABASE_URL: database.url });
      try {
        await until(() => listeningPort(panah.logs()) !== undefined);
        const port = listeningPort(panah.logs()) ?? 0;
        await until(async () => (await get(port, "/readyz")).status === 200);
        database.stop();
        stopped = true;
        const down = await get(port, "/readyz");
        expect(down.status).toBe(503);
        expect(JSON.parse(down.body).checks).toMatchObject({ knowledge: true, database: false });
        expect((await get(port, "/healthz")).status).toBe(200);
      } finally {
        panah.terminate();
        if (!stopped) database.stop();
      }
      await panah.exited;
    },
  );
});
