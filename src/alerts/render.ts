import type { OutboundMessage } from "../core/messages.ts";
import type { Block } from "../core/richtext.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { parseMarkup } from "../knowledge/markup.ts";
import type { AlertingKey } from "../knowledge/schema.ts";
import type { Language } from "../text/language.ts";
import { type Alert, type AlertDraft, type AlertProgress, textFor } from "./alert.ts";

type Values = Record<string, string | number>;

/** An alert string from the ui files, with `{placeholders}` filled in. */
export function alertString(
  kb: KnowledgeBase,
  language: Language,
  key: AlertingKey,
  values: Values = {},
): string {
  return fill(kb.ui[language].alerting[key], values);
}

/** The same, as rich text. */
export function alertBlocks(
  kb: KnowledgeBase,
  language: Language,
  key: AlertingKey,
  values: Values = {},
): Block[] {
  return parseMarkup(alertString(kb, language, key, values));
}

/** A time as moderators and subscribers read it, the same in both languages: "2026-11-28 14:05 UTC". */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * An alert's body: a bold "Panah alert · Warning" line, then the moderators' text in the
 * reader's language. The text is rendered like answers (paragraphs, bullets, bold, links),
 * and each adapter escapes it for its platform.
 */
export function alertBody(kb: KnowledgeBase, alert: AlertDraft, language: Language): Block[] {
  const severity = kb.ui[language].severity[alert.severity];
  return [
    {
      kind: "paragraph",
      content: [
        {
          kind: "bold",
          children: [{ kind: "text", text: alertString(kb, language, "title", { severity }) }],
        },
      ],
    },
    ...parseMarkup(textFor(alert, language)),
  ];
}

/** The copy of an alert one subscriber receives. */
export function alertMessage(
  kb: KnowledgeBase,
  alert: AlertDraft,
  language: Language,
  chatId: string,
): OutboundMessage {
  return { chatId, kind: "notice", language, blocks: alertBody(kb, alert, language), choices: [] };
}

/** What `/alerts` shows: each active alert with the time it was sent. */
export function activeAlertsBlocks(
  kb: KnowledgeBase,
  alerts: Alert[],
  language: Language,
): Block[] {
  const ui = kb.ui[language];
  return [
    ...parseMarkup(ui.alerts_header),
    ...alerts.flatMap((alert) => [
      ...alertBody(kb, alert, language),
      ...parseMarkup(fill(ui.alert_issued, { date: formatTime(alert.sentAt ?? alert.createdAt) })),
    ]),
  ];
}

/** The latest status alert, introduced with its time, shown before the `blackout-status` answer. */
export function latestStatusBlocks(kb: KnowledgeBase, alert: Alert, language: Language): Block[] {
  return [
    ...parseMarkup(
      fill(kb.ui[language].status_latest, { date: formatTime(alert.sentAt ?? alert.createdAt) }),
    ),
    ...parseMarkup(textFor(alert, language)),
  ];
}

/** A progress line, or the final report, for the moderator who sent an alert. */
export function reportMessage(
  kb: KnowledgeBase,
  alertId: number,
  progress: AlertProgress,
  final: boolean,
  target: { chatId: string; language: Language },
): OutboundMessage {
  return {
    chatId: target.chatId,
    kind: "notice",
    language: target.language,
    blocks: alertBlocks(kb, target.language, final ? "report" : "progress", {
      id: alertId,
      ...progress,
    }),
    choices: [],
  };
}

function fill(template: string, values: Values): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
