import type { Logger } from "pino";
import type { WorkerSettings } from "./alerts/broadcaster.ts";
import type { Deliverer } from "./alerts/deliverer.ts";
import type { Panah } from "./app.ts";
import type { PanahConfig } from "./config/schema.ts";
import type { PlatformSpec } from "./core/platform.ts";

/**
 * A platform adapter, as `adapters/<name>/` declares it and `adapters/index.ts` lists it. The
 * core starts it, leads its singleton work, runs its alert delivery and stops it on shutdown;
 * the adapter only connects, turns platform updates into `panah.engine.handle` calls, and
 * delivers. A new platform is a folder, a line in that list and its entries in panah.yaml.
 */
export interface Adapter extends PlatformSpec {
  /**
   * Whether receiving must run in one replica at a time. Matrix's sync would answer every
   * message once per replica, so it runs in the leader only (the others stand by); Telegram's
   * webhook is spread by the balancer, so every replica receives.
   */
  readonly receivesInOneReplica: boolean;
  /**
   * Connects to the platform and starts receiving; called only when the environment
   * configures it (its first {@link PlatformSpec.environment} variable is set). A setting it
   * cannot use throws an error that says what to fix.
   */
  connect(panah: Panah, context: AdapterContext): Promise<Connection>;
}

/** What an adapter is started with. */
export interface AdapterContext {
  env: NodeJS.ProcessEnv;
  /** The whole configuration; the adapter's own entries are also in {@link settings}. */
  config: PanahConfig;
  settings: PlatformSettings;
  /** Already a child logger named after the adapter. */
  logger: Logger;
  /** Aborts when SIGTERM or SIGINT arrives during start-up: stop waiting for the platform. */
  stopping: AbortSignal;
}

/** The adapter's entries in panah.yaml, defaults applied. */
export interface PlatformSettings {
  moderators: readonly (string | number)[];
  maintainers: readonly string[];
  alerts: WorkerSettings;
}

/** A connected adapter. */
export interface Connection {
  /** Stops receiving and lets replies in progress finish. */
  stop(): Promise<void>;
  /** Connected to the platform right now (for /readyz); without it, connected while running. */
  ready?(): boolean;
  /** Sends alerts and maintainers' notices on this platform. */
  deliverer: Deliverer;
}

/** An adapter running in this process; `panah start` stops each on shutdown. */
export interface RunningAdapter {
  name: string;
  stop(): Promise<void>;
  /** For /readyz: a replica standing by for a platform received elsewhere counts as ready. */
  ready(): boolean;
  /** Absent while this replica stands by. */
  deliverer(): Deliverer | undefined;
}

/** The adapter's entries of the configuration. */
export function platformSettings(config: PanahConfig, spec: PlatformSpec): PlatformSettings {
  return {
    moderators: config.moderators[spec.name] ?? [],
    maintainers: config.maintainers[spec.name] ?? [],
    alerts: { pace: config.alerts.pace[spec.name] ?? spec.pace },
  };
}

/**
 * Connects an adapter and runs its alert delivery, both led the way the platform needs (see
 * {@link Adapter.receivesInOneReplica}): delivery always in one replica, so the platform's
 * send pace holds overall, and stopped (by `panah.workers`) before the adapter, so deliveries
 * in flight finish while it is still connected.
 */
export async function runAdapter(
  adapter: Adapter,
  panah: Panah,
  context: AdapterContext,
): Promise<RunningAdapter> {
  const { name } = adapter;
  const deliver = (deliverer: Deliverer) => panah.alerts.start(deliverer, context.settings.alerts);
  if (!adapter.receivesInOneReplica) {
    const connection = await adapter.connect(panah, context);
    const alerts = await panah.leadership.lead(`${name} alerts`, async () => {
      const worker = deliver(connection.deliverer);
      return () => worker.stop();
    });
    panah.workers.add({ name: `${name} alerts`, stop: () => alerts.stop() });
    return {
      name,
      stop: () => connection.stop(),
      ready: () => connection.ready?.() ?? true,
      deliverer: () => connection.deliverer,
    };
  }
  let connection: Connection | undefined;
  let stopDelivery: (() => Promise<void>) | undefined;
  const led = await panah.leadership.lead(name, async () => {
    const connected = await adapter.connect(panah, context);
    const worker = deliver(connected.deliverer);
    [connection, stopDelivery] = [connected, () => worker.stop()];
    return async () => {
      await worker.stop();
      await connected.stop();
      connection = undefined;
    };
  });
  panah.workers.add({ name: `${name} alerts`, stop: async () => stopDelivery?.() });
  return {
    name,
    stop: () => led.stop(),
    ready: () => !led.running || (connection ? (connection.ready?.() ?? true) : false),
    deliverer: () => connection?.deliverer,
  };
}
