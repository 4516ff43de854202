#!/usr/bin/env node
// The `panah` command. The source is TypeScript; tsx's loader compiles it on the fly (and caches
// it), so `npm ci` is enough to run the CLI: no separate build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
