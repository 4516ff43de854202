#!/usr/bin/env node
// The `panah` command. The source is TypeScript, run from a build made on the first run after
// a change (see compiled.js), or else compiled on the fly by tsx: `npm ci` is enough to run
// the CLI, with no separate build step.
import { join } from "node:path";
import { importTypeScript } from "./compiled.js";

const [{ main }, { ADAPTERS }] = await importTypeScript([
  join(import.meta.dirname, "..", "src", "cli", "main.ts"),
  // The platforms: handed to the core here, so the core never imports an adapter.
  join(import.meta.dirname, "..", "adapters", "index.ts"),
]);
const argv = process.argv.slice(2);
const code = await main(argv, { adapters: ADAPTERS });
// A stopped `start` has closed its adapters, workers and database and written its last log
// line, so it exits now rather than when the event loop drains: matrix-js-sdk 37.5 leaves a
// five-minute timer behind for every encrypted event it could not decrypt (rust-crypto's
// onLiveEventFromSync), which would hold the process past its shutdown bound and end it with
// status 1, a crash to systemd.
if (argv[0] === "start") process.exit(code);
process.exitCode = code;
