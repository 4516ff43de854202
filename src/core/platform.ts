import type { z } from "zod";
import type { Language } from "../text/language.ts";

/** How fast alerts go out on a platform: overall, and (where the platform limits it) per chat. */
export interface DeliveryPace {
  perSecond: number;
  /** Seconds between two messages to one chat; absent where the platform sets no such limit. */
  perChatSeconds?: number;
}

/**
 * What the core knows about a platform, declared by its adapter (adapters/<name>/): the core
 * itself names no platform. Its settings in panah.yaml sit under the adapter's name in the
 * sections that have one per platform (`moderators.<name>`, `maintainers.<name>`,
 * `alerts.<name>`), each checked with the schemas given here.
 */
export interface PlatformSpec {
  /** Lower-case, as in messages' `platform`, stored subscriptions and panah.yaml. */
  readonly name: string;
  /** The platform's name as people write it, per language (audience buttons and words). */
  readonly title: Record<Language, string>;
  /** The environment variables that turn the adapter on, named in usage and logs; the first decides. */
  readonly environment: readonly [string, ...string[]];
  /** One moderator in `moderators.<name>`: an immutable platform id, never a display name. */
  readonly moderatorId: z.ZodType<string | number>;
  /** One chat in `maintainers.<name>`, told of refused knowledge edits. */
  readonly maintainerChat: z.ZodType<string>;
  /** The alert pace when `alerts.<name>` does not set it. */
  readonly pace: DeliveryPace;
  /**
   * Whether a person's id also addresses their direct chat with the bot (Telegram's private
   * chats), so Panah can write to a moderator first; else that chat must be configured.
   */
  readonly directChatIsUserId: boolean;
}

/** `console` is the terminal chat: the core's own, with no subscribers and no moderators. */
export const CONSOLE = "console";

/** The platforms this Panah runs with, in the order their adapters were listed. */
export class Platforms {
  constructor(readonly specs: readonly PlatformSpec[] = []) {
    const names = new Set<string>();
    for (const { name } of specs) {
      if (!/^[a-z][a-z0-9-]*$/.test(name) || name === CONSOLE || names.has(name))
        throw new Error(
          `an adapter's name must be lower-case, unique and not "${CONSOLE}": ${name}`,
        );
      names.add(name);
    }
  }

  get names(): string[] {
    return this.specs.map((s) => s.name);
  }

  get(name: string): PlatformSpec | undefined {
    return this.specs.find((s) => s.name === name);
  }

  /** The platform a moderator means by `word` ("telegram", "تلگرام"), if any. */
  named(word: string): string | undefined {
    const w = word.toLowerCase();
    return this.specs.find(
      (s) => s.name === w || Object.values(s.title).some((t) => t.toLowerCase() === w),
    )?.name;
  }

  /** Whether the environment configures at least one platform. */
  anyConfigured(env: NodeJS.ProcessEnv): boolean {
    return this.specs.some((s) => configured(s, env));
  }

  /** "TELEGRAM_BOT_TOKEN, MATRIX_HOMESERVER_URL": what turns each platform on, for messages. */
  switches(): string {
    return this.specs.map((s) => s.environment[0]).join(", ");
  }
}

/** Whether the environment turns the platform on: its first environment variable is set. */
export function configured(spec: PlatformSpec, env: NodeJS.ProcessEnv): boolean {
  return Boolean(env[spec.environment[0]]?.trim());
}
