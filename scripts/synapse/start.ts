/**
 * Runs a loopback Synapse until Ctrl-C, with a bot and a user account, for trying
 * `panah start` by hand: node bin/run-ts.js scripts/synapse/start.ts [DIR]
 * It prints the MATRIX_* variables to export.
 */
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { registerUser, startSynapse } from "./synapse.ts";

const dir = resolve(process.argv[2] ?? ".tmp/synapse-manual");
const synapse = await startSynapse({ dir });
const suffix = randomBytes(3).toString("hex");
const botPassword = randomBytes(12).toString("hex");
const userPassword = randomBytes(12).toString("hex");
const bot = await registerUser(synapse, `panah-${suffix}`, botPassword);
const user = await registerUser(synapse, `user-${suffix}`, userPassword);
process.stdout.write(
  [
    `Synapse is running at ${synapse.url} (data in ${dir}). Ctrl-C stops it.`,
    "",
    "For the bot:",
    `  export MATRIX_HOMESERVER_URL=${synapse.url}`,
    `  export MATRIX_USER_ID=${bot.userId}`,
    `  export MATRIX_PASSWORD=${botPassword}`,
    "",
    `A user to talk to it with (e.g. in Element): ${user.userId}, password ${userPassword}`,
    "",
  ].join("\n"),
);
const stop = async () => {
  await synapse.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
