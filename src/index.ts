/**
 * Panah's public core. Adapters import from here only; the core never imports an adapter.
 */

// Alerts: adapters implement a Deliverer and start their platform's worker
export type { Alert, AlertDraft, AlertPlatform, AlertProgress } from "./alerts/alert.ts";
export type { Broadcaster, WorkerSettings } from "./alerts/broadcaster.ts";
export { type Deliverer, MemoryDeliverer, type SendFailure } from "./alerts/deliverer.ts";
export type { DeliveryWorker } from "./alerts/delivery-worker.ts";
// Commonly used: wiring the core and talking to it
export { createPanah, dataDir, type Panah } from "./app.ts";
// The CLI's adapter seam
export type { AdapterStarter, RunningAdapter } from "./cli/start.ts";
export type { Leadership, Led } from "./cluster/leadership.ts";
// Configuration
export { ConfigError } from "./config/config-error.ts";
export { DEFAULT_CONFIG, PanahConfig } from "./config/schema.ts";
// Infrastructure behind interfaces
export { MAX_ACTION_BYTES } from "./core/actions.ts";
export { type Clock, ManualClock, systemClock } from "./core/clock.ts";
// HTML and logging, one rule each for every adapter
export { escapeHtml, linkTarget, unlinkedText } from "./core/html.ts";
export type {
  Choice,
  InboundMessage,
  OutboundDocument,
  OutboundMessage,
  Platform,
  ReplyKind,
  UserKey,
} from "./core/messages.ts";
// Rich text, for renderers
export { type ErrorReader, type RedactedError, redactError } from "./core/redact-error.ts";
export { type Block, type Inline, inlineText, toPlainText } from "./core/richtext.ts";
// The command registry, for platforms' command menus
export { type Command, commandNamed, type MenuChat, menuFor } from "./engine/commands.ts";
export { BUNDLED_KNOWLEDGE_DIR } from "./engine/knowledge.ts";
// The offline guide (panah export, the guide command)
export { type GuideFile, renderGuide } from "./export/guide.ts";
// Knowledge and routing
export type { Fact, KnowledgeBase, Source, Topic } from "./knowledge/knowledge-base.ts";
export { contentIn } from "./knowledge/knowledge-base.ts";
export { loadKnowledge } from "./knowledge/loader.ts";
export { formatProblem, type Problem } from "./knowledge/problems.ts";
export { createLogger, REDACTED_FIELDS } from "./log.ts";
// Operations: counters for /metrics, background work stopped on shutdown
export { type DeliveryFailure, Metrics } from "./ops/metrics.ts";
export { type Worker, Workers } from "./ops/shutdown.ts";
export { DEFAULT_THRESHOLDS, type Route, Router, type Thresholds } from "./router/router.ts";
export { MemoryStore } from "./store/memory-store.ts";
export { PostgresStore } from "./store/postgres/postgres-store.ts";
export { SqliteStore, StoreError } from "./store/sqlite-store.ts";
export type { Store, Subscription } from "./store/store.ts";
// Languages and text
export {
  detectScriptLanguage,
  LANGUAGES,
  type Language,
  languageFromTag,
} from "./text/language.ts";
export { normalize } from "./text/normalize.ts";
