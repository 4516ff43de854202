import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { parseAlertFile } from "../alerts/alert-file.ts";
import { formatTime } from "../alerts/render.ts";
import { dataDir } from "../app.ts";
import { formatProblem } from "../knowledge/problems.ts";
import { openStore } from "../store/open.ts";
import type { Store } from "../store/store.ts";
import type { CliContext } from "./context.ts";

/**
 * `panah alert send FILE.yaml | list | status ID`: the operator's way to alerts, on the same
 * database as the running bot. `send` validates the file (errors name line and column),
 * writes the alert and its deliveries in one transaction, and the running `panah start`
 * delivers them. Operators have the server; second-moderator approval guards chat accounts.
 */
export async function alert(
  cli: CliContext,
  args: string[],
  options: { json: boolean; dryRun: boolean },
): Promise<number> {
  const [sub, arg] = args;
  if (sub === "send" && arg) return send(cli, arg, options.dryRun);
  if (sub === "list") return withStore(cli, (store) => list(cli, store, options.json));
  if (sub === "status" && arg)
    return withStore(cli, (store) => status(cli, store, arg, options.json));
  cli.stderr.write(
    "usage: panah alert send FILE.yaml [--dry-run] | panah alert list [--json] | panah alert status ID [--json]\n",
  );
  return 2;
}

async function withStore(cli: CliContext, run: (store: Store) => Promise<number>): Promise<number> {
  const store = await openStore({ databaseUrl: cli.env.DATABASE_URL, dataDir: dataDir(cli.env) });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

async function send(cli: CliContext, file: string, dryRun: boolean): Promise<number> {
  let source: string;
  try {
    source = await readFile(resolve(file), "utf8");
  } catch (error) {
    cli.stderr.write(`panah alert: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const { draft, problems } = parseAlertFile(
    file,
    source,
    Date.now(),
    cli.adapters.map((a) => a.name),
  );
  if (!draft) {
    cli.stderr.write(`${problems.map(formatProblem).join("\n")}\n`);
    return 1;
  }
  return withStore(cli, async (store) => {
    const counts = await store.alerts.countRecipients(draft.audience);
    if (dryRun) {
      cli.stdout.write(
        `would send to ${counts.en + counts.fa} subscribers (${counts.en} English, ${counts.fa} Persian)\n`,
      );
      return 0;
    }
    const result = await store.alerts.createAlert(
      draft,
      { platform: "cli", id: operator() },
      { now: Date.now(), approved: true },
    );
    if (result.outcome !== "queued") return 1;
    cli.logger.info({ alert: result.alert.id, recipients: result.recipients }, "alert queued");
    cli.stdout.write(
      `alert #${result.alert.id} queued for ${result.recipients} subscribers; the running Panah delivers it (panah alert status ${result.alert.id})\n`,
    );
    return 0;
  });
}

async function list(cli: CliContext, store: Store, json: boolean): Promise<number> {
  const alerts = await store.alerts.listAlerts(50);
  const rows = await Promise.all(
    alerts.map(async (a) => ({ ...a, progress: await store.alerts.progress(a.id) })),
  );
  if (json) {
    cli.stdout.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  if (rows.length === 0) cli.stdout.write("no alerts yet\n");
  for (const a of rows)
    cli.stdout.write(
      `#${a.id}  ${formatTime(a.createdAt)}  ${a.status.padEnd(17)}  ${a.kind}/${a.severity}  sent ${a.progress.sent}/${a.progress.total}, failed ${a.progress.failed}\n`,
    );
  return 0;
}

async function status(cli: CliContext, store: Store, arg: string, json: boolean): Promise<number> {
  const id = Number(arg.replace(/^#/, ""));
  const found = Number.isInteger(id) ? await store.alerts.getAlert(id) : undefined;
  if (!found) {
    cli.stderr.write(`panah alert: there is no alert ${arg} (see panah alert list)\n`);
    return 1;
  }
  const progress = await store.alerts.progress(id);
  if (json) {
    cli.stdout.write(`${JSON.stringify({ ...found, progress })}\n`);
    return 0;
  }
  const p = progress;
  cli.stdout.write(
    [
      `alert #${found.id}: ${found.status} (${found.kind}, ${found.severity})`,
      `created ${formatTime(found.createdAt)}${found.expiresAt ? `, expires ${formatTime(found.expiresAt)}` : ""}`,
      `audience: ${found.audience.languages.join(", ")} on ${found.audience.platforms.join(", ")}`,
      `deliveries: ${p.total} total, ${p.sent} sent, ${p.pending} pending, ${p.sending} in flight, ${p.failed} failed (${p.unsubscribed} unsubscribed)`,
      "",
    ].join("\n"),
  );
  return 0;
}

/** Who ran the command, for the audit log: the operating-system account. */
function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
