import { LoggerLevel, Tracing } from "@matrix-org/matrix-sdk-crypto-wasm";
import type { Logger as SdkLogger } from "matrix-js-sdk/lib/logger.js";
import { logger as sdkGlobalLogger } from "matrix-js-sdk/lib/logger.js";

/**
 * matrix-js-sdk and its Rust crypto log room ids, user ids and event contents to the console.
 * Panah never logs those, so the SDK gets a logger that drops everything, its global logger is
 * silenced, and the Rust tracing is switched off once the WASM module is loaded.
 */
export const silentSdkLogger: SdkLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  getChild: () => silentSdkLogger,
};

/**
 * Mutes the SDK's global logger and every child logger created from it later (the SDK makes
 * one per encrypted room, prefixed with the room id). Children copy their parent's method
 * factory when they are created, so the root gets a factory that makes no-op methods.
 */
export function silenceSdkGlobalLogger(): void {
  const root = sdkGlobalLogger as unknown as {
    methodFactory: () => () => void;
    rebuild(): void;
    setLevel(level: string): void;
  };
  root.methodFactory = () => () => {};
  root.rebuild();
  root.setLevel("silent");
}

/**
 * Runs `initRustCrypto` without its output. The SDK switches the Rust tracing on at DEBUG level
 * inside that call, and the Rust code logs the user id, device id and identity keys while it
 * creates the account, straight to the console. So for the duration of the call the console is
 * muted, and afterwards the tracing is switched off.
 */
export async function initRustCryptoQuietly(init: () => Promise<void>): Promise<void> {
  const methods = ["log", "debug", "info", "warn", "error", "trace"] as const;
  const saved = methods.map((name) => [name, console[name]] as const);
  for (const name of methods) console[name] = () => {};
  try {
    await init();
  } finally {
    for (const [name, original] of saved) console[name] = original;
    new Tracing(LoggerLevel.Error).turnOff();
  }
}
