import pino, { type DestinationStream, type Logger } from "pino";
import { ConfigError } from "./config/config-error.ts";
import { scrubLogLine } from "./ops/private-log.ts";

/**
 * Field names that may carry what a person wrote or who they are. Panah's own code never logs
 * them; the redaction is the second line of defence, for errors and objects that come from
 * platform libraries.
 */
export const REDACTED_FIELDS = [
  "text",
  "body",
  "formatted_body",
  "message",
  "userId",
  "user_id",
  "chatId",
  "chat_id",
  "sender",
  "from",
  "chat",
  "roomId",
  "room_id",
  "token",
  "accessToken",
  "access_token",
  "password",
  "recoveryKey",
];

/**
 * Where the redacted fields are looked for: at the top of a log object and up to three levels
 * down (a context's `update.message.text`). `message` is only redacted where it is
 * a platform's message object: as the string inside an error (`err.message`) it is what tells an
 * operator what went wrong, and it is kept (the line scrubber still blanks ids in it).
 */
const paths = REDACTED_FIELDS.flatMap((field) =>
  field === "message" ? [] : [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`],
);

/** The levels LOG_LEVEL takes, most verbose first. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/**
 * LOG_LEVEL checked: undefined when unset or empty; a level pino does not know stops start-up
 * with a {@link ConfigError} (pino itself would throw an error with a stack trace).
 */
export function logLevel(value: string | undefined): string | undefined {
  const level = value?.trim().toLowerCase();
  if (!level) return undefined;
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new ConfigError(`LOG_LEVEL is "${value}": set it to one of ${LOG_LEVELS.join(", ")}`);
  return level;
}

/**
 * Panah's logger: pino JSON, pretty in a terminal, level from LOG_LEVEL. By default it writes
 * to stderr, so commands whose output is data (`panah ask --json`) keep stdout clean.
 */
export function createLogger(
  options: { level?: string; destination?: DestinationStream; pretty?: boolean } = {},
): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? "info";
  const config = {
    level,
    // Panah logs errors already described (`{ type, method, code, … }`, nothing about people);
    // pino's own serializer would take such an object for an Error and replace its type with
    // "Object". Real Errors still go through it.
    serializers: {
      err: (err: unknown) => (err instanceof Error ? pino.stdSerializers.err(err) : err),
    },
    redact: { paths, censor: "[redacted]" },
    base: undefined,
    // The third line: ids and tokens quoted inside strings (a library's error message).
    hooks: { streamWrite: scrubLogLine },
  };
  if (options.destination) return pino(config, options.destination);
  if (options.pretty ?? process.stderr.isTTY) {
    return pino({
      ...config,
      transport: {
        target: "pino-pretty",
        options: { destination: 2, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" },
      },
    });
  }
  return pino(config, pino.destination(2));
}
