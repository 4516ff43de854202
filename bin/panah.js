#!/usr/bin/env node
// The `panah` command. The source is TypeScript; tsx's loader compiles it on the fly (and caches
// it), so `npm ci` is enough to run the CLI: no separate build step.
import { register } from "tsx/esm/api";

register();
const [{ main }, { ADAPTERS }] = await Promise.all([
  import("../src/cli/main.ts"),
  // The platforms: handed to the core here, so the core never imports an adapter.
  import("../adapters/index.ts"),
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
