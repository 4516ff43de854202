/**
 * Panah's public core. Adapters import from here only; the core never imports an adapter.
 */

// Alerts: adapters implement a Deliverer and start their platform's worker
export type { Alert, AlertDraft, AlertPlatform, AlertProgress } from "./alerts/alert.ts";
export type { Broadcaster, WorkerSettings } from "./alerts/broadcaster.ts";
export { type Deliverer, MemoryDeliverer, type SendFailure } from "./alerts/deliverer.ts";
export type { DeliveryWorker } from "./alerts/delivery-worker.ts";
// Commonly used: wiring the core and talking to it
export {
  BUNDLED_KNOWLEDGE_DIR,
  createPanah,
  dataDir,
  KnowledgeError,
  knowledgeDir,
  loadRouter,
  type Panah,
} from "./app.ts";
export type { CliContext } from "./cli/context.ts";
// The CLI's adapter seam
export type { AdapterStarter, RunningAdapter } from "./cli/start.ts";
// Infrastructure behind interfaces
export { type Clock, ManualClock, systemClock } from "./clock.ts";
// Configuration
export { ConfigError } from "./config/config-error.ts";
export { DEFAULT_CONFIG, PanahConfig } from "./config/schema.ts";
export { COMMANDS, type CommandName, parseCommand } from "./engine/commands.ts";
export { Engine, type Knowledge } from "./engine/engine.ts";
export type {
  Choice,
  InboundMessage,
  OutboundDocument,
  OutboundMessage,
  Platform,
  ReplyKind,
} from "./engine/messages.ts";
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
// Rich text, for renderers
export { type Block, type Inline, inlineText, toPlainText } from "./richtext.ts";
export { DEFAULT_THRESHOLDS, type Route, Router, type Thresholds } from "./router/router.ts";
export type { Leadership, Led } from "./store/leadership/leadership.ts";
export { IN_MEMORY, openStore } from "./store/open.ts";
export { SqlStore } from "./store/sql-store.ts";
export { type Store, StoreError, type Subscription, type UserKey } from "./store/store.ts";
// Languages and text
export {
  detectScriptLanguage,
  LANGUAGES,
  type Language,
  languageFromTag,
} from "./text/language.ts";
export { normalize } from "./text/normalize.ts";
