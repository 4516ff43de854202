import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInbound } from "../../adapters/matrix/inbound.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { startEmulator } from "../adapters/telegram/support/emulator.ts";
import { parseTelegramHtml } from "../adapters/telegram/support/telegram-html.ts";
import { FIXTURE_KNOWLEDGE, tempDir } from "../helpers/knowledge.ts";
import { startCrowd } from "./support/crowd.ts";
import { everyStoredValue } from "./support/database.ts";

const MOD_A = 4_100_001;
const MOD_B = 4_100_002;
const STRANGER = 4_200_001;
const IMPOSTOR = 4_200_002;
const GROUP = -4_300_001;
const MATRIX_MOD = "@alice:example.org";
/** The name both moderator B and the impostor show: Telegram lets anyone pick any name. */
const B_NAME = { first_name: "Panah Moderator", username: "panah_mod_b" };

const NOT_ALLOWED = "Sorry, that command is only for Panah's moderators.";
const DIRECT_ONLY = "Moderator commands only work in a direct chat with me.";

/** Every moderator action: the commands, and the alert buttons a draft offers (forged here). */
const COMMANDS = ["/alert", "/approve 1", "/reject 1", "/cancel", "/skip"] as const;
const BUTTONS = ["a:confirm", "a:cancel", "a:skip", "a:set:all", "a:set:critical"] as const;

let server: TelegramServer;
beforeAll(async () => {
  server = await startEmulator();
});
afterAll(async () => {
  await server?.stop();
});

describe("moderator actions, through the real bot", () => {
  it("refuses and audits every one from a stranger, from a look-alike of a moderator, and from moderators in a group, without storing who the others are", async () => {
    const clock = new ManualClock();
    const dataDir = tempDir();
    const crowd = await startCrowd(server, {
      knowledgeDir: FIXTURE_KNOWLEDGE,
      clock,
      dataDir,
      moderation: { moderators: { telegram: [MOD_A, MOD_B], matrix: [MATRIX_MOD] }, approvals: 2 },
    });
    try {
      /** Sends or presses, lets the bot answer, and returns the visible text of its replies. */
      const act = async (who: ReturnType<typeof crowd.person>, what: string) => {
        // Slower than any rate limit: being refused must not be confused with being throttled.
        clock.advance(10_000);
        const before = crowd.inbox().get(String(who.chatId)) ?? [];
        if (what.startsWith("a:")) await who.press(what, before.at(-1)?.messageId ?? 1);
        else await who.send(what);
        await crowd.pump();
        return (crowd.inbox().get(String(who.chatId)) ?? [])
          .slice(before.length)
          .map((m) => parseTelegramHtml(m.html));
      };

      // Moderator A proposes alert #1 (it waits for a second moderator), then starts a second
      // draft and leaves it half done: refused actions must touch neither.
      const a = crowd.person(MOD_A);
      await act(a, "/alert");
      await act(a, "Connectivity is partly back in Tehran.");
      await act(a, "/skip");
      for (const choice of ["a:set:status", "a:set:warning", "a:set:6h", "a:set:all"])
        await act(a, choice);
      expect((await act(a, "a:confirm")).join()).toMatch(/Alert #1 waits for a second moderator/);
      await act(a, "/alert");
      expect((await act(a, "A second draft, half written.")).join()).toMatch(/in Persian/);

      const attempts: { who: string; reason: "not_moderator" | "not_direct"; id?: string }[] = [];
      const attackers = [
        { who: "stranger", person: crowd.person(STRANGER), reply: NOT_ALLOWED },
        {
          who: "look-alike of moderator B",
          person: crowd.person(IMPOSTOR, { from: B_NAME }),
          reply: NOT_ALLOWED,
        },
        {
          who: "look-alike in the group",
          person: crowd.person(IMPOSTOR, { chatId: GROUP, type: "group", from: B_NAME }),
          reply: NOT_ALLOWED,
        },
        {
          who: "moderator A in the group",
          person: crowd.person(MOD_A, { chatId: GROUP, type: "group" }),
          reply: DIRECT_ONLY,
          id: String(MOD_A),
        },
        {
          who: "moderator B in the group",
          person: crowd.person(MOD_B, { chatId: GROUP, type: "group", from: B_NAME }),
          reply: DIRECT_ONLY,
          id: String(MOD_B),
        },
      ];
      for (const { who, person, reply, id } of attackers)
        for (const action of [...COMMANDS, ...BUTTONS]) {
          expect(await act(person, action), `${who}: ${action}`).toEqual([reply]);
          attempts.push({
            who,
            reason: id ? "not_direct" : "not_moderator",
            ...(id ? { id } : {}),
          });
        }

      // On Matrix, a user on another server with the moderator's name, and the moderator in a
      // room that is not a direct chat, are refused the same way.
      const matrix = async (sender: string, isDirect: boolean, body: string) => {
        clock.advance(10_000);
        const inbound = toInbound(
          { sender, roomId: "!room:example.org", content: { msgtype: "m.text", body } },
          { botUserId: "@panah:example.org", isDirect },
        );
        if (!inbound) throw new Error("not addressed to the bot");
        const replies = await crowd.panah.engine.handle(inbound);
        return replies.map((r) => r.blocks);
      };
      for (const body of ["!alert", "!approve 1", "!reject 1", "!cancel", "!skip"]) {
        expect(JSON.stringify(await matrix("@alice:evil.example", true, body))).toContain(
          "only for Panah",
        );
        expect(JSON.stringify(await matrix(MATRIX_MOD, false, body))).toContain("direct chat");
        attempts.push({ who: "matrix look-alike", reason: "not_moderator" });
        attempts.push({ who: "matrix moderator in a room", reason: "not_direct", id: MATRIX_MOD });
      }

      // Nothing happened: #1 still waits, and A's draft goes on where A left it.
      const alerts = crowd.panah.store.alerts;
      expect(await alerts.getAlert(1)).toMatchObject({ status: "awaiting_approval" });
      expect(await alerts.progress(1)).toMatchObject({ total: 0 });
      const next = await act(a, "یک پیش‌نویس دوم");
      expect(next.join()).toMatch(/connectivity/);
      expect((await alerts.auditLog(10)).map((e) => [e.action, e.actor.id])).toEqual([
        ["propose", String(MOD_A)],
      ]);

      // Every refusal is in the audit trail, oldest last; only moderators by id.
      const refusals = (await alerts.refusals(1000)).reverse();
      expect(refusals).toHaveLength(attempts.length);
      expect(refusals.length).toBe(5 * 10 + 10);
      for (const [i, attempt] of attempts.entries()) {
        const refusal = refusals[i];
        expect(refusal?.reason, `${attempt.who} #${i}`).toBe(attempt.reason);
        expect(refusal?.moderatorId, `${attempt.who} #${i}`).toBe(attempt.id);
      }
      expect(new Set(refusals.map((r) => r.action))).toEqual(
        new Set(["alert", "approve", "reject", "cancel", "skip", "button"]),
      );

      // The one that may approve still can: the refusals were about who and where, nothing else.
      expect(await act(crowd.person(MOD_B, { from: B_NAME }), "/approve 1")).toEqual([
        "Approved. Alert #1 is being sent to 0 subscribers.",
      ]);

      // Neither the database nor the logs know the stranger or the look-alike.
      const stored = everyStoredValue(`${dataDir}/panah.db`);
      for (const secret of [STRANGER, IMPOSTOR, "evil.example", B_NAME.username, B_NAME.first_name])
        expect(
          stored.filter((v) => v.value.includes(String(secret))),
          String(secret),
        ).toEqual([]);
      const log = crowd.logs.join("");
      for (const id of [STRANGER, IMPOSTOR, MOD_A, MOD_B, GROUP, "evil.example", MATRIX_MOD])
        expect(log).not.toContain(String(id));
    } finally {
      await crowd.stop();
    }
  });
});
