/**
 * A configuration problem that stops start-up. Its message names the setting and says how to
 * fix it; `panah` prints it without a stack trace. Adapters throw subclasses for their own
 * settings.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
}
