import pg from "pg";
import pino from "pino";
import { describe, expect, it, onTestFinished } from "vitest";
import type { Deliverer, SendFailure } from "../../../src/alerts/deliverer.ts";
import { createPanah, type Panah } from "../../../src/app.ts";
import type { OutboundMessage } from "../../../src/core/messages.ts";
import { SoloLeadership } from "../../../src/store/leadership/leadership.ts";
import { PostgresLeadership } from "../../../src/store/leadership/postgres-leadership.ts";
import { FIXTURE_KNOWLEDGE } from "../../helpers/knowledge.ts";
import { createDatabase, postgresServer } from "../../setup/postgres-database.ts";

const quiet = pino({ level: "silent" });

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** A piece of work that counts how often it was started and stopped. */
function counter() {
  const c = { starts: 0, stops: 0 };
  return {
    c,
    start: async () => {
      c.starts++;
      return async () => {
        c.stops++;
      };
    },
  };
}

async function database(): Promise<string> {
  const db = await createDatabase();
  onTestFinished(() => db.drop());
  return db.url;
}

/** Ends the connection holding the leader lock, from outside: as the network or a crash would. */
async function killLockConnection(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks
       WHERE locktype = 'advisory' AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(rows).toHaveLength(1);
  } finally {
    await client.end();
  }
}

describe("leadership with one process", () => {
  it("runs the work at once, and stops it on close", async () => {
    const leadership = new SoloLeadership();
    const { c, start } = counter();
    const led = await leadership.lead("work", start);
    expect(led.running).toBe(true);
    expect(c.starts).toBe(1);
    await leadership.close();
    expect(led.running).toBe(false);
    expect(c.stops).toBe(1);
  });
});

describe.skipIf(!postgresServer)("leadership among replicas on PostgreSQL", () => {
  const replica = (url: string) => {
    const leadership = new PostgresLeadership({ url, logger: quiet, retryMs: 200 });
    onTestFinished(() => leadership.close());
    return leadership;
  };

  it("runs the work in exactly one replica; another takes over within seconds when the leader's connection dies", async () => {
    const url = await database();
    const [a, b] = [replica(url), replica(url)];
    const [workA, workB] = [counter(), counter()];
    const ledA = await a.lead("work", workA.start);
    const ledB = await b.lead("work", workB.start);
    expect([ledA.running, ledB.running]).toEqual([true, false]);
    await new Promise((done) => setTimeout(done, 600));
    expect(ledB.running).toBe(false);

    const killedAt = Date.now();
    await killLockConnection(url);
    await until(() => ledB.running);
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    // The old leader noticed too, and stopped its copy before anyone else could double it.
    await until(() => !ledA.running);
    expect(workA.c.stops).toBe(1);
    expect([workA.c.starts, workB.c.starts]).toEqual([1, 1]);
    // It stands by now: it does not start the work again while the other leads.
    await new Promise((done) => setTimeout(done, 600));
    expect(ledA.running).toBe(false);
    expect(workA.c.starts).toBe(1);
  });

  it("hands over at once when the leader shuts down", async () => {
    const url = await database();
    const [a, b] = [replica(url), replica(url)];
    const ledA = await a.lead("work", counter().start);
    const ledB = await b.lead("work", counter().start);
    expect(ledA.running && !ledB.running).toBe(true);
    const closedAt = Date.now();
    await a.close();
    await until(() => ledB.running);
    expect(Date.now() - closedAt).toBeLessThan(1_000);
  });

  it("retries work a new leader could not start, keeping the lead", async () => {
    const url = await database();
    const [a, b] = [replica(url), replica(url)];
    await a.lead("work", counter().start);
    let tries = 0;
    const flaky = await b.lead("flaky", async () => {
      tries++;
      if (tries < 3) throw new Error("the homeserver is unreachable for now");
      return async () => {};
    });
    expect(flaky.running).toBe(false);
    await a.close();
    await until(() => flaky.running);
    expect(tries).toBe(3);
    expect(b.isLeader).toBe(true);
  });

  describe("alert delivery", () => {
    /** A Telegram deliverer that records sends; after `blockAfter`, sends hang until released. */
    function deliverer(blockAfter = Number.POSITIVE_INFINITY) {
      const sent: string[] = [];
      const blocked: (() => void)[] = [];
      const d: Deliverer = {
        platform: "telegram",
        async send(message: OutboundMessage): Promise<SendFailure | undefined> {
          if (sent.length >= blockAfter) await new Promise<void>((done) => blocked.push(done));
          sent.push(message.chatId);
          return undefined;
        },
      };
      const release = () => {
        for (const done of blocked.splice(0)) done();
      };
      return { d, sent, release };
    }

    async function replicaPanah(url: string): Promise<Panah> {
      const panah = await createPanah({
        logger: quiet,
        knowledgeDir: FIXTURE_KNOWLEDGE,
        databaseUrl: url,
        leadership: new PostgresLeadership({ url, logger: quiet, retryMs: 200 }),
      });
      onTestFinished(() => panah.close());
      return panah;
    }

    const settings = { pace: { perSecond: 200 }, concurrency: 3, idleMs: 50 };

    it("is resumed by the new leader, rows left in flight included, and never touched by a follower", async () => {
      const url = await database();
      const [a, b] = [await replicaPanah(url), await replicaPanah(url)];
      for (let i = 1; i <= 30; i++)
        await a.store.subscribe({
          platform: "telegram",
          userId: `${i}`,
          chatId: `${i}`,
          language: "en",
        });
      const first = deliverer(5);
      const second = deliverer();
      await a.leadership.lead("telegram alerts", async () => {
        const worker = a.alerts.start(first.d, settings);
        return () => worker.stop();
      });
      const ledB = await b.leadership.lead("telegram alerts", async () => {
        const worker = b.alerts.start(second.d, settings);
        return () => worker.stop();
      });
      await a.store.alerts.createAlert(
        {
          kind: "notice",
          severity: "info",
          text: { en: "Connectivity is partly back." },
          audience: { languages: ["en"], platforms: ["telegram"] },
        },
        { platform: "cli", id: "ops" },
        { now: Date.now(), approved: true },
      );
      // The leader sent five, then hangs with three in flight, as a process about to die.
      // Wait for the settled state, not a passing moment: three rows are also "sending" while
      // the fifth send is still on its way.
      await until(async () => {
        const progress = await a.store.alerts.progress(1);
        return progress.sent === 5 && progress.sending === 3;
      });
      expect(first.sent).toHaveLength(5);
      await new Promise((done) => setTimeout(done, 600));
      expect(ledB.running).toBe(false);
      expect(await b.store.alerts.progress(1)).toMatchObject({ sent: 5, sending: 3 });

      await killLockConnection(url);
      await until(async () => (await b.store.alerts.getAlert(1))?.status === "done");
      const everyone = new Set([...first.sent, ...second.sent]);
      expect(everyone.size).toBe(30);
      // Only the rows in flight when the leader died can arrive twice.
      expect(first.sent.length + second.sent.length - 30).toBeLessThanOrEqual(3);
      first.release();
    });
  });
});
