/**
 * Panah's public core. Adapters import from here only; the core never imports an adapter.
 */

// Commonly used: wiring the core and talking to it
export { BUNDLED_KNOWLEDGE_DIR, createPanah, dataDir, KnowledgeError, knowledgeDir, loadRouter, type Panah } from "./app.ts";
export type { Choice, InboundMessage, OutboundMessage, Platform, ReplyKind } from "./engine/messages.ts";
export { Engine, type Knowledge } from "./engine/engine.ts";
export { parseCommand } from "./engine/commands.ts";

// Rich text, for renderers
export { type Block, type Inline, inlineText, toPlainText } from "./richtext.ts";

// Languages and text
export { detectScriptLanguage, type Language, languageFromTag, LANGUAGES } from "./text/language.ts";
export { normalize } from "./text/normalize.ts";

// Knowledge and routing
export type { KnowledgeBase, Topic, Source, Fact } from "./knowledge/knowledge-base.ts";
export { contentIn } from "./knowledge/knowledge-base.ts";
export { loadKnowledge } from "./knowledge/loader.ts";
export { formatProblem, type Problem } from "./knowledge/problems.ts";
export { DEFAULT_THRESHOLDS, Router, type Route, type Thresholds } from "./router/router.ts";

// Infrastructure behind interfaces
export { type Clock, ManualClock, systemClock } from "./clock.ts";
export { createLogger, REDACTED_FIELDS } from "./log.ts";
export type { Store, Subscription, UserKey } from "./store/store.ts";
export { MemoryStore } from "./store/memory-store.ts";
export { SqliteStore, StoreError } from "./store/sqlite-store.ts";

// The CLI's adapter seam
export type { AdapterStarter, RunningAdapter } from "./cli/start.ts";
export type { CliContext } from "./cli/context.ts";
