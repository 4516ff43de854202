/**
 * Panah's public core. Adapters import from here only; the core never imports an adapter.
 */

// The adapter contract: what adapters/<name>/ declares, and the wiring the core does for it
export {
  type Adapter,
  type AdapterContext,
  type Connection,
  type PlatformSettings,
  type RunningAdapter,
  runAdapter,
} from "./adapter.ts";
// Alerts: adapters implement a Deliverer and start their platform's worker
export type { Alert, AlertDraft, AlertPlatform, AlertProgress } from "./alerts/alert.ts";
export type { Broadcaster, WorkerSettings } from "./alerts/broadcaster.ts";
export { type Deliverer, MemoryDeliverer, type SendFailure } from "./alerts/deliverer.ts";
export type { DeliveryWorker } from "./alerts/delivery-worker.ts";
// Commonly used: wiring the core and talking to it
export { createPanah, dataDir, type Panah } from "./app.ts";
// Configuration
export { ConfigError } from "./config/config-error.ts";
export { configSchema, DEFAULT_CONFIG, type PanahConfig } from "./config/schema.ts";
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
export { type DeliveryPace, type PlatformSpec, Platforms } from "./core/platform.ts";
// Rich text, for renderers
export { type ErrorReader, type RedactedError, redactError } from "./core/redact-error.ts";
export { type Block, type Inline, inlineText, toPlainText } from "./core/richtext.ts";
// The command registry, for platforms' command menus
export { type Command, commandNamed, type MenuChat, menuFor } from "./engine/commands.ts";
export { BUNDLED_KNOWLEDGE_DIR } from "./engine/knowledge.ts";
export type { ShareCard } from "./engine/share.ts";
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
export type { Leadership, Led } from "./store/leadership/leadership.ts";
export { IN_MEMORY, openStore } from "./store/open.ts";
export { SqlStore } from "./store/sql-store.ts";
export { type Store, StoreError, type Subscription } from "./store/store.ts";
// Languages and text
export {
  detectScriptLanguage,
  LANGUAGES,
  type Language,
  languageFromTag,
} from "./text/language.ts";
export { normalize } from "./text/normalize.ts";
