import { type Generated, type RawBuilder, sql } from "kysely";
import type {
  Actor,
  Alert,
  AlertPlatform,
  AuditAction,
  DeliveryStatus,
  FailureReason,
  Refusal,
} from "../alerts/alert.ts";
import type { Platform, UserKey } from "../core/messages.ts";
import type { Language } from "../text/language.ts";

/**
 * The tables as both databases hold them (migrations.ts), for Kysely's typed queries: the
 * SQLite and PostgreSQL schemas have the same columns. Times are milliseconds since the epoch;
 * days are 'YYYY-MM-DD' text.
 */
export interface Tables {
  user_settings: { platform: Platform; user_id: string; language: Language };
  subscriptions: {
    platform: Platform;
    user_id: string;
    chat_id: string;
    language: Language;
    since_day: string;
  };
  unanswered: { day: string; language: Language; question: string; count: Generated<number> };
  alerts: {
    id: Generated<number>;
    kind: Alert["kind"];
    severity: Alert["severity"];
    text_en: string | null;
    text_fa: string | null;
    /** JSON arrays. */
    audience_languages: string;
    audience_platforms: string;
    status: Alert["status"];
    created_at: number;
    sent_at: number | null;
    expires_at: number | null;
    finished_at: number | null;
    report_platform: AlertPlatform | null;
    report_chat_id: string | null;
    report_language: Language | null;
  };
  alert_deliveries: {
    alert_id: number;
    platform: AlertPlatform;
    user_id: string;
    chat_id: string;
    language: Language;
    status: DeliveryStatus;
    attempts: Generated<number>;
    not_before: Generated<number>;
    failure: FailureReason | null;
    unsubscribed: Generated<number>;
  };
  moderator_audit: {
    id: Generated<number>;
    at: number;
    actor_platform: Actor["platform"];
    actor_id: string;
    action: AuditAction;
    alert_id: number | null;
  };
  moderator_refusals: {
    id: Generated<number>;
    at: number;
    platform: Platform;
    action: Refusal["action"];
    reason: Refusal["reason"];
    moderator_id: string | null;
  };
  alert_drafts: { platform: Platform; user_id: string; draft: string; touched_at: number };
  status_readings: { source: string; fetched_at: number; body: string };
}

/** The key of the rows about one person, as a filter (`where((eb) => eb.and(byUser(key)))`). */
export const byUser = ({ platform, userId }: UserKey) => ({ platform, user_id: userId });

/** The columns that key the rows about a person, for ON CONFLICT. */
export const USER_KEY = ["platform", "user_id"] as const;

/** ON CONFLICT's update: `columns` take the values the insert brought. */
export const excluded = <C extends string>(...columns: C[]) =>
  Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])) as Record<
    C,
    RawBuilder<never>
  >;

/** The row without its null columns: the domain types leave out what is not known. */
export function withoutNulls<T extends object>(row: T) {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null)) as {
    [K in keyof T as null extends T[K] ? never : K]: T[K];
  } & { [K in keyof T as null extends T[K] ? K : never]?: Exclude<T[K], null> };
}
