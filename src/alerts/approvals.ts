import type { Actor, Alert, AlertDraft, AlertProgress, Audience, Refusal } from "./alert.ts";
import type { AlertRows, AlertStore, ReleaseResult } from "./alert-store.ts";

/**
 * The moderation rules, written once over any database's {@link AlertRows}: who may release an
 * alert, what is audited, and how progress is counted. The SQL store's `createAlert`,
 * `approveAlert`, `rejectAlert`, `progress` and `refusals` are these.
 */

/**
 * Stores an alert and audits it: released at once ("send") when `approved`, else kept for a
 * second moderator ("propose"). One transaction, so a crash leaves nothing or everything.
 */
export function createAlert(
  rows: AlertRows,
  draft: AlertDraft,
  actor: Actor,
  options: Parameters<AlertStore["createAlert"]>[2],
): Promise<ReleaseResult> {
  const { now, approved, report, draftOf } = options;
  return rows.transaction(async (trx) => {
    // Of two replicas confirming one draft at once, the one that deletes it makes the alert;
    // the other, finding the draft gone, finds the alert already there.
    if (draftOf && !(await trx.deleteDraft(draftOf))) return { outcome: "draft_gone" };
    const id = await trx.insertAlert(draft, now, report);
    await trx.audit({ at: now, actor, action: approved ? "send" : "propose", alertId: id });
    if (approved) return release(trx, id, draft.audience, now);
    return { outcome: "awaiting_approval", alert: await stored(trx, id) };
  });
}

/** A second moderator releases a proposed alert: never its proposer, and only once. */
export function approveAlert(
  rows: AlertRows,
  id: number,
  actor: Actor,
  now: number,
): Promise<ReleaseResult> {
  return rows.transaction(async (trx): Promise<ReleaseResult> => {
    // Locked: of two moderators approving at once, the second finds it released already.
    const alert = await trx.getAlert(id, { lock: true });
    if (!alert) return { outcome: "not_found" };
    if (alert.status !== "awaiting_approval") return { outcome: "not_awaiting" };
    // Two people agree, not one person twice.
    const proposer = await trx.proposer(id);
    if (proposer && proposer.platform === actor.platform && proposer.id === actor.id)
      return { outcome: "same_moderator" };
    await trx.audit({ at: now, actor, action: "approve", alertId: id });
    return release(trx, id, alert.audience, now);
  });
}

/** Drops an alert that still awaits approval, audited; false if there was none. */
export function rejectAlert(rows: AlertRows, id: number, actor: Actor, now: number) {
  return rows.transaction(async (trx) => {
    const rejected = await trx.cancelAlert(id, now);
    if (rejected) await trx.audit({ at: now, actor, action: "reject", alertId: id });
    return rejected;
  });
}

/** How the alert's delivery stands, from its deliveries counted per state. */
export async function progress(rows: AlertRows, id: number): Promise<AlertProgress> {
  const tally: AlertProgress = {
    total: 0,
    pending: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    unsubscribed: 0,
  };
  for (const { status, count, unsubscribed } of await rows.deliveryCounts(id)) {
    tally[status] = count;
    tally.total += count;
    tally.unsubscribed += unsubscribed;
  }
  return tally;
}

/** The newest refusals first, a stranger's with no id at all (see {@link Refusal}). */
export async function refusals(rows: AlertRows, limit: number): Promise<Refusal[]> {
  return (await rows.refusalRows(limit)).map(({ moderatorId, ...refusal }) => ({
    ...refusal,
    ...(moderatorId !== null ? { moderatorId } : {}),
  }));
}

async function release(
  trx: AlertRows,
  id: number,
  audience: Audience,
  now: number,
): Promise<ReleaseResult> {
  const recipients = await trx.releaseAlert(id, audience, now);
  return { outcome: "queued", alert: await stored(trx, id), recipients };
}

async function stored(rows: AlertRows, id: number): Promise<Alert> {
  return (await rows.getAlert(id)) as Alert;
}
