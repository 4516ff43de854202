import { type DeleteResult, type Insertable, type Selection, sql } from "kysely";
import type {
  Actor,
  Alert,
  AlertDraft,
  AlertPlatform,
  Audience,
  AuditEntry,
  Delivery,
  FailureReason,
  Refusal,
  ReportTarget,
} from "../alerts/alert.ts";
import type { AlertStore } from "../alerts/alert-store.ts";
import { Approvals } from "../alerts/approvals.ts";
import type { Draft } from "../alerts/draft.ts";
import type { UserKey } from "../core/messages.ts";
import type { Database } from "./database.ts";
import { prepared } from "./prepared.ts";
import { byUser, excluded, type Tables, USER_KEY, withoutNulls } from "./tables.ts";

/** A delivery's columns, named as {@link Delivery} names them. */
const DELIVERY = [
  "alert_id as alertId",
  "platform",
  "user_id as userId",
  "chat_id as chatId",
  "language",
  "attempts",
] as const;

/** A delivery's key, as a filter: its alert and its person. */
const delivery = (d: Delivery) => ({ alert_id: d.alertId, ...byUser(d) });

// The queries each alert and each delivery makes, compiled once (see prepared.ts).
const alertById = (lock: boolean) =>
  prepared((db, { id }: { id: number }, dialect) =>
    db
      .selectFrom("alerts")
      .select(ALERT)
      .where("id", "=", id)
      // SQLite needs no row lock: its transactions take the write lock as they begin.
      .$if(lock && dialect === "postgres", (q) => q.forUpdate()),
  );
const ALERT_BY_ID = { plain: alertById(false), locked: alertById(true) };
const claimDelivery = prepared(
  (db, { platform, now }: { platform: AlertPlatform; now: number }, dialect) =>
    db
      .updateTable("alert_deliveries")
      .set({ status: "sending" })
      .where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple("alert_id", "platform", "user_id"),
          "in",
          selectFrom("alert_deliveries as q")
            .innerJoin("alerts as a", "a.id", "q.alert_id")
            .select(["q.alert_id", "q.platform", "q.user_id"])
            .where((eb) =>
              eb.and({ "q.platform": platform, "q.status": "pending", "a.status": "sending" }),
            )
            .where("q.not_before", "<=", now)
            // Ties go in the queue index's own order (the order release wrote them): a third
            // column here would make the database sort every waiting row for each claim.
            .orderBy("q.alert_id")
            .orderBy("q.not_before")
            .limit(1)
            // SKIP LOCKED: a row another process is claiming at this instant is passed over,
            // not waited for. SQLite has one writer at a time, so nothing to skip.
            .$if(dialect === "postgres", (q) => q.forUpdate("q").skipLocked())
            .$asTuple("alert_id", "platform", "user_id"),
        ),
      )
      .where("status", "=", "pending")
      .returning(DELIVERY),
);
const markSent = prepared((db, d: Delivery) =>
  db
    .updateTable("alert_deliveries")
    .set({ status: "sent" })
    .where((eb) => eb.and(delivery(d))),
);

/** The columns a new alert is written with; the rest stay null until it is sent. */
const NEW_ALERT = [
  ...["kind", "severity", "text_en", "text_fa", "audience_languages", "audience_platforms"],
  ...["status", "created_at", "expires_at", "report_platform", "report_chat_id", "report_language"],
] as const;
type NewAlert = Pick<Insertable<Tables["alerts"]>, (typeof NEW_ALERT)[number]>;
const insertAlert = prepared((db, alert: NewAlert) =>
  db
    .insertInto("alerts")
    .values(Object.fromEntries(NEW_ALERT.map((c) => [c, alert[c]])) as NewAlert)
    .returning("id"),
);
// Every alert made, approved or rejected writes one.
const audit = prepared((db, entry: Insertable<Tables["moderator_audit"]>) =>
  db.insertInto("moderator_audit").values({
    at: entry.at,
    actor_platform: entry.actor_platform,
    actor_id: entry.actor_id,
    action: entry.action,
    alert_id: entry.alert_id,
  }),
);

/** An alert's columns, named as {@link Alert} names them. */
const ALERT = [
  ...["id", "kind", "severity", "text_en", "text_fa", "audience_languages", "audience_platforms"],
  ...["status", "created_at as createdAt", "sent_at as sentAt", "expires_at as expiresAt"],
  "finished_at as finishedAt",
] as const;

/**
 * The {@link AlertStore} on the {@link SqlStore}'s database: rows and transactions, with the
 * moderation rules of approvals.ts on top. Several processes may share it on PostgreSQL: a
 * delivery is claimed with `FOR UPDATE SKIP LOCKED`, so two workers never take the same row,
 * and an approval locks its alert, so two moderators approving at once release it once.
 */
export class SqlAlertStore extends Approvals implements AlertStore {
  private readonly db: Database["db"];

  constructor(private readonly database: Database) {
    super();
    this.db = database.db;
  }

  override async transaction<T>(work: (rows: this) => Promise<T>): Promise<T> {
    // Scrubbing needs the connection the transaction holds: it waits for the commit.
    let scrub = false;
    const later = async () => {
      scrub = true;
    };
    const result = await this.db
      .transaction()
      .execute((db) => work(new SqlAlertStore({ ...this.database, db, scrub: later }) as this));
    if (scrub) await this.database.scrub();
    return result;
  }

  async countRecipients({ languages, platforms }: Audience) {
    const counts = { en: 0, fa: 0 };
    if (languages.length === 0 || platforms.length === 0) return counts;
    const rows = await this.db
      .selectFrom("subscriptions")
      .select(["language", (eb) => eb.fn.countAll<number>().as("n")])
      .where((eb) => eb.and([eb("language", "in", languages), eb("platform", "in", platforms)]))
      .groupBy("language")
      .execute();
    for (const row of rows) counts[row.language] = Number(row.n);
    return counts;
  }

  override async insertAlert(
    { text, audience, ...draft }: AlertDraft,
    now: number,
    report?: ReportTarget,
  ) {
    const { rows } = await insertAlert(this.database, {
      kind: draft.kind,
      severity: draft.severity,
      text_en: text.en ?? null,
      text_fa: text.fa ?? null,
      audience_languages: JSON.stringify(audience.languages),
      audience_platforms: JSON.stringify(audience.platforms),
      status: "awaiting_approval",
      created_at: now,
      expires_at: draft.expiresAt ?? null,
      report_platform: report?.platform ?? null,
      report_chat_id: report?.chatId ?? null,
      report_language: report?.language ?? null,
    });
    return (rows[0] as { id: number }).id;
  }

  override async getAlert(id: number, { lock = false } = {}) {
    const { rows } = await ALERT_BY_ID[lock ? "locked" : "plain"](this.database, { id });
    return rows[0] && toAlert(rows[0]);
  }

  override async proposer(id: number): Promise<Actor | undefined> {
    return this.db
      .selectFrom("moderator_audit")
      .select(["actor_platform as platform", "actor_id as id"])
      .where((eb) => eb.and({ alert_id: id, action: "propose" }))
      .orderBy("id")
      .executeTakeFirst();
  }

  override async releaseAlert(id: number, { languages, platforms }: Audience, now: number) {
    await this.db
      .updateTable("alerts")
      .set({ status: "sending", sent_at: now })
      .where("id", "=", id)
      .execute();
    if (languages.length === 0 || platforms.length === 0) return 0;
    const { numInsertedOrUpdatedRows } = await this.db
      .insertInto("alert_deliveries")
      .columns(["alert_id", "platform", "user_id", "chat_id", "language", "status"])
      .expression((eb) =>
        eb
          .selectFrom(["alerts as a", "subscriptions as s"])
          .select([
            "a.id",
            "s.platform",
            "s.user_id",
            "s.chat_id",
            "s.language",
            sql.lit("pending").as("status"),
          ])
          .where((eb) =>
            eb.and([
              eb("a.id", "=", id),
              eb("s.language", "in", languages),
              eb("s.platform", "in", platforms),
            ]),
          )
          .orderBy("s.platform")
          .orderBy("s.user_id"),
      )
      .executeTakeFirstOrThrow();
    return Number(numInsertedOrUpdatedRows);
  }

  override async cancelAlert(id: number, now: number) {
    const { numUpdatedRows } = await this.db
      .updateTable("alerts")
      .set({ status: "cancelled", finished_at: now, report_platform: null, report_chat_id: null })
      .where((eb) => eb.and({ id, status: "awaiting_approval" }))
      .executeTakeFirstOrThrow();
    return numUpdatedRows > 0n;
  }

  async listAlerts(limit: number) {
    const rows = await this.db
      .selectFrom("alerts")
      .select(ALERT)
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map(toAlert);
  }

  async activeAlerts(now: number, limit: number, kind?: Alert["kind"]) {
    const rows = await this.db
      .selectFrom("alerts")
      .select(ALERT)
      .where((eb) =>
        eb.and([
          eb("status", "in", ["sending", "done"]),
          eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]),
        ]),
      )
      .$if(kind !== undefined, (q) => q.where("kind", "=", kind as Alert["kind"]))
      .orderBy("sent_at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map(toAlert);
  }

  override async deliveryCounts(id: number) {
    // Numbers on both engines: postgres.ts reads BIGINT and NUMERIC as numbers.
    return this.db
      .selectFrom("alert_deliveries")
      .select((eb) => [
        "status",
        eb.fn.countAll<number>().as("count"),
        eb.fn.sum<number>("unsubscribed").as("unsubscribed"),
      ])
      .where("alert_id", "=", id)
      .groupBy("status")
      .execute();
  }

  async reportTarget(id: number) {
    const row = await this.db
      .selectFrom("alerts")
      .select([
        "report_platform as platform",
        "report_chat_id as chatId",
        "report_language as language",
      ])
      .where("id", "=", id)
      .executeTakeFirst();
    return row?.platform && row.chatId && row.language ? (row as ReportTarget) : undefined;
  }

  async clearReportTarget(id: number) {
    await this.db
      .updateTable("alerts")
      .set({ report_platform: null, report_chat_id: null, report_language: null })
      .where("id", "=", id)
      .execute();
  }

  async claimDelivery(platform: AlertPlatform, now: number) {
    return (await claimDelivery(this.database, { platform, now })).rows[0];
  }

  async markSent(d: Delivery) {
    await markSent(this.database, d);
  }

  async markFailed(d: Delivery, failure: FailureReason, unsubscribe: boolean) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("alert_deliveries")
        .set((eb) => ({
          status: "failed",
          failure,
          unsubscribed: unsubscribe ? 1 : 0,
          attempts: eb("attempts", "+", 1),
        }))
        .where((eb) => eb.and(delivery(d)))
        .execute();
      if (unsubscribe)
        await trx
          .deleteFrom("subscriptions")
          .where((eb) => eb.and(byUser(d)))
          .execute();
    });
  }

  async retryLater(d: Delivery, notBefore: number, attempted: boolean) {
    await this.db
      .updateTable("alert_deliveries")
      .set((eb) => ({
        status: "pending",
        not_before: notBefore,
        attempts: eb("attempts", "+", attempted ? 1 : 0),
      }))
      .where((eb) => eb.and(delivery(d)))
      .execute();
  }

  async requeueInFlight(platform: AlertPlatform) {
    const { numUpdatedRows } = await this.db
      .updateTable("alert_deliveries")
      .set({ status: "pending" })
      .where((eb) => eb.and({ platform, status: "sending" }))
      .executeTakeFirstOrThrow();
    return Number(numUpdatedRows);
  }

  async nextDue(platform: AlertPlatform) {
    const row = await this.db
      .selectFrom("alert_deliveries as d")
      .innerJoin("alerts as a", "a.id", "d.alert_id")
      .select((eb) => eb.fn.min("d.not_before").as("due"))
      .where((eb) =>
        eb.and({ "d.platform": platform, "d.status": "pending", "a.status": "sending" }),
      )
      .executeTakeFirst();
    return row?.due ?? undefined;
  }

  async finishAlerts(now: number) {
    const rows = await this.db
      .updateTable("alerts")
      .set({ status: "done", finished_at: now })
      .where("status", "=", "sending")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("alert_deliveries as d")
              .select(sql.lit(1).as("open"))
              .whereRef("d.alert_id", "=", "alerts.id")
              .where("d.status", "in", ["pending", "sending"]),
          ),
        ),
      )
      .returning("id")
      .execute();
    return rows.map((r) => r.id);
  }

  override async audit({ at, actor, action, alertId }: AuditEntry) {
    const row = { at, actor_platform: actor.platform, actor_id: actor.id, action };
    await audit(this.database, { ...row, alert_id: alertId ?? null });
  }

  async auditLog(limit: number) {
    const rows = await this.db
      .selectFrom("moderator_audit")
      .select(["at", "actor_platform", "actor_id", "action", "alert_id as alertId"])
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map(
      ({ actor_platform, actor_id, ...entry }): AuditEntry => ({
        ...withoutNulls(entry),
        actor: { platform: actor_platform, id: actor_id },
      }),
    );
  }

  async auditRefusal({ moderatorId, ...refusal }: Refusal) {
    await this.db
      .insertInto("moderator_refusals")
      .values({ ...refusal, moderator_id: moderatorId ?? null })
      .execute();
  }

  async refusals(limit: number): Promise<Refusal[]> {
    const rows = await this.db
      .selectFrom("moderator_refusals")
      .select(["at", "platform", "action", "reason", "moderator_id as moderatorId"])
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map(withoutNulls);
  }

  async getDraft(moderator: UserKey, touchedSince: number) {
    await this.scrubbed(
      this.db.deleteFrom("alert_drafts").where("touched_at", "<", touchedSince).executeTakeFirst(),
    );
    const row = await this.db
      .selectFrom("alert_drafts")
      .select("draft")
      .where((eb) => eb.and(byUser(moderator)))
      .executeTakeFirst();
    return row ? (JSON.parse(row.draft) as Draft) : undefined;
  }

  async saveDraft(moderator: UserKey, draft: Draft, touchedAt: number) {
    await this.db
      .insertInto("alert_drafts")
      .values({ ...byUser(moderator), draft: JSON.stringify(draft), touched_at: touchedAt })
      .onConflict((c) => c.columns(USER_KEY).doUpdateSet(excluded("draft", "touched_at")))
      .execute();
  }

  /**
   * Two replicas deleting the same row: the second waits for the first, then deletes nothing.
   * Secure delete zeroes a deleted draft in SQLite's pages, but each version a step saved is
   * still a frame in the write-ahead log: a cancelled draft must leave nothing on disk, so the
   * log is scrubbed. Drafts end once per alert, so this is rare.
   */
  override deleteDraft(moderator: UserKey) {
    return this.scrubbed(
      this.db
        .deleteFrom("alert_drafts")
        .where((eb) => eb.and(byUser(moderator)))
        .executeTakeFirst(),
    );
  }

  /** Whether `deleted` deleted anything; if so the write-ahead log is scrubbed (see database.ts). */
  private async scrubbed(deleted: Promise<DeleteResult>): Promise<boolean> {
    const gone = (await deleted).numDeletedRows > 0n;
    if (gone) await this.database.scrub();
    return gone;
  }
}

function toAlert(row: Selection<Tables, "alerts", (typeof ALERT)[number]>): Alert {
  const { text_en, text_fa, audience_languages, audience_platforms, ...rest } = row;
  return {
    ...withoutNulls(rest),
    text: withoutNulls({ en: text_en, fa: text_fa }),
    audience: {
      languages: JSON.parse(audience_languages),
      platforms: JSON.parse(audience_platforms),
    },
  };
}
