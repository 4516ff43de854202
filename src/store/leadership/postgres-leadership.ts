import pg from "pg";
import type { Logger } from "pino";
import type { Leadership, Led, StartWork } from "./leadership.ts";

/** The leader lock's key ("panah:ld" in ASCII). Advisory lock keys are per database. */
export const LEADER_LOCK = 0x70616e61683a6c64n;

export interface PostgresLeadershipOptions {
  /** DATABASE_URL: the lock is held on a connection of its own, outside the store's pool. */
  url: string;
  logger: Logger;
  /** How often a follower tries to take the lead, and the leader checks it still holds it. */
  retryMs?: number;
  /** A leader whose lock connection does not answer this long stops its work. */
  checkTimeoutMs?: number;
  key?: bigint;
}

interface Work {
  name: string;
  start: StartWork;
  stop?: () => Promise<void>;
  failures: number;
  retryAt: number;
}

/**
 * {@link Leadership} among replicas sharing one PostgreSQL database: the leader is the
 * process holding a session-level advisory lock on a dedicated connection. PostgreSQL releases
 * the lock the moment that connection ends, so when the leader dies (even by SIGKILL) a
 * follower, trying every `retryMs`, takes over within about a second and starts the work,
 * which resumes from the database (alert rows the dead leader left `sending` are requeued by
 * the new leader's delivery worker as it starts, and only then).
 *
 * A leader that cannot reach its lock connection for `checkTimeoutMs` stops its work at once;
 * the server, which ends a session silent for twice as long (`idle_session_timeout`), only
 * then frees the lock for another replica, so two leaders never work side by side.
 */
export class PostgresLeadership implements Leadership {
  private readonly works = new Set<Work>();
  private readonly retryMs: number;
  private readonly checkTimeoutMs: number;
  private readonly key: string;
  private client: pg.Client | undefined;
  private leading = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  /** Every change of state runs in this queue, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private unreachableLogged = false;
  private ticking = false;
  /** After stepping down, a replica lets the others take the lead first (no flapping). */
  private standBackUntil = 0;

  constructor(private readonly options: PostgresLeadershipOptions) {
    this.retryMs = options.retryMs ?? 1000;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 5000;
    this.key = (options.key ?? LEADER_LOCK).toString();
  }

  /** Whether this process holds the leader lock now. */
  get isLeader(): boolean {
    return this.leading;
  }

  async lead(name: string, start: StartWork): Promise<Led> {
    const work: Work = { name, start, failures: 0, retryAt: 0 };
    const { logger } = this.options;
    await this.exclusive(async () => {
      if (this.closed) return;
      this.works.add(work);
      if (!this.leading) await this.tryToLead();
      if (!this.leading) {
        logger.info({ work: name }, "another replica leads: standing by to take over");
        return;
      }
      // As without replicas: a leader that cannot start the work stops start-up with the reason.
      if (!work.stop) {
        try {
          work.stop = await start();
        } catch (error) {
          this.works.delete(work);
          throw error;
        }
      }
    });
    this.timer ??= setInterval(() => {
      // A slow start (a Matrix login) must not pile ticks up behind it.
      if (this.ticking) return;
      this.ticking = true;
      void this.exclusive(() => this.tick())
        .catch((error: unknown) =>
          this.options.logger.error({ err: error }, "the leader election failed a round"),
        )
        .finally(() => {
          this.ticking = false;
        });
    }, this.retryMs).unref();
    return {
      get running() {
        return work.stop !== undefined;
      },
      stop: () =>
        this.exclusive(async () => {
          this.works.delete(work);
          await this.stopWork(work);
          // Nothing left to lead: hand over now rather than when the process exits.
          if (this.works.size === 0 && this.leading) await this.resign("nothing left to run");
        }),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.exclusive(async () => {
      const works = [...this.works];
      this.works.clear();
      for (const work of works) await this.stopWork(work);
      if (this.client) await this.resign("shutting down");
    });
  }

  private exclusive<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    if (this.leading) {
      if (!(await this.stillHolding())) return;
      await this.startWaiting();
      return;
    }
    if (this.works.size === 0 || Date.now() < this.standBackUntil) return;
    await this.tryToLead();
    if (this.leading) await this.startWaiting();
  }

  /** Takes the lock if it is free; connects first if needed. */
  private async tryToLead(): Promise<void> {
    const { logger } = this.options;
    try {
      const client = await this.connection();
      const { rows } = await client.query<{ ok: boolean }>(
        "SELECT pg_try_advisory_lock($1::bigint) AS ok",
        [this.key],
      );
      this.unreachableLogged = false;
      if (!rows[0]?.ok) return;
      this.leading = true;
      logger.info(
        { works: [...this.works].map((w) => w.name) },
        "this replica leads: starting the work that runs in one replica only",
      );
    } catch (error) {
      if (!this.unreachableLogged)
        logger.warn(
          { err: { type: (error as Error).name, code: (error as { code?: string }).code } },
          "cannot reach PostgreSQL for the leader lock; retrying",
        );
      this.unreachableLogged = true;
      this.drop();
    }
  }

  /** The leader's check: its lock connection still answers (else it steps down). */
  private async stillHolding(): Promise<boolean> {
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), this.checkTimeoutMs);
    });
    try {
      if (!client) throw new Error("no connection");
      await Promise.race([client.query("SELECT 1"), timeout]);
      return true;
    } catch {
      await this.stepDown("the lock connection stopped answering");
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private async startWaiting(): Promise<void> {
    for (const work of this.works) {
      if (work.stop || work.retryAt > Date.now()) continue;
      try {
        work.stop = await work.start();
        work.failures = 0;
      } catch (error) {
        work.failures++;
        const waitMs = Math.min(30_000, this.retryMs * 2 ** work.failures);
        work.retryAt = Date.now() + waitMs;
        this.options.logger.error(
          { work: work.name, err: error, retryInMs: waitMs },
          "the leader could not start its work; retrying",
        );
      }
    }
  }

  private async stopWork(work: Work): Promise<void> {
    const stop = work.stop;
    work.stop = undefined;
    try {
      await stop?.();
    } catch (error) {
      this.options.logger.error({ work: work.name, err: error }, "stopping led work failed");
    }
  }

  /** Lost the lock (or may have): stop everything at once, then try again like a follower. */
  private async stepDown(reason: string): Promise<void> {
    if (!this.leading) return this.drop();
    this.leading = false;
    this.standBackUntil = Date.now() + 3 * this.retryMs;
    this.options.logger.warn({ reason }, "this replica no longer leads: stopping its led work");
    for (const work of this.works) await this.stopWork(work);
    this.drop();
  }

  /** Gives the lock up on purpose, so a follower takes over without waiting for a timeout. */
  private async resign(reason: string): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (this.leading) this.options.logger.info({ reason }, "this replica hands over the lead");
    this.leading = false;
    await client?.end().catch(() => undefined);
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.options.url,
      keepAlive: true,
      connectionTimeoutMillis: this.checkTimeoutMs,
      application_name: "panah leader lock",
    });
    // The session ends (and the lock with it) if the pings stop reaching the server.
    const lost = () => {
      if (this.client === client) void this.exclusive(() => this.stepDown("connection lost"));
    };
    client.on("error", lost);
    client.on("end", lost);
    try {
      await client.connect();
    } catch (error) {
      void client.end().catch(() => undefined);
      throw error;
    }
    await client
      .query(`SET idle_session_timeout = ${this.checkTimeoutMs * 2}`)
      .catch(() => undefined);
    this.client = client;
    return client;
  }

  /** Forgets the lock connection without waiting for it (it may hang). */
  private drop(): void {
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
  }
}
