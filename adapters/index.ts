import type { Adapter } from "../src/index.ts";
import { matrix } from "./matrix/platform.ts";
import { telegram } from "./telegram/platform.ts";

/**
 * The platforms Panah can run on: bin/panah.js hands this list to the core, which never
 * imports an adapter. A new platform is a folder beside these and one entry here.
 */
export const ADAPTERS: readonly Adapter[] = [telegram, matrix];
