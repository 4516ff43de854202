import type { Logger } from "pino";
import type { Adapter } from "../adapter.ts";
import type { PanahConfig } from "../config/schema.ts";

/** What a CLI command may touch: streams, environment and a logger (tests pass their own). */
export interface CliContext {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** The configuration file's settings (defaults when there is none). */
  config: PanahConfig;
  /**
   * The platform adapters (adapters/index.ts, handed in by bin/panah.js: the core never
   * imports them); none in tests of the core.
   */
  adapters: readonly Adapter[];
}
