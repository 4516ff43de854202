import { startMatrix } from "../../adapters/matrix/index.ts";
import { startTelegram } from "../../adapters/telegram/index.ts";
import type { AdapterStarter } from "./start.ts";

/**
 * The platform adapters `panah start` knows. The CLI is the one place that wires adapters to
 * the core; the core never imports them. Each starter returns undefined when its platform is
 * not configured.
 */
export const adapterStarters: AdapterStarter[] = [startTelegram, startMatrix];
