#!/usr/bin/env node
import { resolve } from "node:path";
import { importTypeScript } from "./compiled.js";

// Runs a TypeScript entry point, compiled once and kept (see compiled.js) or through tsx, so
// `npm ci` leaves Panah runnable with no build step. Usage: node bin/run-ts.js FILE.ts [args...]
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error("usage: run-ts.js FILE.ts [args...]");
  process.exit(2);
}
process.argv = [process.argv[0], resolve(entry), ...rest];
await importTypeScript([resolve(entry)]);
