import type { Language } from "../text/language.ts";
import type { Actor, Alert, AlertPlatform, AuditEntry, Delivery } from "./alert.ts";

/**
 * Rows of the alert tables as both databases return them (the SQLite and PostgreSQL schemas
 * have the same columns), and their mapping to the domain types.
 */
export interface AlertRow {
  id: number;
  kind: Alert["kind"];
  severity: Alert["severity"];
  text_en: string | null;
  text_fa: string | null;
  audience_languages: string;
  audience_platforms: string;
  status: Alert["status"];
  created_at: number;
  sent_at: number | null;
  expires_at: number | null;
  finished_at: number | null;
}

export interface DeliveryRow {
  alert_id: number;
  platform: AlertPlatform;
  user_id: string;
  chat_id: string;
  language: Language;
  attempts: number;
}

export interface AuditRow {
  at: number;
  actor_platform: Actor["platform"];
  actor_id: string;
  action: AuditEntry["action"];
  alert_id: number | null;
}

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    text: {
      ...(row.text_en !== null ? { en: row.text_en } : {}),
      ...(row.text_fa !== null ? { fa: row.text_fa } : {}),
    },
    audience: {
      languages: JSON.parse(row.audience_languages),
      platforms: JSON.parse(row.audience_platforms),
    },
    status: row.status,
    createdAt: row.created_at,
    ...(row.sent_at !== null ? { sentAt: row.sent_at } : {}),
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
  };
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    alertId: row.alert_id,
    platform: row.platform,
    userId: row.user_id,
    chatId: row.chat_id,
    language: row.language,
    attempts: row.attempts,
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    at: row.at,
    actor: { platform: row.actor_platform, id: row.actor_id },
    action: row.action,
    ...(row.alert_id !== null ? { alertId: row.alert_id } : {}),
  };
}
